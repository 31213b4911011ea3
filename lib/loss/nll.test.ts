import { Rng, Tensor, logSoftmax, nllLoss, numericalGradient, relError, softmaxCrossEntropy } from "gradlab";

const { log } = Math;

describe("nllLoss", () => {
  test("by hand: −mean of the picked log-probabilities, grad −1/N at each label", () => {
    const lp = Tensor.from([[log(0.5), log(0.25), log(0.25)], [log(0.1), log(0.6), log(0.3)]]);
    const { loss, grad } = nllLoss(lp, [0, 2]);
    expect(Math.abs(loss - (log(2) + -log(0.3)) / 2)).toBeLessThan(1e-15);
    expect(grad.toArray()).toEqual([[-0.5, 0, 0], [0, 0, -0.5]]);
  });

  test("probability targets: −(1/N) Σ y log p, grad −y/N; one-hot rows equal the labels", () => {
    const lp = Tensor.from([[log(0.5), log(0.25), log(0.25)], [log(0.1), log(0.6), log(0.3)]]);
    const soft = Tensor.from([[0.5, 0.5, 0], [0, 0, 1]]);
    const { loss, grad } = nllLoss(lp, soft);
    expect(Math.abs(loss - (0.5 * log(2) + 0.5 * log(4) - log(0.3)) / 2)).toBeLessThan(1e-15);
    expect(relError(grad, Tensor.from([[-0.25, -0.25, 0], [0, 0, -0.5]]))).toBeLessThan(1e-16);
    const oneHot = nllLoss(lp, Tensor.from([[1, 0, 0], [0, 0, 1]]));
    expect(oneHot.loss).toBe(nllLoss(lp, [0, 2]).loss);
  });

  test("grad matches centred finite differences, for labels and for soft targets", () => {
    const rng = new Rng(3);
    const lp = logSoftmax(Tensor.randn([4, 5], rng));
    const soft = logSoftmax(Tensor.randn([4, 5], rng)).map(Math.exp);
    for (const targets of [[1, 0, 4, 4], soft]) {
      const { grad } = nllLoss(lp, targets);
      expect(relError(grad, numericalGradient(() => nllLoss(lp, targets).loss, lp))).toBeLessThan(1e-8);
    }
  });

  test("nllLoss(logSoftmax(h)) is softmaxCrossEntropy(h), also for confident rows", () => {
    const h = Tensor.from([[30, -10, 0], [0.5, 0.1, -2], [1000, -1000, 0]]);
    const labels = [0, 2, 0];
    const a = nllLoss(logSoftmax(h), labels).loss;
    const b = softmaxCrossEntropy(h, labels).loss;
    expect(Math.abs(a - b) / b).toBeLessThan(1e-15);
  });

  test("an out tensor receives the gradient, cleared first", () => {
    const lp = logSoftmax(Tensor.randn([2, 3], new Rng(4)));
    const out = Tensor.full([2, 3], 9);
    const r = nllLoss(lp, [1, 2], { out });
    expect(r.grad).toBe(out);
    expect(out.toArray()).toEqual([[0, -0.5, 0], [0, 0, -0.5]]);
  });

  test("bad input is rejected with what was expected", () => {
    const lp = Tensor.zeros([2, 3]);
    expect(() => nllLoss(Tensor.zeros([3]), [0])).toThrow("nllLoss: logProbs has shape [3], expected [N, C]");
    expect(() => nllLoss(lp, [0, 3])).toThrow("nllLoss: label at index 1 is 3, expected an integer in [0, 3)");
    expect(() => nllLoss(lp, [0])).toThrow("nllLoss: got 1 labels for logProbs of shape [2, 3]; expected one label per row (2)");
    expect(() => nllLoss(Tensor.from([[0, -Infinity]]), [0])).toThrow(
      "nllLoss: logProbs row 0 contains -Infinity (column 1); log-probabilities must be finite (compute them with LogSoftmax or logSoftmax)",
    );
    expect(() => nllLoss(lp, Tensor.zeros([2, 2]))).toThrow("nllLoss: targets has shape [2, 2] but logProbs has shape [2, 3]");
    expect(() => nllLoss(lp, [0, 1], { reduction: "sum" } as never)).toThrow('nllLoss: unknown option "reduction"');
  });
});
