import {
  assertSameShape,
  checkShape,
  expectShape,
  formatShape,
  resolveReshape,
  sameShape,
  shapeSize,
  stridesOf,
} from "gradlab";

describe("shape helpers", () => {
  test("shapeSize multiplies the sizes; the scalar shape [] has one element", () => {
    expect(shapeSize([2, 3, 4])).toBe(24);
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([5, 0, 3])).toBe(0);
  });

  test("formatShape and sameShape", () => {
    expect(formatShape([32, 3])).toBe("[32, 3]");
    expect(formatShape([])).toBe("[]");
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([2, 3], [2, 3, 1])).toBe(false);
    expect(sameShape([], [])).toBe(true);
  });

  test("checkShape rejects negative and fractional sizes", () => {
    expect(() => checkShape([2, 0, 3], "here")).not.toThrow();
    expect(() => checkShape([2, -1], "Tensor.zeros")).toThrow(
      "Tensor.zeros: invalid shape [2, -1]: sizes must be non-negative integers",
    );
    expect(() => checkShape([1.5], "here")).toThrow("invalid shape [1.5]");
    expect(() => checkShape([NaN], "here")).toThrow("invalid shape [NaN]");
  });

  test("assertSameShape names both shapes", () => {
    expect(() => assertSameShape([2, 3], [2, 3], "f")).not.toThrow();
    expect(() => assertSameShape([2, 3], [3, 2], "Tensor.add", ["this", "other"])).toThrow(
      "Tensor.add: this has shape [2, 3] but other has shape [3, 2]; they must be equal",
    );
    expect(() => assertSameShape([1], [1, 1], "f")).toThrow("f: a has shape [1] but b has shape [1, 1]");
  });

  test("expectShape matches a pattern with free sizes and names them in the message", () => {
    expect(() => expectShape([32, 4], [null, 4], "Linear.fprop")).not.toThrow();
    expect(() => expectShape([32, 3], [null, 4], "Linear.fprop")).toThrow("Linear.fprop: x has shape [32, 3], expected [N, 4]");
    expect(() => expectShape([2, 3, 8, 8], [null, 3, null, null], "Conv2d.fprop")).not.toThrow();
    expect(() => expectShape([2, 8, 8], [null, 3, null, null], "Conv2d.fprop")).toThrow(
      "Conv2d.fprop: x has shape [2, 8, 8], expected [N, 3, H, W]",
    );
    expect(() => expectShape([4], [null, null], "Tensor.transpose", "the tensor", ["rows", "cols"])).toThrow(
      "Tensor.transpose: the tensor has shape [4], expected [rows, cols]",
    );
    expect(() => expectShape([5, 2], [null, 3], "Linear.bprop", "dy")).toThrow("dy has shape [5, 2], expected [N, 3]");
  });

  test("resolveReshape fills in one -1 and checks the element count", () => {
    expect(resolveReshape(12, [3, -1], "r")).toEqual([3, 4]);
    expect(resolveReshape(12, [-1], "r")).toEqual([12]);
    expect(resolveReshape(12, [2, -1, 3], "r")).toEqual([2, 2, 3]);
    expect(resolveReshape(12, [4, 3], "r")).toEqual([4, 3]);
    expect(resolveReshape(1, [], "r")).toEqual([]);
    expect(() => resolveReshape(12, [5, -1], "r")).toThrow("r: cannot reshape 12 elements into [5, -1]");
    expect(() => resolveReshape(12, [-1, -1], "r")).toThrow("r: only one dimension may be -1, got [-1, -1]");
    expect(() => resolveReshape(12, [5, 2], "r")).toThrow("r: cannot reshape 12 elements into [5, 2] (10 elements)");
    expect(() => resolveReshape(0, [0, -1], "r")).toThrow("cannot reshape 0 elements into [0, -1]");
    expect(() => resolveReshape(12, [-2, -6], "r")).toThrow("r: invalid shape [-2, -6]");
  });

  test("stridesOf gives row-major strides", () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([])).toEqual([]);
  });
});
