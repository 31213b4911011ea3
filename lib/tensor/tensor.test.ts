import { Rng, Tensor } from "gradlab";

/** A 2×3×4 tensor with irregular values (and a tie, 9 at [1, 0, 0] and [1, 0, 2]). */
const T3 = [
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
];

/** Compares two nested arrays to within `digits` decimals. */
function expectClose(got: unknown, want: unknown, digits = 12): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got)).toBe(true);
    expect((got as unknown[]).length).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, digits));
  } else {
    expect(got as number).toBeCloseTo(want as number, digits);
  }
}

describe("Tensor: creation", () => {
  test("zeros, ones, full and zerosLike", () => {
    const z = Tensor.zeros([2, 3]);
    expect(z.shape).toEqual([2, 3]);
    expect(z.size).toBe(6);
    expect(z.ndim).toBe(2);
    expect(Array.from(z.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Tensor.ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(Tensor.full([2, 2], 7.5).toArray()).toEqual([[7.5, 7.5], [7.5, 7.5]]);
    const like = Tensor.zerosLike(Tensor.ones([4, 1]));
    expect(like.shape).toEqual([4, 1]);
    expect(Array.from(like.data)).toEqual([0, 0, 0, 0]);
    expect(Tensor.zeros([]).size).toBe(1);
    expect(Tensor.zeros([3, 0]).size).toBe(0);
  });

  test("from nested arrays, row-major", () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const s = Tensor.from(5);
    expect(s.shape).toEqual([]);
    expect(s.toArray()).toBe(5);
    expect(Tensor.from([]).shape).toEqual([0]);
    expect(Tensor.from([[], []]).shape).toEqual([2, 0]);
    expect(Tensor.from(T3).shape).toEqual([2, 3, 4]);
  });

  test("ragged input is an error naming the path", () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow("Tensor.from: ragged input at values[1]: expected 2 entries, got 1 entries");
    expect(() => Tensor.from([[1, 2], 3])).toThrow("ragged input at values[1]: expected 2 entries, got a number");
    expect(() => Tensor.from([1, [2]])).toThrow("Tensor.from: expected a number at values[1], got an array (ragged input)");
    expect(() => Tensor.from([[[1], [2]], [[3], [4, 5]]])).toThrow("ragged input at values[1][1]: expected 1 entries, got 2 entries");
  });

  test("bad shapes and data of the wrong length are errors", () => {
    expect(() => Tensor.zeros([2, -1])).toThrow("Tensor.zeros: invalid shape [2, -1]: sizes must be non-negative integers");
    expect(() => Tensor.full([1.5], 0)).toThrow("Tensor.full: invalid shape [1.5]");
    expect(() => new Tensor(new Float64Array(5), [2, 3])).toThrow("Tensor: 5 values do not fill shape [2, 3] (6 values)");
  });

  test("rand and randn are seeded and have the requested range, mean and spread", () => {
    const a = Tensor.randn([3, 4], new Rng(9));
    const b = Tensor.randn([3, 4], new Rng(9));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));

    const n = 20000;
    const u = Tensor.rand([n], new Rng(10), -2, 6);
    expect(u.data.every((v) => v >= -2 && v < 6)).toBe(true);
    // mean 2, standard error 8/sqrt(12 n) ≈ 0.016
    expect(Math.abs(u.mean() - 2)).toBeLessThan(0.1);

    const z = Tensor.randn([n], new Rng(11), 3, 0.5);
    const mean = z.mean();
    const std = Math.sqrt(z.sub(mean).mul(z.sub(mean)).mean());
    expect(Math.abs(mean - 3)).toBeLessThan(5 * (0.5 / Math.sqrt(n)));
    expect(Math.abs(std - 0.5)).toBeLessThan(5 * (0.5 / Math.sqrt(2 * n)));
  });
});

