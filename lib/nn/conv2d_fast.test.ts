import { Conv2d, Rng, Tensor, conv2dReference, conv2dReferenceGrads, relError, setGemmBackend } from "gradlab";
import { CONV_TOL, ConvCase, ConvGeometry, expectReusedBuffersAccumulate, setUpConv } from "../../test/support/conv2d_cases";
import { imagesPerGroup } from "./conv2d_wasm";

/**
 * Conv2d's two implementations (the WebAssembly fast path of conv2d_wasm.ts and im2col + gemm of
 * conv2d_columns.ts) against the plain loops conv2dReference and conv2dReferenceGrads, on the
 * shapes where their index arithmetic could go wrong: stride, padding, non-square kernels and
 * strides, one image, more channels, groups and chunks of images, reused buffers.
 */
const CASES: ConvCase[] = [
  { name: "the bench's layer, 1→8 3×3 on 28×28", N: 3, Cin: 1, Cout: 8, H: 28, W: 28, k: 3, geometry: { stride: 1, padding: 0 } },
  { name: "the course CNN's layer, 8→16 3×3 padding 1 on 14×14", N: 4, Cin: 8, Cout: 16, H: 14, W: 14, k: 3, geometry: { stride: 1, padding: 1 } },
  { name: "stride 2, padding 1", N: 3, Cin: 2, Cout: 5, H: 9, W: 8, k: 3, geometry: { stride: 2, padding: 1 } },
  { name: "non-square kernel, stride and padding", N: 2, Cin: 3, Cout: 6, H: 7, W: 9, k: [2, 3], geometry: { stride: [2, 1], padding: [1, 0] } },
  { name: "batch 1, 5 output channels (a partial panel)", N: 1, Cin: 2, Cout: 5, H: 6, W: 7, k: [3, 1], geometry: { stride: 1, padding: [0, 1] } },
  { name: "stride larger than the kernel", N: 2, Cin: 1, Cout: 3, H: 8, W: 7, k: 2, geometry: { stride: 3, padding: 1 } },
  { name: "one output pixel per image (fewer columns than a panel)", N: 1, Cin: 2, Cout: 3, H: 5, W: 5, k: 5, geometry: { stride: 1, padding: 0 } },
  { name: "kernel wider than the image", N: 2, Cin: 1, Cout: 2, H: 2, W: 3, k: 4, geometry: { stride: 1, padding: [1, 2] } },
];

/** fprop, then bprop of a random dy; every result against the reference loops. */
function expectMatchesReference(conv: Conv2d, x: Tensor, dy: Tensor, g: ConvGeometry, path: "wasm" | "gemm"): void {
  conv.zeroGrad();
  const y = conv.fprop(x);
  expect(conv.lastPath).toBe(path);
  const dx = conv.bprop(dy);
  const ref = conv2dReferenceGrads(x, conv.W.value, dy, g);
  expect(y.shape).toEqual(dy.shape);
  expect(relError(y, conv2dReference(x, conv.W.value, conv.b!.value, g))).toBeLessThan(CONV_TOL);
  expect(relError(dx, ref.dx)).toBeLessThan(CONV_TOL);
  expect(relError(conv.W.grad, ref.dW)).toBeLessThan(CONV_TOL);
  expect(relError(conv.b!.grad, ref.db)).toBeLessThan(CONV_TOL);
}

describe.each([["wasm"], ["gemm"]] as const)("Conv2d (%s path) against conv2dReference and conv2dReferenceGrads", (path) => {
  const savedLimit = Conv2d.columnCacheLimit;
  const savedDirect = Conv2d.directMaxK;
  beforeAll(() => {
    setGemmBackend(path === "wasm" ? "wasm" : "js");
    Conv2d.directMaxK = 0; // the small-K layers here would take the direct path (tested in conv2d_direct.test.ts)
  });
  afterAll(() => {
    setGemmBackend("auto");
    Conv2d.directMaxK = savedDirect;
  });
  afterEach(() => {
    Conv2d.columnCacheLimit = savedLimit;
  });

  test.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const { conv, x, dy } = setUpConv(c, 21);
    expectMatchesReference(conv, x, dy, c.geometry, path);
  });

  test.each(CASES.map((c) => [c.name, c] as const))("%s, one image at a time (columnCacheLimit 0)", (_, c) => {
    Conv2d.columnCacheLimit = 0;
    const { conv, x, dy } = setUpConv(c, 22);
    expectMatchesReference(conv, x, dy, c.geometry, path);
  });

  test("groups or chunks of several images, the last one smaller (columnCacheLimit between one image and the batch)", () => {
    const c = { ...CASES[2], N: 5 }; // 9×8 input, stride 2: 5×4 = 20 output pixels per image, K = 18
    Conv2d.columnCacheLimit = 2 * 18 * 20 + 7; // 2 images per group or chunk: 2, 2, 1
    const s = { N: 5, C: 2, H: 9, W: 8, Cout: 5, kH: 3, kW: 3, sh: 2, sw: 2, ph: 1, pw: 1, Ho: 5, Wo: 4, K: 18, P: 20 };
    expect(imagesPerGroup(s, 1 << 20, Conv2d.columnCacheLimit)).toBe(2);
    const { conv, x, dy } = setUpConv(c, 23);
    expectMatchesReference(conv, x, dy, c.geometry, path);
  });

  test("with reuseBuffers() on, the same y and dx tensors carry each new batch's results, and gradients accumulate", () => {
    const c = CASES[3];
    const { conv, x, dy } = setUpConv(c, 24);
    const rng = new Rng(25);
    const { y1, x2 } = expectReusedBuffersAccumulate(conv, x, dy, c.geometry, rng, () => expect(conv.lastPath).toBe(path));
    // A smaller batch through the same layer, then the first size again.
    const x3 = Tensor.randn([1, c.Cin, c.H, c.W], rng);
    expect(relError(conv.fprop(x3), conv2dReference(x3, conv.W.value, conv.b!.value, c.geometry))).toBeLessThan(CONV_TOL);
    expect(conv.fprop(x2)).toBe(y1);
  });

  test("bpropParams (no dx) gives the dW and db of bprop", () => {
    const c = CASES[1];
    const { conv, x, dy } = setUpConv(c, 26);
    conv.fprop(x);
    conv.bpropParams(dy);
    const ref = conv2dReferenceGrads(x, conv.W.value, dy, c.geometry);
    expect(relError(conv.W.grad, ref.dW)).toBeLessThan(CONV_TOL);
    expect(relError(conv.b!.grad, ref.db)).toBeLessThan(CONV_TOL);
  });
});

