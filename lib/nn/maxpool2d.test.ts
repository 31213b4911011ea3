import { MaxPool2d, Rng, Tensor, gradcheck } from "gradlab";
import { expectGradcheckPasses } from "../../test/support/gradcheck";

/** One 1-channel image as an [1, 1, H, W] tensor. */
const image = (rows: number[][]): Tensor => Tensor.from([[rows]]);

describe("MaxPool2d", () => {
  test("2×2 windows with the default stride 2 (hand-worked), gradient to each window's max", () => {
    const pool = new MaxPool2d(2);
    expect(pool.stride).toEqual([2, 2]);
    const x = image([
      [1, 3, 2, 0],
      [5, 4, -1, 1],
      [0, 1, 6, 7],
      [2, 8, 3, 1],
    ]);
    expect(pool.fprop(x).toArray()).toEqual([[[[5, 2], [8, 7]]]]);
    const dx = pool.bprop(image([[1, 2], [3, 4]]));
    expect(dx.toArray()).toEqual([[[
      [0, 0, 2, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 4],
      [0, 3, 0, 0],
    ]]]);
  });

  test("padding counts as −∞, not 0 (hand-worked)", () => {
    const pool = new MaxPool2d(2, { padding: 1 });
    const x = image([
      [-1, -2, -3],
      [-4, -5, -6],
      [-7, -8, -9],
    ]);
    // Windows cover rows/cols {−1, 0} and {1, 2}: (0,0) sees only x[0,0]; (1,1) sees −5, −6, −8, −9.
    expect(pool.fprop(x).toArray()).toEqual([[[[-1, -2], [-4, -5]]]]);
    expect(pool.bprop(image([[1, 1], [1, 1]])).toArray()).toEqual([[[[1, 1, 0], [1, 1, 0], [0, 0, 0]]]]);
  });

  test("on ties the first maximum in row-major order gets the gradient", () => {
    const pool = new MaxPool2d(2);
    const x = image([
      [3, 3, 0, 2],
      [3, 1, 2, 1],
    ]);
    expect(pool.fprop(x).toArray()).toEqual([[[[3, 2]]]]);
    expect(pool.bprop(image([[5, 7]])).toArray()).toEqual([[[[5, 0, 0, 7], [0, 0, 0, 0]]]]);
  });

  test("overlapping windows (stride < kernel) add up their gradients", () => {
    const pool = new MaxPool2d(2, { stride: 1 });
    const x = image([
      [1, 2, 3],
      [4, 9, 5],
      [6, 7, 8],
    ]);
    expect(pool.fprop(x).toArray()).toEqual([[[[9, 9], [9, 9]]]]);
    // The centre is the max of all four windows: it receives 1 + 2 + 3 + 4.
    expect(pool.bprop(image([[1, 2], [3, 4]])).toArray()).toEqual([[[[0, 0, 0], [0, 10, 0], [0, 0, 0]]]]);
  });

  const gradCases: [string, number | [number, number], { stride?: number | [number, number]; padding?: number | [number, number] }, number[]][] = [
    ["2×2, stride 2", 2, {}, [2, 3, 6, 6]],
    ["3×3, stride 2 (overlapping)", 3, { stride: 2 }, [2, 2, 7, 7]],
    ["[3, 2], stride 1, padding 1 (overlapping, padded)", [3, 2], { stride: 1, padding: 1 }, [1, 2, 5, 4]],
    ["3×3, stride 3, odd size", 3, {}, [2, 2, 8, 7]],
  ];
  test.each(gradCases)("bprop matches finite differences on random normals (%s)", (_, k, opts, xShape) => {
    // Random normals have no ties (nor near-ties within the step h), so the max is differentiable.
    const pool = new MaxPool2d(k, opts);
    expectGradcheckPasses(gradcheck(pool, Tensor.randn(xShape, new Rng(21))), ["x"]);
  });

  test("a NaN in a window gives NaN and takes the gradient", () => {
    const pool = new MaxPool2d(2);
    const y = pool.fprop(image([[1, NaN, 5, 2], [3, 4, 0, 1]]));
    expect(Number.isNaN(y.data[0])).toBe(true);
    expect(y.data[1]).toBe(5);
    expect(pool.bprop(image([[2, 3]])).toArray()).toEqual([[[[0, 2, 3, 0], [0, 0, 0, 0]]]]);
  });

  test("bad inputs and options give clear errors", () => {
    const pool = new MaxPool2d(3);
    expect(() => pool.fprop(Tensor.zeros([4, 4]))).toThrow("MaxPool2d.fprop: x has shape [4, 4], expected [N, C, H, W]");
    expect(() => pool.fprop(Tensor.zeros([1, 1, 2, 4]))).toThrow(
      "MaxPool2d.fprop: kernel 3×3 is larger than the padded input 2×4 (H 2 + 2·0, W 4 + 2·0)",
    );
    expect(() => pool.bprop(Tensor.zeros([1, 1, 1, 1]))).toThrow("MaxPool2d.bprop: called before fprop");
    pool.fprop(Tensor.zeros([2, 3, 6, 6]));
    expect(() => pool.bprop(Tensor.zeros([2, 3, 3, 3]))).toThrow("MaxPool2d.bprop: dy has shape [2, 3, 3, 3], expected [2, 3, 2, 2]");
    expect(() => new MaxPool2d(0)).toThrow("MaxPool2d: kernelSize must be an integer >= 1 or an [h, w] pair of them, got 0");
    expect(() => new MaxPool2d(2, { stride: 1.5 })).toThrow("MaxPool2d: stride must be an integer >= 1 or an [h, w] pair of them, got 1.5");
    expect(() => new MaxPool2d(2, { padding: -1 })).toThrow("MaxPool2d: padding must be a non-negative integer");
    expect(() => new MaxPool2d([3, 2], { padding: [1, 2] })).toThrow(
      "MaxPool2d: padding [1, 2] must be at most half the kernel size [3, 2]",
    );
    expect(() => new MaxPool2d(2, { pad: 1 } as never)).toThrow('unknown option "pad"');
  });
});

