import { Tensor } from "gradlab";

describe("Tensor.arange", () => {
  test("numpy's ranges: end exclusive, ⌈(end − start)/step⌉ values", () => {
    expect(Tensor.arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(Tensor.arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(Tensor.arange(1, 8, 3).toArray()).toEqual([1, 4, 7]);
    expect(Tensor.arange(1, 7, 3).toArray()).toEqual([1, 4]);
    expect(Tensor.arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(Tensor.arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Tensor.arange(0).shape).toEqual([0]);
    expect(Tensor.arange(3, 1).shape).toEqual([0]);
  });

  test("a zero or non-finite step or bound is an error", () => {
    expect(() => Tensor.arange(0, 3, 0)).toThrow("Tensor.arange: step must not be 0");
    expect(() => Tensor.arange(Infinity)).toThrow("Tensor.arange: end must be a finite number, got Infinity");
    expect(() => Tensor.arange(NaN, 3)).toThrow("Tensor.arange: start must be a finite number, got NaN");
  });
});

describe("Tensor.oneHot", () => {
  test("one 1 per row at the label's column", () => {
    expect(Tensor.oneHot([2, 0, 1, 2], 3).toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(Tensor.oneHot(Int32Array.from([1]), 2).toArray()).toEqual([[0, 1]]);
    expect(Tensor.oneHot([], 4).shape).toEqual([0, 4]);
    // argmax of a one-hot matrix gives the labels back
    expect(Array.from(Tensor.oneHot([3, 1, 0], 5).argmax(1))).toEqual([3, 1, 0]);
  });

  test("labels that are not integers in range are errors naming the position", () => {
    expect(() => Tensor.oneHot([0, 3], 3)).toThrow("Tensor.oneHot: labels[1] is 3; expected an integer class from 0 to 2");
    expect(() => Tensor.oneHot([0, 1.5], 3)).toThrow("Tensor.oneHot: labels[1] is 1.5; expected an integer class");
    expect(() => Tensor.oneHot([-1], 3)).toThrow("labels[0] is -1");
    expect(() => Tensor.oneHot([NaN], 3)).toThrow("labels[0] is NaN");
    expect(() => Tensor.oneHot([0], 0)).toThrow("Tensor.oneHot: numClasses must be an integer >= 1, got 0");
    expect(() => Tensor.oneHot(Tensor.from([0, 1]) as never, 2)).toThrow("Tensor.oneHot: labels must be an array of integers");
  });
});
