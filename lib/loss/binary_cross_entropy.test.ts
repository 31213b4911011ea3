import { Rng, Tensor, binaryCrossEntropy, binaryCrossEntropyWithLogits, numericalGradient, relError } from "gradlab";

const { log, exp } = Math;

describe("binaryCrossEntropyWithLogits", () => {
  test("z = 0 gives ln 2 whatever the target, and grad (½ − y)/count", () => {
    const { loss, grad } = binaryCrossEntropyWithLogits(Tensor.zeros([2, 2]), Tensor.from([[0, 1], [0.3, 0.5]]));
    expect(loss).toBeCloseTo(log(2), 15);
    expect(relError(grad, Tensor.from([[0.5, -0.5], [0.2, 0]]).mul(1 / 4))).toBeLessThan(1e-15);
  });

  test("agrees with −y log σ(z) − (1 − y) log(1 − σ(z)) for moderate logits", () => {
    const rng = new Rng(1);
    const z = Tensor.randn([3, 4], rng, 0, 3);
    const y = Tensor.rand([3, 4], rng);
    let naive = 0;
    for (let i = 0; i < z.size; i++) {
      const p = 1 / (1 + exp(-z.data[i]));
      naive += -y.data[i] * log(p) - (1 - y.data[i]) * log(1 - p);
    }
    expect(Math.abs(binaryCrossEntropyWithLogits(z, y).loss - naive / 12)).toBeLessThan(1e-13);
  });

  test("logits of ±1000 give finite, correct values (hand-worked)", () => {
    // Per element: ln 2, ≈0 (right and confident), ≈0, 1000 (wrong and confident).
    const z = Tensor.from([0, 1000, -1000, 1000]);
    const y = Tensor.from([0.3, 1, 0, 0]);
    const { loss, grad } = binaryCrossEntropyWithLogits(z, y);
    expect(loss).toBeCloseTo((log(2) + 1000) / 4, 12);
    expect(relError(grad, Tensor.from([0.2 / 4, 0, 0, 1 / 4]))).toBeLessThan(1e-15);
    expect(grad.hasNonFinite()).toBe(false);
  });

  test("grad matches centred finite differences", () => {
    const rng = new Rng(2);
    const z = Tensor.randn([5, 3], rng, 0, 2);
    const y = Tensor.rand([5, 3], rng);
    const { grad } = binaryCrossEntropyWithLogits(z, y);
    const numeric = numericalGradient(() => binaryCrossEntropyWithLogits(z, y).loss, z);
    expect(relError(grad, numeric)).toBeLessThan(1e-7);
  });

  test("bad inputs are rejected with what was expected", () => {
    const z = Tensor.zeros([2, 2]);
    expect(() => binaryCrossEntropyWithLogits(z, Tensor.zeros([4]))).toThrow(
      "binaryCrossEntropyWithLogits: logits has shape [2, 2] but targets has shape [4]; they must be equal",
    );
    expect(() => binaryCrossEntropyWithLogits(z, Tensor.from([[0, 1], [1.5, 0]]))).toThrow(
      "binaryCrossEntropyWithLogits: targets has 1.5 at flat index 2, expected a value in [0, 1]",
    );
    expect(() => binaryCrossEntropyWithLogits(z, Tensor.from([[0, -0.1], [1, 0]]))).toThrow("targets has -0.1 at flat index 1");
    expect(() => binaryCrossEntropyWithLogits(z, Tensor.from([[0, 1], [1, NaN]]))).toThrow("targets has NaN at flat index 3");
    expect(() => binaryCrossEntropyWithLogits(Tensor.from([0, NaN]), Tensor.zeros([2]))).toThrow(
      "logits has NaN at flat index 1; logits must be finite",
    );
    expect(() => binaryCrossEntropyWithLogits(Tensor.zeros([0]), Tensor.zeros([0]))).toThrow("logits has shape [0], an empty batch");
  });
});

