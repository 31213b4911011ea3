import { Tensor } from "gradlab";

/** A 2×3×4 tensor with irregular values (the one of tensor.test.ts). */
const T3 = Tensor.from([
  [
    [3, -1, 4, 1],
    [-5, 9, 2, -6],
    [5, 3, -5, 8],
  ],
  [
    [9, -7, 9, 3],
    [2, 3, 8, -4],
    [-6, 2, 6, 4],
  ],
]);

describe("reductions over several axes, with keepdims", () => {
  test("sum over a list of axes, by hand", () => {
    // Σ over axes 0 and 2 of each middle row: (3-1+4+1)+(9-7+9+3) = 21, (-5+9+2-6)+(2+3+8-4) = 9, (5+3-5+8)+(-6+2+6+4) = 17
    expect(T3.sum([0, 2]).toArray()).toEqual([21, 9, 17]);
    expect(T3.sum([2, 0]).toArray()).toEqual([21, 9, 17]); // order does not matter
    expect(T3.sum([-1, -3]).toArray()).toEqual([21, 9, 17]);
    expect(T3.sum([1, 2]).toArray()).toEqual([18, 29]); // 7 + 0 + 11, 14 + 9 + 6
    expect(T3.sum([0, 1, 2]).shape).toEqual([]);
    expect(T3.sum([0, 1, 2]).data[0]).toBe(47);
    expect(T3.sum(null).data[0]).toBe(47);
    expect(T3.sum([]).toArray()).toEqual(T3.toArray()); // no axes: a copy
  });

  test("keepdims keeps each reduced axis as a 1", () => {
    expect(T3.sum(1, { keepdims: true }).shape).toEqual([2, 1, 4]);
    expect(T3.sum(1, { keepdims: true }).toArray()).toEqual([[[3, 11, 1, 3]], [[5, -2, 23, 3]]]);
    expect(T3.sum([0, 2], { keepdims: true }).shape).toEqual([1, 3, 1]);
    expect(T3.sum(null, { keepdims: true }).shape).toEqual([1, 1, 1]);
    expect(T3.mean(-1, { keepdims: true }).toArray()).toEqual([[[1.75], [0], [2.75]], [[3.5], [2.25], [1.5]]]);
    expect(T3.max(2, { keepdims: true }).toArray()).toEqual([[[4], [9], [8]], [[9], [8], [6]]]);
    expect(T3.min(0, { keepdims: false }).shape).toEqual([3, 4]);
  });

  test("the softmax idiom x - x.max(axis=1, keepdims=True) broadcasts back", () => {
    const x = Tensor.from([[1, 2, 3], [10, 10, 10]]);
    const shifted = x.sub(x.max(1, { keepdims: true }));
    expect(shifted.toArray()).toEqual([[-2, -1, 0], [0, 0, 0]]);
    const e = shifted.exp();
    const p = e.div(e.sum(1, { keepdims: true }));
    // softmax([1, 2, 3]) = [1, e, e²] / (1 + e + e²)
    const z = 1 + Math.E + Math.E ** 2;
    [1 / z, Math.E / z, Math.E ** 2 / z].forEach((v, j) => expect(p.get(0, j)).toBeCloseTo(v, 15));
    [1, 2, 3].forEach((_, j) => expect(p.get(1, j)).toBeCloseTo(1 / 3, 15));
  });

  test("max and min over several axes, min and argmin along one axis", () => {
    expect(T3.max([0, 1]).toArray()).toEqual([9, 9, 9, 8]);
    expect(T3.min([0, 1]).toArray()).toEqual([-6, -7, -5, -6]);
    expect(T3.min()).toBe(-7);
    expect(T3.min(2).toArray()).toEqual([[-1, -6, -5], [-7, -4, -6]]);
    expect(T3.argmin()).toBe(13); // -7 at [1, 0, 1]
    expect(Array.from(T3.argmin(2))).toEqual([1, 3, 2, 1, 3, 0]);
    expect(Array.from(T3.argmin(-1))).toEqual([1, 3, 2, 1, 3, 0]);
    expect(Array.from(Tensor.from([2, 1, 1]).argmin(0))).toEqual([1]); // first of ties
  });

  test("NaN propagates through max and min and wins argmax, as in numpy", () => {
    const t = Tensor.from([[1, NaN, 3], [4, 5, 6]]);
    expect(Number.isNaN(t.max())).toBe(true);
    expect(Number.isNaN(t.min())).toBe(true);
    const rows = t.max(1);
    expect(Number.isNaN(rows.data[0])).toBe(true);
    expect(rows.data[1]).toBe(6);
    expect(t.argmax()).toBe(1);
    expect(Array.from(t.argmin(1))).toEqual([1, 0]);
    expect(Number.isNaN(Tensor.from([NaN, 1]).max(0).data[0])).toBe(true); // NaN first
  });

  test("var of a known sequence: 1..n has population variance (n² − 1)/12", () => {
    const n = 10;
    const x = Tensor.arange(1, n + 1);
    expect(x.var()).toBeCloseTo((n * n - 1) / 12, 13);
    expect(x.var(0).data[0]).toBeCloseTo((n * n - 1) / 12, 13);
    expect(x.var(0, { ddof: 1 }).data[0]).toBeCloseTo((n * (n + 1)) / 12, 13); // sample variance
    expect(x.var(null, { ddof: 1 }).shape).toEqual([]);
  });

  test("var along each axis of a 2-D tensor, by hand", () => {
    const x = Tensor.from([[1, 2], [3, 6], [5, 10]]);
    // columns: [1, 3, 5] mean 3, var (4 + 0 + 4)/3; [2, 6, 10] mean 6, var (16 + 0 + 16)/3
    const cols = x.var(0);
    expect(cols.shape).toEqual([2]);
    expect(cols.data[0]).toBeCloseTo(8 / 3, 14);
    expect(cols.data[1]).toBeCloseTo(32 / 3, 14);
    // rows: [1, 2] var 0.25; [3, 6] var 2.25; [5, 10] var 6.25
    expect(x.var(1, { keepdims: true }).toArray()).toEqual([[0.25], [2.25], [6.25]]);
    // BatchNorm's standardization: every column has mean 0 and variance 1 afterwards.
    const xhat = x.sub(x.mean(0)).div(x.var(0).sqrt());
    xhat.mean(0).data.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-15));
    xhat.var(0).data.forEach((v) => expect(v).toBeCloseTo(1, 14));
  });

  test("any and all test for nonzero elements", () => {
    expect(Tensor.from([0, 0, 2]).any()).toBe(true);
    expect(Tensor.from([0, 0]).any()).toBe(false);
    expect(Tensor.from([1, -1]).all()).toBe(true);
    expect(Tensor.from([1, 0]).all()).toBe(false);
    expect(Tensor.from([NaN]).all()).toBe(true);
    expect(Tensor.zeros([0]).any()).toBe(false);
    expect(Tensor.zeros([0]).all()).toBe(true);
  });
});

