import { Rng, Tensor, mse, numericalGradient, relError } from "gradlab";

describe("mse", () => {
  // f − y = [[1, 0], [−2, 3]]: squared errors 1, 0, 4, 9, sum 14; N = 2, K = 2.
  const pred = Tensor.from([[1, 2], [3, 4]]);
  const target = Tensor.from([[0, 2], [5, 1]]);

  test('"lecture" (default) is (1/N) Σ‖y − f‖² (hand-worked)', () => {
    const { loss, grad } = mse(pred, target);
    expect(loss).toBe(7); // 14 / N
    expect(grad.toArray()).toEqual([[1, 0], [-2, 3]]); // 2 (f − y) / N
    expect(mse(pred, target, { reduction: "lecture" }).loss).toBe(7);
  });

  test('"mean" averages over all N·K elements, K times smaller (hand-worked)', () => {
    const { loss, grad } = mse(pred, target, { reduction: "mean" });
    expect(loss).toBe(3.5); // 14 / (N·K)
    expect(grad.toArray()).toEqual([[0.5, 0], [-1, 1.5]]); // 2 (f − y) / 4
  });

  test("the two reductions differ by the factor K on random data", () => {
    const rng = new Rng(1);
    const f = Tensor.randn([6, 5], rng);
    const y = Tensor.randn([6, 5], rng);
    const lecture = mse(f, y);
    const mean = mse(f, y, { reduction: "mean" });
    expect(Math.abs(lecture.loss / mean.loss - 5)).toBeLessThan(1e-13);
    expect(relError(lecture.grad, mean.grad.mul(5))).toBeLessThan(1e-15);
  });

  test("[N] inputs are one output per example (K = 1): both reductions agree", () => {
    const f = Tensor.from([1, 2, 3]);
    const y = Tensor.zeros([3]);
    expect(mse(f, y).loss).toBeCloseTo(14 / 3, 15);
    expect(mse(f, y, { reduction: "mean" }).loss).toBeCloseTo(14 / 3, 15);
    expect(relError(mse(f, y).grad, Tensor.from([2 / 3, 4 / 3, 2]))).toBeLessThan(1e-15);
  });

  test("a perfect prediction has zero loss and zero gradient", () => {
    const { loss, grad } = mse(pred, pred.clone());
    expect(loss).toBe(0);
    expect(grad.toArray()).toEqual([[0, 0], [0, 0]]);
  });

  test.each(["lecture", "mean"] as const)("grad matches centred finite differences (%s)", (reduction) => {
    const rng = new Rng(2);
    const f = Tensor.randn([4, 3], rng);
    const y = Tensor.randn([4, 3], rng);
    const { grad } = mse(f, y, { reduction });
    const numeric = numericalGradient(() => mse(f, y, { reduction }).loss, f);
    expect(relError(grad, numeric)).toBeLessThan(1e-7);
  });

  test("bad inputs are rejected with what was expected", () => {
    expect(() => mse(Tensor.zeros([3]), Tensor.zeros([3, 1]))).toThrow(
      "mse: pred has shape [3] but target has shape [3, 1]; they must be equal ([N, K] or [N])",
    );
    expect(() => mse(pred, target, { reduce: "mean" } as never)).toThrow('mse: unknown option "reduce"; known options are "reduction"');
    expect(() => mse(pred, target, { reduction: "sum" } as never)).toThrow('mse: unknown reduction "sum"; expected "lecture" or "mean"');
    expect(() => mse(Tensor.from([1, NaN]), Tensor.zeros([2]))).toThrow("mse: non-finite value at flat index 1 (pred NaN, target 0)");
    expect(() => mse(Tensor.zeros([2]), Tensor.from([Infinity, 0]))).toThrow("non-finite value at flat index 0 (pred 0, target Infinity)");
    expect(() => mse(Tensor.zeros([0, 2]), Tensor.zeros([0, 2]))).toThrow("mse: pred has shape [0, 2], an empty batch");
    expect(() => mse(Tensor.from(3), Tensor.from(3))).toThrow("mse: pred has shape [], expected [N, K] or [N]");
  });
});