describe("Tensor: shape operations", () => {
  test("reshape is a view with one size inferred from -1", () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    const r = t.reshape([3, -1]);
    expect(r.shape).toEqual([3, 2]);
    expect(r.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    r.data[0] = 100; // shares data with t
    expect(t.get(0, 0)).toBe(100);
    expect(t.reshape([-1]).shape).toEqual([6]);
    expect(t.reshape([1, 2, 3, 1]).shape).toEqual([1, 2, 3, 1]);
  });

  test("reshape to a wrong size is an error", () => {
    const t = Tensor.zeros([2, 3]);
    expect(() => t.reshape([4, -1])).toThrow("Tensor.reshape of [2, 3]: cannot reshape 6 elements into [4, -1]");
    expect(() => t.reshape([4, 2])).toThrow("Tensor.reshape of [2, 3]: cannot reshape 6 elements into [4, 2] (8 elements)");
    expect(() => t.reshape([-1, -1])).toThrow("only one dimension may be -1");
  });

  test("transpose of a 2-D tensor", () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    const tt = t.transpose();
    expect(tt.shape).toEqual([3, 2]);
    expect(tt.toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]); // a new tensor, the input is unchanged
    // Element (j, i) of the transpose is element (i, j), for a tall, a wide and an empty matrix.
    for (const [rows, cols] of [[7, 3], [2, 9], [0, 4], [1, 1]]) {
      const m = Tensor.arange(rows * cols).reshape([rows, cols]);
      const mt = m.transpose();
      expect(mt.shape).toEqual([cols, rows]);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(mt.data[j * rows + i]).toBe(m.data[i * cols + j]);
    }
    expect(() => Tensor.zeros([2, 3, 4]).transpose()).toThrow(
      "Tensor.transpose: the tensor has shape [2, 3, 4], expected [rows, cols]",
    );
  });

  test("permute of a 3-D tensor against a hand-worked array", () => {
    // out[c][n][r] = T3[n][r][c]
    const p = Tensor.from(T3).permute([2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(p.toArray()).toEqual([
      [[3, -5, 5], [9, 2, -6]],
      [[-1, 9, 3], [-7, 3, 2]],
      [[4, 2, -5], [9, 8, 6]],
      [[1, -6, 8], [3, -4, 4]],
    ]);
    // out[n][c][r] = T3[n][r][c]
    expect(Tensor.from(T3).permute([0, 2, 1]).get(1, 3, 2)).toBe(4);
    expect(Tensor.from(T3).permute([0, 1, 2]).toArray()).toEqual(T3);
    // Permuting back with the inverse permutation gives the original.
    expect(p.permute([1, 2, 0]).toArray()).toEqual(T3);
  });

  test("permute with axes that are not a permutation is an error", () => {
    const t = Tensor.zeros([2, 3, 4]);
    expect(() => t.permute([0, 1])).toThrow("Tensor.permute: axes [0, 1] are not a permutation of 0..2");
    expect(() => t.permute([0, 0, 1])).toThrow("axes [0, 0, 1] are not a permutation of 0..2");
    expect(() => t.permute([0, 1, 3])).toThrow("not a permutation");
  });
});

