import { Conv2d, Rng, Tensor, conv2dReference, gradcheck, relError } from "gradlab";
import { expectGradcheckPasses } from "../../test/support/gradcheck";

const image3x3 = Tensor.from([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]); // [1, 1, 3, 3]
const kernel2x2 = [1, 2, 3, 4]; // [[1, 2], [3, 4]]

describe("Conv2d", () => {
  test("fprop on a 3×3 image with a 2×2 kernel (hand-worked)", () => {
    const conv = new Conv2d(1, 1, 2);
    conv.W.value.data.set(kernel2x2);
    conv.b!.value.data.set([0.5]);
    const y = conv.fprop(image3x3);
    // y[0,0] = 1·1 + 2·2 + 3·4 + 4·5 = 37, y[0,1] = 1·2 + 2·3 + 3·5 + 4·6 = 47,
    // y[1,0] = 1·4 + 2·5 + 3·7 + 4·8 = 67, y[1,1] = 1·5 + 2·6 + 3·8 + 4·9 = 77; plus b = 0.5
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(y.toArray()).toEqual([[[[37.5, 47.5], [67.5, 77.5]]]]);
  });

  test("fprop with stride 2 and padding 1 (hand-worked)", () => {
    const conv = new Conv2d(1, 1, 2, { stride: 2, padding: 1, bias: false });
    conv.W.value.data.set(kernel2x2);
    // Windows start at rows/cols −1 and 1; outside the image is 0.
    // (0,0): only x[0,0]=1 under k[1,1]=4 → 4; (0,1): x[0,1]·3 + x[0,2]·4 = 18;
    // (1,0): x[1,0]·2 + x[2,0]·4 = 36; (1,1): 5·1 + 6·2 + 8·3 + 9·4 = 77.
    expect(conv.fprop(image3x3).toArray()).toEqual([[[[4, 18], [36, 77]]]]);
  });

  test("bprop on the 3×3 example with dy = 1 (hand-worked)", () => {
    const conv = new Conv2d(1, 1, 2);
    conv.W.value.data.set(kernel2x2);
    conv.fprop(image3x3);
    const dx = conv.bprop(Tensor.ones([1, 1, 2, 2]));
    // Each pixel receives the kernel taps of every window that covers it.
    expect(dx.toArray()).toEqual([[[[1, 3, 2], [4, 10, 6], [3, 7, 4]]]]);
    // dW[a, b] = Σ over windows of x[i + a, j + b]: the sum of a 2×2 block of the image.
    expect(Array.from(conv.W.grad.data)).toEqual([12, 16, 24, 28]);
    expect(Array.from(conv.b!.grad.data)).toEqual([4]);
  });

  test("conv2dReference takes Conv2d's options { stride, padding } (hand-worked) and the older positional form", () => {
    const x = Tensor.from([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const W = Tensor.ones([1, 1, 2, 2]);
    // Stride 2 over the zero-padded 5×5: windows {1}, {2, 3}, {4, 7}, {5, 6, 8, 9}; plus b = 0.5.
    const y = conv2dReference(x, W, Tensor.from([0.5]), { stride: 2, padding: 1 });
    expect(y.toArray()).toEqual([[[[1.5, 5.5], [11.5, 28.5]]]]);
    expect(conv2dReference(x, W, Tensor.from([0.5]), 2, 1).toArray()).toEqual(y.toArray());
    expect(conv2dReference(x, W, null, { padding: 1 }).shape).toEqual([1, 1, 4, 4]); // stride defaults to 1
    expect(conv2dReference(x, W, null).toArray()).toEqual([[[[12, 16], [24, 28]]]]);
  });

  test("agrees with the direct loop conv2dReference on random shapes", () => {
    const rng = new Rng(11);
    const cases: { N: number; Cin: number; Cout: number; H: number; W: number; k: number | [number, number]; stride: number | [number, number]; padding: number | [number, number] }[] = [
      { N: 2, Cin: 3, Cout: 4, H: 7, W: 6, k: 3, stride: 1, padding: 0 },
      { N: 3, Cin: 2, Cout: 5, H: 8, W: 9, k: 3, stride: 2, padding: 1 },
      { N: 2, Cin: 3, Cout: 2, H: 6, W: 7, k: [2, 3], stride: 2, padding: 1 },
      { N: 1, Cin: 2, Cout: 3, H: 9, W: 5, k: [3, 1], stride: [2, 1], padding: [1, 0] },
      { N: 2, Cin: 1, Cout: 2, H: 8, W: 7, k: 2, stride: 3, padding: 1 }, // stride > kernel: gaps
      { N: 2, Cin: 2, Cout: 3, H: 5, W: 5, k: 5, stride: 1, padding: 0 }, // one output pixel
      { N: 1, Cin: 1, Cout: 1, H: 2, W: 3, k: 4, stride: 1, padding: [1, 2] }, // kernel wider than the image
    ];
    for (const c of cases) {
      const conv = new Conv2d(c.Cin, c.Cout, c.k, { stride: c.stride, padding: c.padding, rng });
      conv.b!.value.data.set(Tensor.randn([c.Cout], rng).data);
      const x = Tensor.randn([c.N, c.Cin, c.H, c.W], rng);
      const y = conv.fprop(x);
      const ref = conv2dReference(x, conv.W.value, conv.b!.value, { stride: c.stride, padding: c.padding });
      expect(y.shape).toEqual(ref.shape);
      expect(relError(y, ref)).toBeLessThan(1e-13);
    }
  });

  test("scratch buffers are reused safely when the batch or image size changes", () => {
    const rng = new Rng(12);
    const conv = new Conv2d(2, 3, 3, { padding: 1, rng });
    for (const [N, H, W] of [[3, 5, 5], [2, 7, 4], [1, 5, 5], [3, 5, 5]]) {
      const x = Tensor.randn([N, 2, H, W], rng);
      expect(relError(conv.fprop(x), conv2dReference(x, conv.W.value, conv.b!.value, 1, 1))).toBeLessThan(1e-13);
    }
    // bprop after the buffers grew and shrank still matches finite differences.
    expectGradcheckPasses(gradcheck(conv, Tensor.randn([1, 2, 4, 6], rng)), ["x", "W", "b"]);
  });

  test("bprop gives the same gradients when the columns are recomputed instead of cached", () => {
    const rng = new Rng(16);
    const conv = new Conv2d(2, 3, [3, 2], { stride: [1, 2], padding: 1, rng });
    const x = Tensor.randn([3, 2, 6, 5], rng);
    const dy = Tensor.randn([3, 3, 6, 3], rng);
    conv.fprop(x);
    const dxCached = conv.bprop(dy);
    const dWCached = conv.W.grad.clone();
    const saved = Conv2d.columnCacheLimit;
    Conv2d.columnCacheLimit = 0;
    try {
      conv.zeroGrad();
      conv.fprop(x);
      const dx = conv.bprop(dy);
      expect(relError(dx, dxCached)).toBeLessThan(1e-14);
      expect(relError(conv.W.grad, dWCached)).toBeLessThan(1e-14);
      expectGradcheckPasses(gradcheck(conv, x), ["x", "W", "b"]);
    } finally {
      Conv2d.columnCacheLimit = saved;
    }
  });

  test("chunks of several images (columnCacheLimit between one image and the batch) give the same numbers", () => {
    const rng = new Rng(17);
    const conv = new Conv2d(2, 3, [3, 2], { stride: [1, 2], padding: 1, rng });
    const x = Tensor.randn([5, 2, 6, 5], rng);
    const dy = Tensor.randn([5, 3, 6, 3], rng);
    const y = conv.fprop(x);
    const dx = conv.bprop(dy);
    const dW = conv.W.grad.clone();
    const db = conv.b!.grad.clone();
    expect(relError(y, conv2dReference(x, conv.W.value, conv.b!.value, { stride: [1, 2], padding: 1 }))).toBeLessThan(1e-14);
    const saved = Conv2d.columnCacheLimit;
    // K = 2·3·2 = 12 rows and P = 6·3 = 18 columns per image: room for 2 images, so chunks of 2, 2, 1.
    Conv2d.columnCacheLimit = 2 * 12 * 18 + 5;
    try {
      conv.zeroGrad();
      expect(relError(conv.fprop(x), y)).toBeLessThan(1e-14);
      expect(relError(conv.bprop(dy), dx)).toBeLessThan(1e-14);
      expect(relError(conv.W.grad, dW)).toBeLessThan(1e-14);
      expect(relError(conv.b!.grad, db)).toBeLessThan(1e-14);
      expectGradcheckPasses(gradcheck(conv, x), ["x", "W", "b"]);
    } finally {
      Conv2d.columnCacheLimit = saved;
    }
  });

  const gradCases: [string, number, number, number | [number, number], { stride: number | [number, number]; padding: number | [number, number] }, number[]][] = [
    ["stride 1, padding 0", 1, 1, 3, { stride: 1, padding: 0 }, [2, 1, 5, 5]],
    ["stride 2, padding 1", 1, 2, 3, { stride: 2, padding: 1 }, [2, 1, 6, 5]],
    ["multiple channels", 3, 2, 3, { stride: 1, padding: 1 }, [2, 3, 4, 5]],
    ["non-square kernel, stride [2, 1], padding [0, 1]", 2, 3, [2, 3], { stride: [2, 1], padding: [0, 1] }, [2, 2, 5, 4]],
  ];
  test.each(gradCases)("bprop matches finite differences for x, W and b (%s)", (_, Cin, Cout, k, opts, xShape) => {
    const rng = new Rng(13);
    const conv = new Conv2d(Cin, Cout, k, { ...opts, rng });
    conv.b!.value.data.set(Tensor.randn([Cout], rng).data);
    expectGradcheckPasses(gradcheck(conv, Tensor.randn(xShape, rng)), ["x", "W", "b"]);
  });

  test("without bias there is only W, and gradients accumulate across calls", () => {
    const rng = new Rng(14);
    const conv = new Conv2d(2, 2, 2, { bias: false, stride: 2, rng });
    expect(conv.params().map((p) => [p.name, p.regularize])).toEqual([["W", true]]);
    const x = Tensor.randn([2, 2, 4, 4], rng);
    const dy = Tensor.randn([2, 2, 2, 2], rng);
    expectGradcheckPasses(gradcheck(conv, x), ["x", "W"]);
    conv.zeroGrad();
    conv.fprop(x);
    conv.bprop(dy);
    const once = conv.W.grad.clone();
    conv.fprop(x);
    conv.bprop(dy);
    expect(relError(conv.W.grad, once.mul(2))).toBeLessThan(1e-14);
  });

  test("He normal initialization by default: W ~ N(0, 2/(Cin·kH·kW))", () => {
    const conv = new Conv2d(8, 64, 3, { rng: new Rng(15) });
    const w = conv.W.value;
    expect(w.shape).toEqual([64, 8, 3, 3]);
    const variance = w.mul(w).mean() - w.mean() ** 2; // 4608 samples: standard error of the variance ≈ 2%
    expect(variance).toBeGreaterThan((2 / 72) * 0.9);
    expect(variance).toBeLessThan((2 / 72) * 1.1);
    expect(Array.from(conv.b!.value.data)).toEqual(new Array(64).fill(0));
  });

  test("bad inputs and options give clear errors", () => {
    const conv = new Conv2d(1, 2, 3);
    expect(() => conv.fprop(Tensor.zeros([2, 3, 5, 5]))).toThrow("Conv2d.fprop: x has shape [2, 3, 5, 5], expected [N, 1, H, W]");
    expect(() => conv.fprop(Tensor.zeros([5, 5]))).toThrow("Conv2d.fprop: x has shape [5, 5], expected [N, 1, H, W]");
    expect(() => conv.fprop(Tensor.zeros([1, 1, 2, 5]))).toThrow(
      "Conv2d.fprop: kernel 3×3 is larger than the padded input 2×5 (H 2 + 2·0, W 5 + 2·0)",
    );
    expect(() => conv.bprop(Tensor.zeros([1, 2, 3, 3]))).toThrow("Conv2d.bprop: called before fprop");
    conv.fprop(Tensor.zeros([1, 1, 5, 5]));
    expect(() => conv.bprop(Tensor.zeros([1, 2, 5, 5]))).toThrow("Conv2d.bprop: dy has shape [1, 2, 5, 5], expected [1, 2, 3, 3]");
    expect(() => new Conv2d(1, 1, 2.5)).toThrow("Conv2d: kernelSize must be an integer >= 1 or an [h, w] pair of them, got 2.5");
    expect(() => new Conv2d(1, 1, [3, 0])).toThrow("Conv2d: kernelSize must be an integer >= 1 or an [h, w] pair of them, got [3, 0]");
    expect(() => new Conv2d(1, 1, [3, 3, 3] as never)).toThrow("got [3, 3, 3]");
    expect(() => new Conv2d(1, 1, 3, { stride: 0 })).toThrow("Conv2d: stride must be an integer >= 1 or an [h, w] pair of them, got 0");
    expect(() => new Conv2d(1, 1, 3, { padding: -1 })).toThrow("Conv2d: padding must be a non-negative integer or an [h, w] pair of them, got -1");
    expect(() => new Conv2d(1, 1, 3, { padding: [1, NaN] })).toThrow("got [1, NaN]");
    expect(() => new Conv2d(0, 1, 3)).toThrow("Conv2d: inChannels must be an integer >= 1, got 0");
    expect(() => new Conv2d(1, 1.5, 3)).toThrow("Conv2d: outChannels must be an integer >= 1, got 1.5");
    expect(() => new Conv2d(1, 1, 3, { strides: 2 } as never)).toThrow('unknown option "strides"');
    expect(() => new Conv2d(1, 1, 3, { init: "he" })).toThrow('Conv2d: unknown initializer "he"');
    const [x, W] = [Tensor.zeros([1, 1, 4, 4]), Tensor.zeros([1, 1, 2, 2])];
    expect(() => conv2dReference(x, W, null, { stride: 2, pading: 1 } as never)).toThrow(
      'conv2dReference: unknown option "pading"; known options are "stride", "padding"',
    );
    expect(() => conv2dReference(x, W, null, { stride: 0 })).toThrow("conv2dReference: stride must be an integer >= 1 or an [h, w] pair of them, got 0");
    expect(() => (conv2dReference as (...args: unknown[]) => Tensor)(x, W, null, { stride: 2 }, 1)).toThrow("conv2dReference: give stride and padding in the options object");
    expect(() => conv2dReference(Tensor.zeros([1, 2, 4, 4]), Tensor.zeros([1, 3, 2, 2]), null)).toThrow(
      "conv2dReference: x [1, 2, 4, 4], W [1, 3, 2, 2], b none; expected [N, Cin, H, W], [Cout, Cin, kH, kW], [Cout]",
    );
  });
});
