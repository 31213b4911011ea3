import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { Size2d, checkKernelFits, convOutputSize, toPair2d } from "./conv_geometry";

/**
 * The convolution as a direct loop over every output and every kernel tap: slow, but a line-by-
 * line reading of the formula, independent of im2col/gemm; the tests compare Conv2d against it.
 * Shapes: x [N, Cin, H, W], W [Cout, Cin, kH, kW], b [Cout] or null → y [N, Cout, Ho, Wo].
 */
export function conv2dReference(x: Tensor, W: Tensor, b: Tensor | null, stride: Size2d = 1, padding: Size2d = 0): Tensor {
  const where = "conv2dReference";
  if (x.ndim !== 4 || W.ndim !== 4 || x.shape[1] !== W.shape[1] || (b !== null && (b.ndim !== 1 || b.shape[0] !== W.shape[0]))) {
    const bShape = b === null ? "none" : formatShape(b.shape);
    throw new Error(
      `${where}: x ${formatShape(x.shape)}, W ${formatShape(W.shape)}, b ${bShape}; expected [N, Cin, H, W], [Cout, Cin, kH, kW], [Cout]`,
    );
  }
  const [sh, sw] = toPair2d(where, "stride", stride, 1);
  const [ph, pw] = toPair2d(where, "padding", padding, 0);
  const [N, Cin, H, Wd] = x.shape;
  const [Cout, , kH, kW] = W.shape;
  checkKernelFits(where, H, Wd, [kH, kW], [ph, pw]);
  const Ho = convOutputSize(H, kH, sh, ph);
  const Wo = convOutputSize(Wd, kW, sw, pw);
  const y = Tensor.zeros([N, Cout, Ho, Wo]);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < Cout; o++)
      for (let i = 0; i < Ho; i++)
        for (let j = 0; j < Wo; j++) {
          let s = b === null ? 0 : b.data[o];
          for (let c = 0; c < Cin; c++)
            for (let a = 0; a < kH; a++)
              for (let q = 0; q < kW; q++) {
                const r = i * sh - ph + a;
                const t = j * sw - pw + q;
                if (r >= 0 && r < H && t >= 0 && t < Wd) s += W.get(o, c, a, q) * x.get(n, c, r, t);
              }
          y.set([n, o, i, j], s);
        }
  return y;
}