describe("Tensor: arithmetic", () => {
  test("matmul against hand-worked 2×3 · 3×2 numbers", () => {
    const a = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    const b = Tensor.from([[7, 8], [9, 10], [11, 12]]);
    // [1·7+2·9+3·11, 1·8+2·10+3·12] = [58, 64]; [4·7+5·9+6·11, 4·8+5·10+6·12] = [139, 154]
    expect(a.matmul(b).toArray()).toEqual([[58, 64], [139, 154]]);
    // b·a is 3×3: first row [7+32, 14+40, 21+48]
    expect(b.matmul(a).toArray()).toEqual([[39, 54, 69], [49, 68, 87], [59, 82, 105]]);
  });

  test("matmul shape errors name both shapes", () => {
    const a = Tensor.zeros([2, 3]);
    expect(() => a.matmul(Tensor.zeros([2, 3]))).toThrow(
      "Tensor.matmul: cannot multiply [2, 3] by [2, 3]; expected [M, K] and [K, N]",
    );
    expect(() => a.matmul(Tensor.zeros([3]))).toThrow("cannot multiply [2, 3] by [3]");
  });

  test("add, sub, mul, div with same-shape tensors", () => {
    const a = Tensor.from([[1, 2], [3, 4]]);
    const b = Tensor.from([[0.5, -1], [2, 8]]);
    expect(a.add(b).toArray()).toEqual([[1.5, 1], [5, 12]]);
    expect(a.sub(b).toArray()).toEqual([[0.5, 3], [1, -4]]);
    expect(a.mul(b).toArray()).toEqual([[0.5, -2], [6, 32]]);
    expect(a.div(b).toArray()).toEqual([[2, -2], [1.5, 0.5]]);
    expect(a.toArray()).toEqual([[1, 2], [3, 4]]); // inputs unchanged
    expect(b.toArray()).toEqual([[0.5, -1], [2, 8]]);
  });

  test("add, sub, mul, div, neg and map with scalars", () => {
    const a = Tensor.from([1, -2, 4]);
    expect(a.add(1).toArray()).toEqual([2, -1, 5]);
    expect(a.sub(0.5).toArray()).toEqual([0.5, -2.5, 3.5]);
    expect(a.mul(-3).toArray()).toEqual([-3, 6, -12]);
    expect(a.div(4).toArray()).toEqual([0.25, -0.5, 1]);
    expect(a.neg().toArray()).toEqual([-1, 2, -4]);
    expect(a.map((v, i) => v * 10 + i).toArray()).toEqual([10, -19, 42]);
  });

  test("shapes that do not broadcast are an error naming both and the rule", () => {
    const a = Tensor.zeros([2, 2]);
    expect(() => a.add(Tensor.zeros([2, 3]))).toThrow(
      "Tensor.add: shapes [2, 2] and [2, 3] do not broadcast (numpy's rule: aligned from the right, each pair of sizes equal or one of them 1)",
    );
    expect(() => a.sub(Tensor.zeros([3]))).toThrow("Tensor.sub: shapes [2, 2] and [3] do not broadcast");
    expect(() => a.mul(Tensor.zeros([4]))).toThrow("Tensor.mul: shapes [2, 2] and [4]");
    expect(() => a.div(Tensor.zeros([1, 4]))).toThrow("Tensor.div: shapes [2, 2] and [1, 4]");
  });
});

describe("Tensor: reductions of a 3-D tensor, hand-computed", () => {
  const t = Tensor.from(T3);

  test("sum over everything and along each axis", () => {
    expect(t.sum()).toBe(47);
    expect(t.sum(0).toArray()).toEqual([[12, -8, 13, 4], [-3, 12, 10, -10], [-1, 5, 1, 12]]);
    expect(t.sum(1).toArray()).toEqual([[3, 11, 1, 3], [5, -2, 23, 3]]);
    expect(t.sum(2).toArray()).toEqual([[7, 0, 11], [14, 9, 6]]);
    expect(t.sum(-1).toArray()).toEqual([[7, 0, 11], [14, 9, 6]]);
    expect(t.sum(-3).shape).toEqual([3, 4]);
  });

  test("mean over everything and along each axis", () => {
    expect(t.mean()).toBeCloseTo(47 / 24, 14);
    expect(t.mean(0).toArray()).toEqual([[6, -4, 6.5, 2], [-1.5, 6, 5, -5], [-0.5, 2.5, 0.5, 6]]);
    expectClose(t.mean(1).toArray(), [[1, 11 / 3, 1 / 3, 1], [5 / 3, -2 / 3, 23 / 3, 1]], 14);
    expect(t.mean(2).toArray()).toEqual([[1.75, 0, 2.75], [3.5, 2.25, 1.5]]);
  });

  test("max and argmax along each axis (argmax takes the first of ties)", () => {
    expect(t.max()).toBe(9);
    expect(t.argmax()).toBe(5); // the first 9, at [0, 1, 1]
    expect(t.max(0).toArray()).toEqual([[9, -1, 9, 3], [2, 9, 8, -4], [5, 3, 6, 8]]);
    expect(Array.from(t.argmax(0))).toEqual([1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0]);
    expect(t.max(1).toArray()).toEqual([[5, 9, 4, 8], [9, 3, 9, 4]]);
    expect(Array.from(t.argmax(1))).toEqual([2, 1, 0, 2, 0, 1, 0, 2]);
    expect(t.max(2).toArray()).toEqual([[4, 9, 8], [9, 8, 6]]);
    expect(Array.from(t.argmax(2))).toEqual([2, 1, 3, 0, 2, 2]); // [1, 0, :] = [9, -7, 9, 3]: first 9
    expect(Tensor.from([-3, -1, -2]).max()).toBe(-1);
  });

  test("bad axes and empty reductions are errors", () => {
    expect(() => t.sum(3)).toThrow("Tensor.sum: axis 3 is out of range for shape [2, 3, 4]");
    expect(() => t.mean(-4)).toThrow("Tensor.mean: axis -4 is out of range for shape [2, 3, 4]");
    expect(() => t.max(1.5)).toThrow("Tensor.max: axis 1.5 is out of range");
    expect(() => t.argmax(7)).toThrow("Tensor.argmax: axis 7 is out of range");
    expect(() => Tensor.zeros([0]).max()).toThrow("Tensor.max: the tensor is empty");
    expect(() => Tensor.zeros([0]).argmax()).toThrow("Tensor.argmax: the tensor is empty");
    expect(() => Tensor.zeros([2, 0]).max(1)).toThrow("Tensor.max: axis 1 has length 0");
    expect(() => Tensor.zeros([2, 0]).argmax(1)).toThrow("Tensor.argmax: axis 1 has length 0");
    expect(Tensor.zeros([2, 0]).sum(1).toArray()).toEqual([0, 0]); // an empty sum is 0
  });
});

