import { Tensor } from "gradlab";

/** x[i, j] = 10·i + j for a 4×6 tensor, so an element's value names its index. */
const X = Tensor.from([0, 1, 2, 3].map((i) => [0, 1, 2, 3, 4, 5].map((j) => 10 * i + j)));

describe("Tensor.slice: numpy's basic indexing, as a copy", () => {
  test("ranges with start and end, open ends, missing trailing axes", () => {
    expect(X.slice([[1, 3]]).toArray()).toEqual([[10, 11, 12, 13, 14, 15], [20, 21, 22, 23, 24, 25]]); // x[1:3]
    expect(X.slice([null, [2, 4]]).toArray()).toEqual([[2, 3], [12, 13], [22, 23], [32, 33]]); // x[:, 2:4]
    expect(X.slice([[2, null], [null, 2]]).toArray()).toEqual([[20, 21], [30, 31]]); // x[2:, :2]
    expect(X.slice([]).toArray()).toEqual(X.toArray()); // x[...]
  });

  test("negative indices count from the end; out-of-range bounds are clamped", () => {
    expect(X.slice([[-1, null]]).toArray()).toEqual([[30, 31, 32, 33, 34, 35]]); // x[-1:]
    expect(X.slice([[-3, -1], [-2, null]]).toArray()).toEqual([[14, 15], [24, 25]]); // x[-3:-1, -2:]
    expect(X.slice([[1, 100], [-100, 1]]).toArray()).toEqual([[10], [20], [30]]); // x[1:100, -100:1]
    expect(X.slice([[3, 1]]).shape).toEqual([0, 6]); // x[3:1] is empty
  });

  test("steps, and the conv window x[:, :, i:i+s*Ho:s, j:j+s*Wo:s]", () => {
    expect(X.slice([null, [0, null, 2]]).toArray()).toEqual([[0, 2, 4], [10, 12, 14], [20, 22, 24], [30, 32, 34]]); // x[:, ::2]
    expect(X.slice([[1, null, 2], [1, 6, 3]]).toArray()).toEqual([[11, 14], [31, 34]]); // x[1::2, 1:6:3]
    expect(X.slice([null, [-5, null, 2]]).slice([0]).toArray()).toEqual([1, 3, 5]); // x[0, -5::2]
    // A 1×1×4×6 image, window offset (i, j) = (1, 2), stride 2, output 2×2: rows 1, 3 and columns 2, 4
    const img = X.reshape([1, 1, 4, 6]);
    const [i, j, s, Ho, Wo] = [1, 2, 2, 2, 2];
    const win = img.slice([null, null, [i, i + s * Ho, s], [j, j + s * Wo, s]]);
    expect(win.shape).toEqual([1, 1, 2, 2]);
    expect(win.toArray()).toEqual([[[[12, 14], [32, 34]]]]);
  });

  test("an index removes its axis: x[:, 2], W[:, :, i, j], x[-1]", () => {
    expect(X.slice([null, 2]).toArray()).toEqual([2, 12, 22, 32]);
    expect(X.slice([-1]).toArray()).toEqual([30, 31, 32, 33, 34, 35]);
    expect(X.slice([2, -3]).shape).toEqual([]);
    expect(X.slice([2, -3]).toArray()).toBe(23);
    const W = Tensor.arange(2 * 3 * 2 * 2).reshape([2, 3, 2, 2]); // W[o, c, i, j] = 12o + 4c + 2i + j
    expect(W.slice([null, null, 1, 0]).toArray()).toEqual([[2, 6, 10], [14, 18, 22]]);
  });

  test("the slice is a copy: writing to it leaves the tensor alone", () => {
    const x = X.clone();
    const s = x.slice([[0, 1]]);
    s.fill(-1);
    expect(x.toArray()).toEqual(X.toArray());
  });

  test("bad ranges are errors naming the axis, the shape and what was expected", () => {
    expect(() => X.slice([4])).toThrow("Tensor.slice: index 4 is out of range for axis 0 of shape [4, 6] (expected an integer from -4 to 3)");
    expect(() => X.slice([null, -7])).toThrow("Tensor.slice: index -7 is out of range for axis 1 of shape [4, 6]");
    expect(() => X.slice([1.5])).toThrow("Tensor.slice: index 1.5 is out of range");
    expect(() => X.slice([[0, 4, 0]])).toThrow(
      "Tensor.slice: range [0, 4, 0] for axis 0 of shape [4, 6]: step must be an integer >= 1, got 0 (negative steps are not supported)",
    );
    expect(() => X.slice([[0, 4, -1]])).toThrow("step must be an integer >= 1, got -1");
    expect(() => X.slice([[0.5, 2]])).toThrow("Tensor.slice: range [0.5, 2] for axis 0 of shape [4, 6]: start must be an integer or null, got 0.5");
    expect(() => X.slice([null, [0, "2"]] as never)).toThrow("range [0, 2] for axis 1 of shape [4, 6]: end must be an integer or null, got 2");
    expect(() => X.slice([[1]] as never)).toThrow("Tensor.slice: entry 0 of the ranges is [1]; expected null, an index, [start, end] or [start, end, step]");
    expect(() => X.slice([null, null, null])).toThrow("Tensor.slice: 3 ranges for shape [4, 6], which has 2 axes");
    expect(() => X.slice(2 as never)).toThrow("Tensor.slice: ranges must be a list with one entry per leading axis");
    expect(() => X.slice([undefined] as never)).toThrow("entry 0 of the ranges is undefined");
  });
});