describe("binaryCrossEntropy (on probabilities)", () => {
  test("by hand: p = ½ gives ln 2 whatever the target; p = 0.8, y = 1 gives −ln 0.8", () => {
    const { loss, grad } = binaryCrossEntropy(Tensor.from([0.5, 0.5, 0.8, 0.2]), Tensor.from([0, 1, 1, 0.25]));
    // ℓ = ln 2, ln 2, −ln 0.8, −0.25 ln 0.2 − 0.75 ln 0.8;  dℓ/dp = (p − y)/(p(1 − p)) = 2, −2, −1.25, −0.3125
    const expected = (2 * log(2) - log(0.8) - 0.25 * log(0.2) - 0.75 * log(0.8)) / 4;
    expect(Math.abs(loss - expected)).toBeLessThan(1e-15);
    expect(relError(grad, Tensor.from([2, -2, -1.25, -0.3125]).mul(1 / 4))).toBeLessThan(1e-15);
  });

  test("on p = σ(z) it is binaryCrossEntropyWithLogits(z), loss and (by the chain rule dp/dz = p(1 − p)) gradient", () => {
    const rng = new Rng(3);
    const z = Tensor.randn([4, 3], rng, 0, 2);
    const y = Tensor.rand([4, 3], rng);
    const p = z.map((v) => 1 / (1 + exp(-v)));
    const probs = binaryCrossEntropy(p, y);
    const logits = binaryCrossEntropyWithLogits(z, y);
    expect(Math.abs(probs.loss - logits.loss) / logits.loss).toBeLessThan(1e-14);
    const chained = probs.grad.map((g, i) => g * p.data[i] * (1 - p.data[i]));
    expect(relError(chained, logits.grad)).toBeLessThan(1e-13);
  });

  test("grad matches centred finite differences", () => {
    const rng = new Rng(4);
    const p = Tensor.rand([5, 2], rng, 0.05, 0.95);
    const y = Tensor.rand([5, 2], rng);
    const { grad } = binaryCrossEntropy(p, y);
    expect(relError(grad, numericalGradient(() => binaryCrossEntropy(p, y).loss, p))).toBeLessThan(1e-7);
  });

  test("p of exactly 0 or 1: 0 when the target agrees, logs clamped at −100 (PyTorch's BCELoss) when not", () => {
    const { loss, grad } = binaryCrossEntropy(Tensor.from([0, 1, 0, 1]), Tensor.from([0, 1, 1, 0]));
    expect(loss).toBe(200 / 4);
    expect(grad.hasNonFinite()).toBe(false);
    // Agreeing ends: (p − y)/max(p(1 − p), 1e-12) = 0; disagreeing: ∓1/1e-12, over count 4.
    expect(grad.toArray()).toEqual([0, 0, -1e12 / 4, 1e12 / 4]);
  });

  test("values outside [0, 1] are errors that point to the logits form", () => {
    const y = Tensor.zeros([2]);
    expect(() => binaryCrossEntropy(Tensor.from([0.5, 1.5]), y)).toThrow(
      "binaryCrossEntropy: probs has 1.5 at flat index 1, expected a probability in [0, 1]; for scores of any size (the input of a sigmoid) use binaryCrossEntropyWithLogits, which is also more stable",
    );
    expect(() => binaryCrossEntropy(Tensor.from([-0.1, 0.5]), y)).toThrow("probs has -0.1 at flat index 0");
    expect(() => binaryCrossEntropy(Tensor.from([NaN, 0.5]), y)).toThrow("probs has NaN at flat index 0");
    expect(() => binaryCrossEntropy(Tensor.from([0.5, 0.5]), Tensor.from([0, 2]))).toThrow(
      "binaryCrossEntropy: targets has 2 at flat index 1, expected a value in [0, 1]",
    );
    expect(() => binaryCrossEntropy(Tensor.zeros([2, 2]), Tensor.zeros([4]))).toThrow(
      "binaryCrossEntropy: probs has shape [2, 2] but targets has shape [4]; they must be equal",
    );
    expect(() => binaryCrossEntropy(Tensor.zeros([0]), Tensor.zeros([0]))).toThrow("probs has shape [0], an empty batch");
  });
});
