import { Tensor, relError, relErrorElementwise } from "gradlab";

describe("relError", () => {
  test("one number: |a − b| / (|a| + |b|)", () => {
    expect(relError(1, 1.1)).toBeCloseTo(0.1 / 2.1, 15);
    expect(relError(-2, 2)).toBe(1); // opposite signs: the largest possible error
    expect(relError(3, 3)).toBe(0);
    expect(relError(1e-3, 2e-3)).toBeCloseTo(1e-3 / 3e-3, 15);
  });

  test("arrays: the largest difference over the largest |a| + |b|", () => {
    // differences [0, 0.5, 0.25], scales [2, 4.5, 1.75] → 0.5 / 4.5
    expect(relError([1, 2, 1], [1, 2.5, 0.75])).toBeCloseTo(0.5 / 4.5, 15);
    // the largest difference and the largest scale may sit at different entries: 0.5 / 20
    expect(relError([10, 0.5], [10, 1])).toBeCloseTo(0.5 / 20, 15);
    expect(relError(Float64Array.from([1, -1]), Tensor.from([1, -1]))).toBe(0);
    expect(relError(Tensor.from([[1, 2]]), Tensor.from([[1, 2.2]]))).toBeCloseTo(0.2 / 4.2, 15);
  });

  test("exact zeros: the 1e-8 floor, and tiny entries judged against the array's scale", () => {
    expect(relError(0, 0)).toBe(0);
    expect(relError([0, 0], [0, 0])).toBe(0);
    // Alone, a round-off-sized 1e-11 against 0 is measured against the 1e-8 floor: 1e-3.
    expect(relError(0, 1e-11)).toBeCloseTo(1e-3, 15);
    expect(relError(1e-9, 0)).toBeCloseTo(0.1, 15);
    // Next to entries of size 1 it is round-off: 1e-11 / 2.
    expect(relError([1, 0], [1, 1e-11])).toBeCloseTo(5e-12, 20);
    // The element-wise form judges the zero entry on its own and fails it.
    expect(relErrorElementwise([1, 0], [1, 1e-11])).toBeCloseTo(1e-3, 15);
  });

  test("NaN anywhere gives NaN, which fails every threshold", () => {
    expect(relError([1, NaN], [1, 2])).toBeNaN();
    expect(relError([1, 2], [NaN, 2])).toBeNaN();
    expect(relError(Infinity, Infinity)).toBeNaN();
    expect(relError([NaN], [1]) < 1e-7).toBe(false);
  });

  test("mismatched shapes or lengths are errors", () => {
    expect(() => relError(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]))).toThrow("relError: a has shape [2, 3] but b has shape [3, 2]");
    expect(() => relError([1, 2], [1, 2, 3])).toThrow("relError: a has 2 values but b has 3");
    expect(() => relErrorElementwise([1], 1)).not.toThrow();
    expect(() => relErrorElementwise([1, 2], 1)).toThrow("relErrorElementwise: a has 2 values but b has 1");
  });
});

describe("relErrorElementwise (CS231n's form)", () => {
  test("the worst per-entry relative error", () => {
    // per entry: 0, 0.5/4.5, 0.25/1.75 → the last is worst
    expect(relErrorElementwise([1, 2, 1], [1, 2.5, 0.75])).toBeCloseTo(0.25 / 1.75, 15);
    expect(relErrorElementwise(1, 1.1)).toBeCloseTo(relError(1, 1.1), 15); // same as relError for one number
    expect(relErrorElementwise([0, 0], [0, 0])).toBe(0);
    expect(relErrorElementwise([1, NaN], [1, 1])).toBeNaN();
  });
});