describe("setSlice and addToSlice write in place", () => {
  test("x[1:3, ::2] = v with v broadcast to the slice's shape", () => {
    const x = Tensor.zeros([3, 4]);
    const same = x.setSlice([[1, 3], [0, null, 2]], Tensor.from([7, 8]));
    expect(same).toBe(x);
    expect(x.toArray()).toEqual([[0, 0, 0, 0], [7, 0, 8, 0], [7, 0, 8, 0]]);
    x.setSlice([0], 5); // x[0] = 5
    expect(x.toArray()).toEqual([[5, 5, 5, 5], [7, 0, 8, 0], [7, 0, 8, 0]]);
    x.setSlice([null, -1], Tensor.from([1, 2, 3])); // x[:, -1] = [1, 2, 3]
    expect(x.toArray()).toEqual([[5, 5, 5, 1], [7, 0, 8, 2], [7, 0, 8, 3]]);
  });

  test("x[:, :, i:i+H, j:j+W] += v accumulates overlapping windows, as a conv bprop does", () => {
    // dx of a 1×1×3×3 input from two 2×2 windows of ones at (0, 0) and (1, 1): the centre gets both
    const dx = Tensor.zeros([1, 1, 3, 3]);
    const ones = Tensor.ones([1, 1, 2, 2]);
    for (const [i, j] of [[0, 0], [1, 1]]) dx.addToSlice([null, null, [i, i + 2], [j, j + 2]], ones);
    expect(dx.toArray()).toEqual([[[[1, 1, 0], [1, 2, 1], [0, 1, 1]]]]);
    // A stepped window and a broadcast value: columns 0 and 2 of every row get +[10, 20, 30] by row
    const y = Tensor.ones([3, 3]).addToSlice([null, [0, 3, 2]], Tensor.from([[10], [20], [30]]));
    expect(y.toArray()).toEqual([[11, 1, 11], [21, 1, 21], [31, 1, 31]]);
  });

  test("a value that does not broadcast to the slice is an error naming both shapes", () => {
    const x = Tensor.zeros([3, 4]);
    expect(() => x.setSlice([[0, 2]], Tensor.zeros([3]))).toThrow(
      "Tensor.setSlice: a value of shape [3] does not broadcast to the slice's shape [2, 4] (numpy's rule:",
    );
    expect(() => x.addToSlice([null, 1], Tensor.zeros([4]))).toThrow("Tensor.addToSlice: a value of shape [4] does not broadcast to the slice's shape [3]");
    expect(() => x.addToSlice([5], 1)).toThrow("Tensor.addToSlice: index 5 is out of range for axis 0 of shape [3, 4]");
    expect(x.toArray()).toEqual(Tensor.zeros([3, 4]).toArray());
  });
});