describe("MaxPool2d: the arg-max indices, readable", () => {
  test("hand-worked: flat indices r·W + c within each H×W plane, as PyTorch's return_indices", () => {
    const pool = new MaxPool2d(2);
    expect(pool.argmax).toBeNull();
    const x = Tensor.from([
      [
        [[1, 3, 2, 0], [5, 4, -1, 1], [0, 1, 6, 7], [2, 8, 3, 1]],
        [[0, 0, 9, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, -1]],
      ],
    ]);
    pool.fprop(x);
    // Channel 0: 5 at (1, 0) → 4, 2 at (0, 2) → 2, 8 at (3, 1) → 13, 7 at (2, 3) → 11.
    // Channel 1: 9 at (0, 2) → 2; the all-zero windows pick their first entry (ties): 0, 8, 10.
    expect(pool.argmax!.shape).toEqual([1, 2, 2, 2]);
    expect(pool.argmax!.toArray()).toEqual([[[[4, 2], [13, 11]], [[0, 2], [8, 10]]]]);
  });

  test("with padding and overlap the indices still point into the unpadded plane, and follow the last fprop", () => {
    const pool = new MaxPool2d(2, { stride: 1, padding: 1 });
    pool.fprop(Tensor.from([[[[1, 2], [4, 3]]]]));
    // Windows over the padded 4×4: maxima 1, 2, 2 / 4, 4, 3 / 4, 4, 3.
    expect(pool.argmax!.toArray()).toEqual([[[[0, 1, 1], [2, 2, 3], [2, 2, 3]]]]);
    const copy = pool.argmax!;
    copy.data[0] = 3; // a copy: bprop still routes by the layer's own indices
    expect(pool.bprop(Tensor.ones([1, 1, 3, 3])).toArray()).toEqual([[[[1, 2], [4, 2]]]]);
    pool.fprop(Tensor.from([[[[9, 0], [0, 0]]]]));
    expect(pool.argmax!.toArray()).toEqual([[[[0, 0, 1], [0, 0, 1], [2, 2, 3]]]]);
  });
});
