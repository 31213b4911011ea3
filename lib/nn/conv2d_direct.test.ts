import { Conv2d, Rng, Tensor, conv2dReference, conv2dReferenceGrads, relError } from "gradlab";
import { CONV_TOL, ConvCase, expectReusedBuffersAccumulate, setUpConv } from "../../test/support/conv2d_cases";

/**
 * Conv2d's direct path (conv2d_direct.ts: small K = Cin·kH·kW, column stride 1) against the plain
 * loops conv2dReference and conv2dReferenceGrads, on the shapes where its tables and its vector
 * reads past a row's end could go wrong: one and two input channels, padding, a row stride of
 * 2 and 3, non-square kernels, odd widths (a half vector at the end of each row), one image,
 * rows narrower than a vector block, reused buffers over two batches.
 */
const CASES: ConvCase[] = [
  { name: "the bench's layer, 1→8 3×3 on 28×28", N: 3, Cin: 1, Cout: 8, H: 28, W: 28, k: 3, geometry: { stride: 1, padding: 0 } },
  { name: "1→8 3×3 padding 1 on 28×28 (Wo 28: blocks of 8 and 2)", N: 2, Cin: 1, Cout: 8, H: 28, W: 28, k: 3, geometry: { stride: 1, padding: 1 } },
  { name: "2→3 3×2 padding 1, odd sizes 9×11", N: 3, Cin: 2, Cout: 3, H: 9, W: 11, k: [3, 2], geometry: { stride: 1, padding: 1 } },
  { name: "row stride 2, padding 1, 1→4 on 13×17", N: 2, Cin: 1, Cout: 4, H: 13, W: 17, k: 3, geometry: { stride: [2, 1], padding: 1 } },
  { name: "row stride 3, non-square 2×3 kernel, padding [1, 0], 2 channels", N: 2, Cin: 2, Cout: 5, H: 10, W: 9, k: [2, 3], geometry: { stride: [3, 1], padding: [1, 0] } },
  { name: "batch 1, 3×1 kernel, padding [0, 1]", N: 1, Cin: 2, Cout: 5, H: 6, W: 7, k: [3, 1], geometry: { stride: 1, padding: [0, 1] } },
  { name: "1×5 kernel, padding [0, 2], odd width 21", N: 2, Cin: 1, Cout: 6, H: 5, W: 21, k: [1, 5], geometry: { stride: 1, padding: [0, 2] } },
  { name: "kernel wider than the image (4×4 on 2×3, padding [1, 2])", N: 2, Cin: 1, Cout: 2, H: 2, W: 3, k: 4, geometry: { stride: 1, padding: [1, 2] } },
  { name: "one output column", N: 2, Cin: 1, Cout: 3, H: 6, W: 3, k: 3, geometry: { stride: 1, padding: 0 } },
  { name: "1×1 kernel, 2 channels, 5×5", N: 2, Cin: 2, Cout: 3, H: 5, W: 5, k: 1, geometry: { stride: 1, padding: 0 } },
];

describe("Conv2d's direct path against conv2dReference and conv2dReferenceGrads", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const { conv, x, dy } = setUpConv(c, 31);
    conv.b!.grad.data.fill(0.25); // gradients accumulate onto what is there
    conv.W.grad.data.fill(-0.5);
    const y = conv.fprop(x);
    expect(conv.lastPath).toBe("direct");
    const dx = conv.bprop(dy);
    const ref = conv2dReferenceGrads(x, conv.W.value, dy, c.geometry);
    expect(relError(y, conv2dReference(x, conv.W.value, conv.b!.value, c.geometry))).toBeLessThan(CONV_TOL);
    expect(relError(dx, ref.dx)).toBeLessThan(CONV_TOL);
    expect(relError(conv.W.grad, ref.dW.add(-0.5))).toBeLessThan(CONV_TOL);
    expect(relError(conv.b!.grad, ref.db.add(0.25))).toBeLessThan(CONV_TOL);
  });

  test("with reuseBuffers() on, two batches through the same buffers (and a smaller batch, and a new shape, between)", () => {
    const c = CASES[4];
    const { conv, x, dy } = setUpConv(c, 32);
    const rng = new Rng(33);
    const { x2 } = expectReusedBuffersAccumulate(conv, x, dy, c.geometry, rng, () => expect(conv.lastPath).toBe("direct"));
    // One image, then another image size (new tables), then the first again (into a new buffer:
    // TensorBuffer keeps the last two shapes).
    const x3 = Tensor.randn([1, c.Cin, c.H, c.W], rng);
    expect(relError(conv.fprop(x3), conv2dReference(x3, conv.W.value, conv.b!.value, c.geometry))).toBeLessThan(CONV_TOL);
    const x4 = Tensor.randn([2, c.Cin, c.H + 3, c.W + 2], rng);
    expect(relError(conv.fprop(x4), conv2dReference(x4, conv.W.value, conv.b!.value, c.geometry))).toBeLessThan(CONV_TOL);
    expect(conv.lastPath).toBe("direct");
    expect(relError(conv.fprop(x2), conv2dReference(x2, conv.W.value, conv.b!.value, c.geometry))).toBeLessThan(CONV_TOL);
  });

  test("no bias, and bpropParams (no dx)", () => {
    const c = CASES[2];
    const { conv, x, dy } = setUpConv(c, 34, false);
    const y = conv.fprop(x);
    expect(conv.lastPath).toBe("direct");
    expect(relError(y, conv2dReference(x, conv.W.value, null, c.geometry))).toBeLessThan(CONV_TOL);
    conv.bpropParams(dy);
    const ref = conv2dReferenceGrads(x, conv.W.value, dy, c.geometry);
    expect(relError(conv.W.grad, ref.dW)).toBeLessThan(CONV_TOL);
  });

  test("not taken for a column stride above 1, K above Conv2d.directMaxK, or with directMaxK 0", () => {
    const stride2 = setUpConv({ name: "", N: 1, Cin: 1, Cout: 2, H: 9, W: 9, k: 3, geometry: { stride: 2, padding: 1 } }, 35);
    stride2.conv.fprop(stride2.x);
    expect(stride2.conv.lastPath).toBe("wasm");
    const wide = setUpConv({ name: "", N: 1, Cin: 2, Cout: 2, H: 9, W: 9, k: 3, geometry: { stride: 1, padding: 0 } }, 36); // K = 18
    wide.conv.fprop(wide.x);
    expect(wide.conv.lastPath).toBe("wasm");
    const { conv, x } = setUpConv(CASES[0], 37);
    const saved = Conv2d.directMaxK;
    Conv2d.directMaxK = 0;
    try {
      conv.fprop(x);
    } finally {
      Conv2d.directMaxK = saved;
    }
    expect(conv.lastPath).toBe("wasm");
  });
});
