import { Dropout, Linear, Rng, Sequential, Tensor, accuracy, countCorrect, evaluate, predict, predictClasses } from "gradlab";

/** Linear(2, 2) with W = I and b = 0, behind a Dropout: in eval mode the logits are x itself. */
function identityModel(): Sequential {
  const layer = new Linear(2, 2);
  layer.W.value.data.set([1, 0, 0, 1]);
  return new Sequential([new Dropout({ p: 0.5, rng: new Rng(1) }), layer]);
}

const x = Tensor.from([[2, 0], [0, 1], [1, 3]]);
const data = { x, y: Int32Array.from([0, 0, 1]), classes: 2 };

describe("evaluate, predict, accuracy", () => {
  test("cross-entropy loss and accuracy of fixed logits, computed by hand", () => {
    // L = mean over rows of log Σ_j e^{h_j} − h_y:
    // row 1: log(e² + 1) − 2; row 2: log(1 + e) − 0; row 3: log(e + e³) − 3.
    const expected = (Math.log(Math.exp(2) + 1) - 2 + Math.log(1 + Math.E) + Math.log(Math.E + Math.exp(3)) - 3) / 3;
    // argmax per row: 0, 1, 1 against labels 0, 0, 1: two of three right.
    for (const batchSize of [1, 2, 1024]) {
      const result = evaluate(identityModel(), data, "crossEntropy", { batchSize });
      expect(result.loss).toBeCloseTo(expected, 14);
      expect(result.accuracy).toBeCloseTo(2 / 3, 15);
      expect(result.n).toBe(3);
    }
    expect(accuracy(identityModel(), data)).toBeCloseTo(2 / 3, 15);
  });

  test("predictions are made in eval mode (Dropout off), chunked or not, and the mode is restored", () => {
    const model = identityModel();
    expect(model.training).toBe(true);
    expect(predict(model, x).toArray()).toEqual([[2, 0], [0, 1], [1, 3]]);
    expect(predict(model, x, { batchSize: 2 }).toArray()).toEqual([[2, 0], [0, 1], [1, 3]]);
    expect(Array.from(predictClasses(model, x))).toEqual([0, 1, 1]);
    expect(model.training).toBe(true);
    model.eval();
    evaluate(model, data, "crossEntropy");
    expect(model.training).toBe(false);
  });

  test("mse evaluation of a regression model has no accuracy", () => {
    const layer = new Linear(1, 1);
    layer.W.value.data[0] = 2;
    layer.b!.value.data[0] = 1;
    // Predictions 3 and 5 for targets 3 and 4: (0² + 1²)/2 = 0.5 (the lectures' 1/N Σ‖y − f‖²).
    const result = evaluate(layer, { x: Tensor.from([[1], [2]]), y: Tensor.from([[3], [4]]) }, "mse", { batchSize: 1 });
    expect(result).toEqual({ loss: 0.5, accuracy: null, n: 2 });
  });

  test("countCorrect takes the first maximum on ties", () => {
    expect(countCorrect(Tensor.from([[1, 1], [0, 2], [5, -1]]), [0, 1, 1])).toBe(2);
  });

  test("bad inputs name what was expected", () => {
    const model = identityModel();
    expect(() => evaluate(model, data, "mse")).toThrow('evaluate: loss "mse" needs regression targets');
    expect(() => evaluate(model, data, "crossEntropy", { batchSize: 0 })).toThrow("evaluate: batchSize must be an integer >= 1, got 0");
    expect(() => evaluate(model, data, "crossEntropy", { size: 2 } as never)).toThrow('evaluate: unknown option "size"');
    expect(() => predict(model, Tensor.zeros([0, 2]))).toThrow("predict: x must be a Tensor [N, ...] with N ≥ 1, got [0, 2]");
    expect(() => predict(model, Tensor.zeros([3, 4]))).toThrow("Linear.fprop: x has shape [3, 4], expected [N, 2]");
    expect(() => accuracy(model, { x: Tensor.zeros([2, 2]), y: Tensor.zeros([2, 1]) } as never)).toThrow("accuracy: data must have class labels");
    expect(() => countCorrect(Tensor.zeros([2, 3]), [0])).toThrow("countCorrect: scores has shape [2, 3], expected [N, C] with N = 1 labels");
    expect(() => evaluate({} as never, data, "crossEntropy")).toThrow("evaluate: model must be a Module");
  });
});
