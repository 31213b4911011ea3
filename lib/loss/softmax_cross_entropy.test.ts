import { Rng, Tensor, logSoftmax, numericalGradient, relError, softmax, softmaxCrossEntropy } from "gradlab";

const { log } = Math;

/** Random labels in [0, C). */
function randomLabels(N: number, C: number, rng: Rng): number[] {
  return Array.from({ length: N }, () => rng.int(C));
}

/** Random probability rows: positive entries divided by their sum. */
function randomDistributions(N: number, C: number, rng: Rng): Tensor {
  const t = Tensor.rand([N, C], rng, 0.1, 1);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let j = 0; j < C; j++) s += t.data[n * C + j];
    for (let j = 0; j < C; j++) t.data[n * C + j] /= s;
  }
  return t;
}

describe("softmaxCrossEntropy: values", () => {
  test("uniform logits give ln C for every label", () => {
    expect(softmaxCrossEntropy(Tensor.zeros([3, 4]), [0, 3, 1]).loss).toBeCloseTo(log(4), 14);
    expect(softmaxCrossEntropy(Tensor.full([2, 3], 5), new Int32Array([2, 0])).loss).toBeCloseTo(log(3), 14);
  });

  test("hand-worked: h = [0, ln 2, ln 3] gives f = [1/6, 1/3, 1/2]", () => {
    const h = Tensor.from([[0, log(2), log(3)]]);
    // Label 2: L = −ln(1/2) = ln 2, grad = f − e(2) = [1/6, 1/3, −1/2].
    const hard = softmaxCrossEntropy(h, [2]);
    expect(hard.loss).toBeCloseTo(log(2), 14);
    expect(relError(hard.grad, Tensor.from([[1 / 6, 1 / 3, -1 / 2]]))).toBeLessThan(1e-14);
    // Soft target y = [1/2, 1/2, 0]: L = −½ ln(1/6) − ½ ln(1/3) = ½ ln 18, grad = f − y.
    const soft = softmaxCrossEntropy(h, Tensor.from([[0.5, 0.5, 0]]));
    expect(soft.loss).toBeCloseTo(0.5 * log(18), 14);
    expect(relError(soft.grad, Tensor.from([[-1 / 3, -1 / 6, 1 / 2]]))).toBeLessThan(1e-14);
  });

  test("the loss and gradient are means over the batch (1/N)", () => {
    // Row 0 as above (loss ln 2), row 1 uniform over 3 classes (loss ln 3).
    const h = Tensor.from([[0, log(2), log(3)], [7, 7, 7]]);
    const { loss, grad } = softmaxCrossEntropy(h, [2, 0]);
    expect(loss).toBeCloseTo((log(2) + log(3)) / 2, 14);
    const expected = Tensor.from([[1 / 6, 1 / 3, -1 / 2], [1 / 3 - 1, 1 / 3, 1 / 3]]).mul(0.5);
    expect(relError(grad, expected)).toBeLessThan(1e-14);
  });

  test("logits of ±1000 give finite, correct values (log-sum-exp)", () => {
    const h = Tensor.from([[1000, -1000]]);
    const right = softmaxCrossEntropy(h, [0]);
    expect(right.loss).toBeCloseTo(0, 12); // log(1 + e^−2000)
    expect(right.grad.toArray()).toEqual([[0, 0]]);
    const wrong = softmaxCrossEntropy(h, [1]);
    expect(wrong.loss).toBeCloseTo(2000, 10);
    expect(wrong.grad.toArray()).toEqual([[1, -1]]);
    expect(wrong.grad.hasNonFinite()).toBe(false);
  });

  test("adding a constant to a row changes nothing (softmax is shift-invariant)", () => {
    const rng = new Rng(3);
    const h = Tensor.randn([4, 5], rng);
    const labels = randomLabels(4, 5, rng);
    const a = softmaxCrossEntropy(h, labels);
    const b = softmaxCrossEntropy(h.add(800), labels);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-12);
    expect(relError(a.grad, b.grad)).toBeLessThan(1e-12);
  });

  test("one-hot targets give the same loss and gradient as integer labels", () => {
    const rng = new Rng(4);
    const h = Tensor.randn([6, 4], rng, 0, 3);
    const labels = randomLabels(6, 4, rng);
    const oneHot = Tensor.zeros([6, 4]);
    labels.forEach((y, n) => oneHot.set([n, y], 1));
    const a = softmaxCrossEntropy(h, labels);
    const b = softmaxCrossEntropy(h, oneHot);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-14);
    expect(relError(a.grad, b.grad)).toBeLessThan(1e-15);
  });

  test("inputs are not modified", () => {
    const h = Tensor.from([[1, 2, 3], [-1, 0, 4]]);
    const labels = [0, 2];
    softmaxCrossEntropy(h, labels);
    expect(h.toArray()).toEqual([[1, 2, 3], [-1, 0, 4]]);
    expect(labels).toEqual([0, 2]);
  });
});

