import { Rng, Tensor, binaryCrossEntropyWithLogits, numericalGradient, relError } from "gradlab";

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
