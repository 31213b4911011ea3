import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { withDefaults } from "../util/options";
import { Size2d, checkKernelFits, convOutputSize, toPair2d } from "./conv_geometry";

/** The geometry options `conv2dReference` shares with `Conv2d`. */
export interface Conv2dGeometry {
  stride: Size2d;
  /** Zeros added on each side of the image. */
  padding: Size2d;
}

/**
 * The convolution as a direct loop over every output and every kernel tap: slow, but a line-by-
 * line reading of the formula, independent of im2col/gemm; the tests compare Conv2d against it.
 * Shapes: x [N, Cin, H, W], W [Cout, Cin, kH, kW], b [Cout] or null → y [N, Cout, Ho, Wo].
 *
 *   conv2dReference(x, W, b, { stride: 2, padding: 1 })   // the options Conv2d takes
 *   conv2dReference(x, W, b, 2, 1)                        // the older positional form, kept
 */
export function conv2dReference(x: Tensor, W: Tensor, b: Tensor | null, options?: Partial<Conv2dGeometry>): Tensor;
export function conv2dReference(x: Tensor, W: Tensor, b: Tensor | null, stride?: Size2d, padding?: Size2d): Tensor;
export function conv2dReference(x: Tensor, W: Tensor, b: Tensor | null, strideOrOptions?: Size2d | Partial<Conv2dGeometry>, padding?: Size2d): Tensor {
  const where = "conv2dReference";
  const positional = strideOrOptions === undefined || typeof strideOrOptions === "number" || Array.isArray(strideOrOptions);
  if (!positional && padding !== undefined) {
    throw new Error(`${where}: give stride and padding in the options object, e.g. { stride: 2, padding: 1 }, not also as a fifth argument`);
  }
  const opts = positional
    ? { stride: (strideOrOptions as Size2d | undefined) ?? 1, padding: padding ?? 0 }
    : withDefaults<Conv2dGeometry>(where, { stride: 1, padding: 0 }, strideOrOptions as Partial<Conv2dGeometry>);
  if (!(x instanceof Tensor) || !(W instanceof Tensor) || (b !== null && !(b instanceof Tensor))) {
    throw new Error(`${where}: x, W and b must be Tensors (b may be null)`);
  }
  if (x.ndim !== 4 || W.ndim !== 4 || x.shape[1] !== W.shape[1] || (b !== null && (b.ndim !== 1 || b.shape[0] !== W.shape[0]))) {
    const bShape = b === null ? "none" : formatShape(b.shape);
    throw new Error(
      `${where}: x ${formatShape(x.shape)}, W ${formatShape(W.shape)}, b ${bShape}; expected [N, Cin, H, W], [Cout, Cin, kH, kW], [Cout]`,
    );
  }
  const [sh, sw] = toPair2d(where, "stride", opts.stride, 1);
  const [ph, pw] = toPair2d(where, "padding", opts.padding, 0);
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

/** The gradients of `conv2dReference` for an upstream gradient dy [N, Cout, Ho, Wo]. */
export interface Conv2dGrads {
  dx: Tensor;
  dW: Tensor;
  db: Tensor;
}

/**
 * dL/dx, dL/dW and dL/db of y = conv2dReference(x, W, b, options) for dy = dL/dy, by the same
 * direct loop read backwards: y[n, o, i, j] = b[o] + Σ W[o, c, a, q]·x[n, c, r, t] sends dy[n, o, i, j]
 * to db[o], dy·x[n, c, r, t] to dW[o, c, a, q] and dy·W[o, c, a, q] to dx[n, c, r, t]
 * (r = i·s_h − p_h + a, t = j·s_w − p_w + q, inside the image). Slow and plain, like the forward
 * loop: the tests compare Conv2d's bprop against it.
 */
export function conv2dReferenceGrads(x: Tensor, W: Tensor, dy: Tensor, options?: Partial<Conv2dGeometry>): Conv2dGrads {
  const where = "conv2dReferenceGrads";
  const opts = withDefaults<Conv2dGeometry>(where, { stride: 1, padding: 0 }, options);
  const [sh, sw] = toPair2d(where, "stride", opts.stride, 1);
  const [ph, pw] = toPair2d(where, "padding", opts.padding, 0);
  const [N, Cin, H, Wd] = x.shape;
  const [Cout, , kH, kW] = W.shape;
  const Ho = convOutputSize(H, kH, sh, ph);
  const Wo = convOutputSize(Wd, kW, sw, pw);
  if (x.ndim !== 4 || W.ndim !== 4 || W.shape[1] !== Cin || dy.ndim !== 4 || dy.shape.join() !== [N, Cout, Ho, Wo].join()) {
    throw new Error(`${where}: x ${formatShape(x.shape)}, W ${formatShape(W.shape)}, dy ${formatShape(dy.shape)}; expected dy [${[N, Cout, Ho, Wo].join(", ")}]`);
  }
  const dx = Tensor.zeros(x.shape);
  const dW = Tensor.zeros(W.shape);
  const db = Tensor.zeros([Cout]);
  const xi = (n: number, c: number, r: number, t: number): number => ((n * Cin + c) * H + r) * Wd + t;
  const wi = (o: number, c: number, a: number, q: number): number => ((o * Cin + c) * kH + a) * kW + q;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < Cout; o++)
      for (let i = 0; i < Ho; i++)
        for (let j = 0; j < Wo; j++) {
          const g = dy.get(n, o, i, j);
          db.data[o] += g;
          for (let c = 0; c < Cin; c++)
            for (let a = 0; a < kH; a++)
              for (let q = 0; q < kW; q++) {
                const r = i * sh - ph + a;
                const t = j * sw - pw + q;
                if (r < 0 || r >= H || t < 0 || t >= Wd) continue;
                dW.data[wi(o, c, a, q)] += g * x.data[xi(n, c, r, t)];
                dx.data[xi(n, c, r, t)] += g * W.data[wi(o, c, a, q)];
              }
        }
  return { dx, dW, db };
}
