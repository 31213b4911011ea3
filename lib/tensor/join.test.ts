import { Tensor } from "gradlab";

describe("concat, stack and pad, by hand", () => {
  const a = Tensor.from([[1, 2], [3, 4]]);
  const b = Tensor.from([[5, 6]]);

  test("concat along the first and the last axis", () => {
    expect(Tensor.concat([a, b]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(Tensor.concat([a, Tensor.from([[7], [8]]), a], 1).toArray()).toEqual([[1, 2, 7, 1, 2], [3, 4, 8, 3, 4]]);
    expect(Tensor.concat([a, Tensor.from([[7], [8]])], -1).shape).toEqual([2, 3]);
    expect(Tensor.concat([Tensor.from([1]), Tensor.from([]), Tensor.from([2, 3])]).toArray()).toEqual([1, 2, 3]);
    // 3-D along the middle axis: each outer block is a's rows then c's rows
    const x = Tensor.arange(8).reshape([2, 2, 2]);
    const c = Tensor.arange(100, 104).reshape([2, 1, 2]);
    expect(Tensor.concat([x, c], 1).toArray()).toEqual([
      [[0, 1], [2, 3], [100, 101]],
      [[4, 5], [6, 7], [102, 103]],
    ]);
  });

  test("concat errors name the tensor, both shapes and the axis", () => {
    expect(() => Tensor.concat([a, Tensor.zeros([1, 3])])).toThrow(
      "Tensor.concat: tensors[1] has shape [1, 3] but tensors[0] has shape [2, 2]; expected the same number of axes and the same sizes on every axis except axis 0",
    );
    expect(() => Tensor.concat([a, Tensor.zeros([2])], 0)).toThrow("tensors[1] has shape [2] but tensors[0] has shape [2, 2]");
    expect(() => Tensor.concat([a, b], 2)).toThrow("Tensor.concat: axis 2 is out of range for shape [2, 2]");
    expect(() => Tensor.concat([])).toThrow("Tensor.concat: expected a non-empty list of tensors, got an empty list");
    expect(() => Tensor.concat([a, [1, 2] as never])).toThrow("Tensor.concat: tensors[1] is not a Tensor");
  });

  test("stack adds an axis that indexes the tensors", () => {
    const u = Tensor.from([1, 2, 3]);
    const v = Tensor.from([4, 5, 6]);
    expect(Tensor.stack([u, v]).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(Tensor.stack([u, v], 1).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(Tensor.stack([u, v], -1).shape).toEqual([3, 2]);
    expect(Tensor.stack([a, a, a], 1).shape).toEqual([2, 3, 2]);
    expect(() => Tensor.stack([u, Tensor.zeros([4])])).toThrow(
      "Tensor.stack: tensors[1] has shape [4] but tensors[0] has shape [3]; they must be equal",
    );
    expect(() => Tensor.stack([u], 2)).toThrow("Tensor.stack: axis 2 is out of range for shape [3] (expected an integer from -2 to 1)");
  });

  test("pad with constant values, one [before, after] pair per axis (np.pad)", () => {
    expect(a.pad([[1, 0], [0, 2]]).toArray()).toEqual([[0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]]);
    expect(Tensor.from([1, 2]).pad([[2, 1]], -1).toArray()).toEqual([-1, -1, 1, 2, -1]);
    // conv padding of an NCHW batch: zero rows and columns around each image only
    const img = Tensor.from([[[[5]]]]).pad([[0, 0], [0, 0], [1, 1], [1, 1]]);
    expect(img.toArray()).toEqual([[[[0, 0, 0], [0, 5, 0], [0, 0, 0]]]]);
    expect(a.pad([[0, 0], [0, 0]]).toArray()).toEqual(a.toArray());
  });

  test("pad errors", () => {
    expect(() => a.pad([[1, 1]])).toThrow("Tensor.pad: expected one [before, after] pair per axis of shape [2, 2] (2 pairs), got 1 pairs");
    expect(() => a.pad([[1, 1], [-1, 0]])).toThrow("Tensor.pad: widths[1] is [-1,0]; expected [before, after] with non-negative integers");
    expect(() => a.pad([[1, 1], [0.5, 0]])).toThrow("widths[1] is [0.5,0]");
  });
});

describe("unsqueeze and squeeze are views", () => {
  test("unsqueeze inserts a size-1 axis, negative axes counting from the new end", () => {
    const x = Tensor.from([1, 2, 3]);
    expect(x.unsqueeze(0).shape).toEqual([1, 3]);
    expect(x.unsqueeze(1).shape).toEqual([3, 1]);
    expect(x.unsqueeze(-1).shape).toEqual([3, 1]);
    expect(x.unsqueeze(-2).shape).toEqual([1, 3]);
    x.unsqueeze(0).data[0] = 9; // shares data, like reshape
    expect(x.data[0]).toBe(9);
    expect(() => x.unsqueeze(2)).toThrow("Tensor.unsqueeze: axis 2 is out of range for shape [3] (expected an integer from -2 to 1)");
  });

  test("squeeze removes one size-1 axis or all of them", () => {
    const x = Tensor.zeros([1, 3, 1, 2]);
    expect(x.squeeze().shape).toEqual([3, 2]);
    expect(x.squeeze(0).shape).toEqual([3, 1, 2]);
    expect(x.squeeze(-2).shape).toEqual([1, 3, 2]);
    expect(() => x.squeeze(1)).toThrow("Tensor.squeeze: axis 1 has size 3 in shape [1, 3, 1, 2]; only a size-1 axis can be removed");
    expect(() => x.squeeze(4)).toThrow("Tensor.squeeze: axis 4 is out of range");
  });
});