describe("softmaxCrossEntropy: gradient", () => {
  test("integer labels: grad matches centred finite differences", () => {
    const rng = new Rng(5);
    const h = Tensor.randn([5, 4], rng, 0, 2);
    const labels = randomLabels(5, 4, rng);
    const { grad } = softmaxCrossEntropy(h, labels);
    const numeric = numericalGradient(() => softmaxCrossEntropy(h, labels).loss, h);
    expect(relError(grad, numeric)).toBeLessThan(1e-7);
  });

  test("probability targets: grad matches centred finite differences", () => {
    const rng = new Rng(6);
    const h = Tensor.randn([4, 6], rng, 0, 2);
    const y = randomDistributions(4, 6, rng);
    const { grad } = softmaxCrossEntropy(h, y);
    const numeric = numericalGradient(() => softmaxCrossEntropy(h, y).loss, h);
    expect(relError(grad, numeric)).toBeLessThan(1e-7);
  });
});

describe("softmax and logSoftmax", () => {
  test("hand-worked values", () => {
    const f = softmax(Tensor.from([0, log(2), log(3)]));
    expect(relError(f, Tensor.from([1 / 6, 1 / 3, 1 / 2]))).toBeLessThan(1e-15);
    const lf = logSoftmax(Tensor.from([[0, log(2), log(3)]]));
    expect(relError(lf, Tensor.from([[-log(6), -log(3), -log(2)]]))).toBeLessThan(1e-15);
  });

  test("large logits do not overflow", () => {
    expect(softmax(Tensor.from([[1000, -1000]])).toArray()).toEqual([[1, 0]]);
    expect(logSoftmax(Tensor.from([[1000, -1000]])).toArray()).toEqual([[0, -2000]]);
  });

  test("rows of softmax sum to 1 and logSoftmax is its logarithm", () => {
    const rng = new Rng(7);
    const h = Tensor.randn([3, 2, 5], rng, 0, 4);
    const f = softmax(h);
    expect(f.shape).toEqual([3, 2, 5]);
    const sums = f.sum(2);
    for (const s of sums.data) expect(Math.abs(s - 1)).toBeLessThan(1e-15);
    expect(relError(logSoftmax(h), f.map(log))).toBeLessThan(1e-14);
  });

  test("bad logits are rejected", () => {
    expect(() => softmax(Tensor.zeros([2, 0]))).toThrow("softmax: logits has shape [2, 0], expected [C] or [N, C] with C ≥ 1");
    expect(() => logSoftmax(Tensor.from([[0, 1], [NaN, 2]]))).toThrow("logSoftmax: logits row 1 contains NaN (column 0)");
  });
});