describe("Conv2d's choice of path", () => {
  afterEach(() => setGemmBackend("auto"));

  test("the direct path for small K, the fast path for larger K, im2col + gemm on the js backend", () => {
    const { conv, x } = setUpConv(CASES[0], 27);
    conv.fprop(x);
    expect(conv.lastPath).toBe("direct");
    const course = setUpConv(CASES[1], 27);
    course.conv.fprop(course.x);
    expect(course.conv.lastPath).toBe("wasm");
    setGemmBackend("js");
    conv.fprop(x);
    expect(conv.lastPath).toBe("gemm");
  });

  test("a layer whose one image does not fit in the kernel's memory takes the im2col + gemm path", () => {
    // A 1×1 kernel on 600×900: x, dx and y of the one image are 1.62 M doubles, more than the memory's 1.35 M.
    const rng = new Rng(28);
    const conv = new Conv2d(1, 1, 1, { rng });
    conv.b!.value.data[0] = 0.5;
    const x = Tensor.randn([1, 1, 600, 900], rng);
    const saved = Conv2d.directMaxK;
    Conv2d.directMaxK = 0; // else the direct path, whose memory is its own, takes it
    let y: Tensor;
    try {
      y = conv.fprop(x);
    } finally {
      Conv2d.directMaxK = saved;
    }
    expect(conv.lastPath).toBe("gemm");
    expect(relError(y, x.mul(conv.W.value.data[0]).add(0.5))).toBeLessThan(CONV_TOL); // a 1×1 kernel scales every pixel
  });

  test("imagesPerGroup: a whole batch when it fits, fewer under columnCacheLimit or in a small memory, 0 when one image does not fit", () => {
    const s = { N: 64, C: 8, H: 14, W: 14, Cout: 16, kH: 3, kW: 3, sh: 1, sw: 1, ph: 1, pw: 1, Ho: 14, Wo: 14, K: 72, P: 196 };
    expect(imagesPerGroup(s, 1 << 20, 1 << 22)).toBeGreaterThanOrEqual(64); // the batch of 64 in one group
    expect(imagesPerGroup(s, 1 << 20, 72 * 196 * 10)).toBe(10);
    expect(imagesPerGroup(s, 1 << 20, 0)).toBe(1);
    // Tables (≤ 4·72·196 ints) and one image's panels (≤ 6·72·196 doubles), then 2·8·196 + 16·196 doubles per image.
    const small = imagesPerGroup(s, 150_000, 1 << 22);
    expect(small).toBeGreaterThanOrEqual(1);
    expect(small).toBeLessThan(64);
    expect(imagesPerGroup(s, 20_000, 1 << 22)).toBe(0);
  });

  test("conv2dReferenceGrads matches a hand-worked example and rejects a wrong dy", () => {
    // The 3×3 image and 2×2 kernel of conv2d.test.ts with dy = 1: each pixel gets the taps of the windows covering it.
    const x = Tensor.from([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const W = Tensor.from([[[[1, 2], [3, 4]]]]);
    const g = conv2dReferenceGrads(x, W, Tensor.ones([1, 1, 2, 2]));
    expect(g.dx.toArray()).toEqual([[[[1, 3, 2], [4, 10, 6], [3, 7, 4]]]]);
    expect(g.dW.toArray()).toEqual([[[[12, 16], [24, 28]]]]);
    expect(g.db.toArray()).toEqual([4]);
    expect(() => conv2dReferenceGrads(x, W, Tensor.ones([1, 1, 3, 3]))).toThrow("expected dy [1, 1, 2, 2]");
  });
});