describe("Tensor: access and conversion", () => {
  test("get and set by full index", () => {
    const t = Tensor.from(T3);
    expect(t.get(1, 2, 3)).toBe(4);
    expect(t.get(0, 1, 1)).toBe(9);
    t.set([1, 2, 3], -0.5);
    expect(t.get(1, 2, 3)).toBe(-0.5);
    expect(t.data[23]).toBe(-0.5);
    expect(Tensor.from(5).get()).toBe(5);
  });

  test("get and set out of bounds are errors", () => {
    const t = Tensor.zeros([2, 3]);
    expect(() => t.get(2, 0)).toThrow("Tensor.get: index [2, 0] is out of range for shape [2, 3]");
    expect(() => t.get(0, -1)).toThrow("index [0, -1] is out of range");
    expect(() => t.get(0, 1.5)).toThrow("index [0, 1.5] is out of range");
    expect(() => t.get(1)).toThrow("Tensor.get: index [1] has 1 entries, shape [2, 3] has 2");
    expect(() => t.set([0, 3], 1)).toThrow("Tensor.set: index [0, 3] is out of range for shape [2, 3]");
    expect(() => t.set([0, 0, 0], 1)).toThrow("Tensor.set: index [0, 0, 0] has 3 entries");
    expect(Array.from(t.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test("toArray round trip and clone independence", () => {
    expect(Tensor.from(T3).toArray()).toEqual(T3);
    expect(Tensor.from([[0.1, -2e-300], [1e300, 3]]).toArray()).toEqual([[0.1, -2e-300], [1e300, 3]]);
    const a = Tensor.from([1, 2]);
    const c = a.clone();
    c.data[0] = 9;
    expect(a.toArray()).toEqual([1, 2]);
    expect(c.shape).toEqual([2]);
  });

  test("hasNonFinite finds NaN and infinities", () => {
    expect(Tensor.from([1, 2]).hasNonFinite()).toBe(false);
    expect(Tensor.from([1, NaN]).hasNonFinite()).toBe(true);
    expect(Tensor.from([-Infinity, 0]).hasNonFinite()).toBe(true);
  });

  test("toString is readable", () => {
    expect(Tensor.from([[1, 2.5], [3, -4]]).toString()).toBe("Tensor([[1, 2.5],\n        [3, -4]], shape=[2, 2])");
    expect(Tensor.from([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]).toString()).toBe(
      "Tensor([[[1, 2],\n         [3, 4]],\n        [[5, 6],\n         [7, 8]]], shape=[2, 2, 2])",
    );
    // Six significant digits, without trailing zeros; 100000.4 once printed as "1".
    expect(Tensor.from([100000.4, 1 / 3, 1.5e-7, 0.5, -2.25]).toString()).toBe(
      "Tensor([100000, 0.333333, 1.5e-7, 0.5, -2.25], shape=[5])",
    );
    expect(Tensor.from(5).toString()).toBe("Tensor(5, shape=[])");
    expect(Tensor.zeros([1001]).toString()).toBe("Tensor((1001 values), shape=[1001])");
  });
});