describe("reduction errors", () => {
  test("bad, fractional and repeated axes", () => {
    expect(() => T3.sum([0, 3])).toThrow("Tensor.sum: axis 3 is out of range for shape [2, 3, 4] (expected an integer from -3 to 2)");
    expect(() => T3.mean([1, -2])).toThrow("Tensor.mean: axis -2 is repeated in [1, -2] for shape [2, 3, 4]");
    expect(() => T3.max(0.5)).toThrow("Tensor.max: axis 0.5 is out of range");
    expect(() => T3.var(5)).toThrow("Tensor.var: axis 5 is out of range for shape [2, 3, 4]");
    expect(() => T3.argmin(-4)).toThrow("Tensor.argmin: axis -4 is out of range");
    expect(() => Tensor.from(3).sum(0)).toThrow("Tensor.sum: axis 0 is out of range for shape [] (it has no axes)");
  });

  test("options reject unknown keys and bad values, and need an axis", () => {
    expect(() => T3.sum(0, { keepDims: true } as never)).toThrow('Tensor.sum: unknown option "keepDims"; known options are "keepdims"');
    expect(() => T3.var(0, { dof: 1 } as never)).toThrow('Tensor.var: unknown option "dof"; known options are "keepdims", "ddof"');
    expect(() => T3.sum(0, { keepdims: 1 } as never)).toThrow("Tensor.sum: keepdims must be true or false, got 1");
    const loose = T3 as unknown as { sum(axis?: unknown, options?: unknown): unknown };
    expect(() => loose.sum(undefined, { keepdims: true })).toThrow(
      "Tensor.sum: options need an axis; pass null to reduce over every axis, e.g. x.sum(null, { keepdims: true })",
    );
    expect(() => T3.var(0, { ddof: -1 })).toThrow("Tensor.var: ddof must be a finite number >= 0, got -1");
  });

  test("empty reductions: max, min and mean of nothing, and ddof that leaves no degrees of freedom", () => {
    const e = Tensor.zeros([2, 0]);
    expect(() => e.max(1)).toThrow("Tensor.max: axis 1 has length 0 in shape [2, 0]; the max of no elements is undefined");
    expect(() => e.min([0, 1])).toThrow("Tensor.min: axis 1 has length 0");
    expect(() => e.mean(1)).toThrow("Tensor.mean: axis 1 has length 0 in shape [2, 0]; the mean of no elements is undefined");
    expect(() => e.mean()).toThrow("Tensor.mean: the tensor is empty");
    expect(() => Tensor.zeros([0]).min()).toThrow("Tensor.min: the tensor is empty");
    expect(() => Tensor.zeros([0]).argmin()).toThrow("Tensor.argmin: the tensor is empty");
    expect(e.max(0).shape).toEqual([0]); // reducing a non-empty axis of an empty tensor is fine
    expect(() => Tensor.zeros([1, 3]).var(0, { ddof: 1 })).toThrow(
      "Tensor.var: ddof 1 leaves no degrees of freedom for 1 value per variance (axes [0] of shape [1, 3]); expected more values than ddof",
    );
  });
});