describe("softmaxCrossEntropy: bad inputs", () => {
  const h = Tensor.zeros([3, 3]);

  test("labels out of range, non-integer or of the wrong count name the label and the range", () => {
    expect(() => softmaxCrossEntropy(h, [0, 3, 1])).toThrow("softmaxCrossEntropy: label at index 1 is 3, expected an integer in [0, 3)");
    expect(() => softmaxCrossEntropy(h, [0, 1, -1])).toThrow("label at index 2 is -1, expected an integer in [0, 3)");
    expect(() => softmaxCrossEntropy(h, [1.5, 1, 1])).toThrow("label at index 0 is 1.5, expected an integer in [0, 3)");
    expect(() => softmaxCrossEntropy(h, [0, NaN, 1])).toThrow("label at index 1 is NaN");
    expect(() => softmaxCrossEntropy(h, [0, 1])).toThrow(
      "softmaxCrossEntropy: got 2 labels for logits of shape [3, 3]; expected one label per row (3)",
    );
    expect(() => softmaxCrossEntropy(h, 2 as never)).toThrow("targets must be integer labels (number[] or Int32Array) or a Tensor [N, C]");
  });

  test("NaN or Infinity in the logits names the row", () => {
    const bad = Tensor.from([[0, 1, 2], [3, NaN, 5]]);
    expect(() => softmaxCrossEntropy(bad, [0, 1])).toThrow("softmaxCrossEntropy: logits row 1 contains NaN (column 1); logits must be finite");
    const inf = Tensor.from([[-Infinity, 1], [0, 0]]);
    expect(() => softmaxCrossEntropy(inf, [0, 1])).toThrow("logits row 0 contains -Infinity (column 0)");
  });

  test("target tensors must have the logits' shape and hold distributions", () => {
    expect(() => softmaxCrossEntropy(h, Tensor.zeros([3]))).toThrow(
      "softmaxCrossEntropy: targets has shape [3] but logits has shape [3, 3]",
    );
    const notSummingToOne = Tensor.from([[1, 0, 0], [0.5, 0.4, 0], [0, 0, 1]]);
    expect(() => softmaxCrossEntropy(h, notSummingToOne)).toThrow("targets row 1 sums to 0.9, expected each row to be a probability distribution");
    const negative = Tensor.from([[1, 0, 0], [0, 1, 0], [0.6, 0.6, -0.2]]);
    expect(() => softmaxCrossEntropy(h, negative)).toThrow("targets row 2 has entry -0.2 at column 2");
    // Within 1e-6 of 1 is accepted.
    const nearlyOne = Tensor.from([[1, 0, 0], [0.5, 0.5 + 5e-7, 0], [0, 0, 1]]);
    expect(softmaxCrossEntropy(h, nearlyOne).loss).toBeCloseTo(log(3), 5);
  });

  test("logits must be a non-empty [N, C] tensor", () => {
    expect(() => softmaxCrossEntropy(Tensor.zeros([3]), [0, 1, 2])).toThrow("softmaxCrossEntropy: logits has shape [3], expected [N, C]");
    expect(() => softmaxCrossEntropy(Tensor.zeros([0, 3]), [])).toThrow("logits has shape [0, 3], an empty batch");
  });
});

describe("accuracy of confident rows", () => {
  test("logSoftmax and the loss of a confident row keep full relative accuracy (h = [5, −15]: 2.06e-9)", () => {
    // −log f_0 = log(1 + e^(−20)) exactly; 5 − (5 + 2.06e-9) would carry a relative error of ≈ 2e-7.
    const exact = Math.log1p(Math.exp(-20));
    const h = Tensor.from([[5, -15]]);
    expect(Math.abs(-logSoftmax(h).data[0] - exact) / exact).toBeLessThan(1e-15);
    expect(Math.abs(softmaxCrossEntropy(h, [0]).loss - exact) / exact).toBeLessThan(1e-15);
    expect(Math.abs(softmaxCrossEntropy(h, Tensor.from([[1, 0]])).loss - exact) / exact).toBeLessThan(1e-15);
  });
});
