import { Initializer, getInitializer } from "../init/initializers";
import { gemm } from "../tensor/gemm";
import { Rng, globalRng } from "../tensor/random";
import { expectShape, formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { Module, Param, makeParam, requireCache } from "./module";

/** A 2-D size: one number for both axes, or an [h, w] pair. */
export type Size2d = number | readonly [number, number];

/** Reads a `Size2d` into an [h, w] pair of integers >= `min`, or throws naming the option. */
export function toPair2d(where: string, name: string, value: unknown, min: number): [number, number] {
  const pair = typeof value === "number" ? [value, value] : value;
  const ok = Array.isArray(pair) && pair.length === 2 && pair.every((v) => Number.isInteger(v) && v >= min);
  if (!ok) {
    const shown = Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
    const kind = min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
    throw new Error(`${where}: ${name} must be ${kind} or an [h, w] pair of them, got ${shown}`);
  }
  return [pair[0], pair[1]];
}

/** Output length of a sliding window: floor((size + 2·padding − kernel)/stride) + 1. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

/** Checks that a kernel fits in the padded input, so every output has at least one window. */
export function checkKernelFits(where: string, H: number, W: number, k: [number, number], p: [number, number]): void {
  if (k[0] > H + 2 * p[0] || k[1] > W + 2 * p[1]) {
    throw new Error(
      `${where}: kernel ${k[0]}×${k[1]} is larger than the padded input ${H + 2 * p[0]}×${W + 2 * p[1]} ` +
        `(H ${H} + 2·${p[0]}, W ${W} + 2·${p[1]})`,
    );
  }
}

export interface Conv2dOptions {
  stride: Size2d;
  /** Zeros added on each side of the image (top and bottom get padding[0], left and right padding[1]). */
  padding: Size2d;
  bias: boolean;
  /** Weight initializer, by name or as a function (default He normal, var W = 2/(Cin·kH·kW)). */
  init: string | Initializer;
  rng: Rng | null;
}

/**
 * 2-D convolution (as in the lectures and every framework, a cross-correlation: the kernel is
 * not flipped), lecture 003's H_ij = U + Σ_a Σ_b V_ab x_(i+a, j+b) with channels and a stride:
 *
 *   y[n, o, i, j] = b[o] + Σ_c Σ_a Σ_b W[o, c, a, b] · x[n, c, i·s_h − p_h + a, j·s_w − p_w + b]
 *
 * where x outside the image is 0 (zero padding). Shapes (NCHW): x [N, Cin, H, W],
 * W [Cout, Cin, kH, kW], b [Cout], y [N, Cout, Ho, Wo] with Ho = floor((H + 2p_h − kH)/s_h) + 1.
 *
 * Fast path: im2col copies each image's windows into the columns of a matrix X_col [Cin·kH·kW, Ho·Wo],
 * so the convolution is one matrix product y_n = W X_col (W viewed as [Cout, Cin·kH·kW]).
 * Backward per image: dW += dy_n X_colᵀ, db += Σ_ij dy_n, dX_col = Wᵀ dy_n, and col2im adds each
 * column of dX_col back onto the input pixels it was copied from (a pixel in several windows gets
 * the sum). fprop keeps the whole batch's X_col for bprop when it has at most
 * `Conv2d.columnCacheLimit` values; above that bprop recomputes them image by image, so memory
 * stays bounded for large inputs. `conv2dReference` is the plain loop.
 */
export class Conv2d extends Module {
  /**
   * Most im2col values (float64s) one layer keeps from fprop for bprop: 2²² (32 MB), plenty for
   * MNIST-sized batches. Set it to 0 to always recompute the columns in bprop.
   */
  static columnCacheLimit = 1 << 22;

  readonly W: Param;
  readonly b: Param | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  private x: Tensor | null = null;
  /** Columns of every image of the last batch [N, K, P] (when cached) or of one image [K, P]; grows, never shrinks. */
  private cols = new Float64Array(0);
  /** Whether `cols` holds the columns of every image of the last fprop. */
  private colsCached = false;
  /** dX_col [K, P] of one image in bprop. */
  private dcols = new Float64Array(0);

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Size2d, options?: Partial<Conv2dOptions>) {
    super();
    checkNumber("Conv2d", "inChannels", inChannels, { min: 1, integer: true });
    checkNumber("Conv2d", "outChannels", outChannels, { min: 1, integer: true });
    this.kernelSize = toPair2d("Conv2d", "kernelSize", kernelSize, 1);
    const opts = withDefaults<Conv2dOptions>("Conv2d", { stride: 1, padding: 0, bias: true, init: "heNormal", rng: null }, options);
    this.stride = toPair2d("Conv2d", "stride", opts.stride, 1);
    this.padding = toPair2d("Conv2d", "padding", opts.padding, 0);
    const init = getInitializer(opts.init, "Conv2d");
    const [kH, kW] = this.kernelSize;
    this.W = makeParam("W", init([outChannels, inChannels, kH, kW], opts.rng ?? globalRng()), true);
    this.b = opts.bias ? makeParam("b", Tensor.zeros([outChannels]), false) : null;
  }

  /** [Ho, Wo] for an input of H×W, after checking that the kernel fits. */
  outputSize(H: number, W: number, where = "Conv2d"): [number, number] {
    checkKernelFits(where, H, W, this.kernelSize, this.padding);
    return [
      convOutputSize(H, this.kernelSize[0], this.stride[0], this.padding[0]),
      convOutputSize(W, this.kernelSize[1], this.stride[1], this.padding[1]),
    ];
  }

  fprop(x: Tensor): Tensor {
    expectShape(x.shape, [null, this.inChannels, null, null], "Conv2d.fprop");
    const [N, , H, W] = x.shape;
    const [Ho, Wo] = this.outputSize(H, W, "Conv2d.fprop");
    const Cout = this.outChannels;
    const K = this.inChannels * this.kernelSize[0] * this.kernelSize[1];
    const P = Ho * Wo;
    const cacheAll = N * K * P <= Conv2d.columnCacheLimit;
    if (this.cols.length < (cacheAll ? N : 1) * K * P) this.cols = new Float64Array((cacheAll ? N : 1) * K * P);
    this.colsCached = cacheAll;
    const y = Tensor.zeros([N, Cout, Ho, Wo]);
    const b = this.b ? this.b.value.data : null;
    for (let n = 0; n < N; n++) {
      const cols = cacheAll ? this.cols.subarray(n * K * P, (n + 1) * K * P) : this.cols;
      this.im2col(x.data, n, H, W, Ho, Wo, cols);
      const yn = y.data.subarray(n * Cout * P, (n + 1) * Cout * P);
      // Start from the bias and accumulate W X_col on top, which saves a pass over y.
      if (b) for (let o = 0; o < Cout; o++) yn.fill(b[o], o * P, (o + 1) * P);
      gemm(false, false, Cout, P, K, this.W.value.data, cols, yn, true);
    }
    this.x = x;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const x = requireCache(this.x, "Conv2d.bprop");
    const [N, Cin, H, W] = x.shape;
    const [Ho, Wo] = this.outputSize(H, W, "Conv2d.bprop");
    const Cout = this.outChannels;
    expectShape(dy.shape, [N, Cout, Ho, Wo], "Conv2d.bprop", "dy");
    const K = Cin * this.kernelSize[0] * this.kernelSize[1];
    const P = Ho * Wo;
    if (this.dcols.length < K * P) this.dcols = new Float64Array(K * P);
    const dcols = this.dcols;
    const dx = Tensor.zeros([N, Cin, H, W]);
    const dW = this.W.grad.data;
    const db = this.b ? this.b.grad.data : null;
    for (let n = 0; n < N; n++) {
      const dyn = dy.data.subarray(n * Cout * P, (n + 1) * Cout * P);
      if (db) {
        for (let o = 0; o < Cout; o++) {
          let s = 0;
          for (let q = o * P; q < (o + 1) * P; q++) s += dyn[q];
          db[o] += s;
        }
      }
      let cols = this.cols;
      if (this.colsCached) cols = cols.subarray(n * K * P, (n + 1) * K * P);
      else this.im2col(x.data, n, H, W, Ho, Wo, cols);
      gemm(false, true, Cout, K, P, dyn, cols, dW, true); // dW += dy_n X_colᵀ  ([Cout, P]·[P, K])
      gemm(true, false, K, P, Cout, this.W.value.data, dyn, dcols); // dX_col = Wᵀ dy_n  ([K, Cout]·[Cout, P])
      this.col2im(dcols, n, H, W, Ho, Wo, dx.data);
    }
    return dx;
  }

  override params(): Param[] {
    return this.b ? [this.W, this.b] : [this.W];
  }

  /**
   * cols[(c, a, b), (i, j)] = x[n, c, i·s_h − p_h + a, j·s_w − p_w + b], or 0 in the padding.
   * For each (c, a, b) the columns j whose input lies inside the image form one range, computed
   * once, so the inner loop is a strided copy without bounds tests.
   */
  private im2col(x: Float64Array, n: number, H: number, W: number, Ho: number, Wo: number, cols: Float64Array): void {
    const [kH, kW] = this.kernelSize;
    const [sh, sw] = this.stride;
    const [ph, pw] = this.padding;
    let row = 0;
    for (let c = 0; c < this.inChannels; c++) {
      const plane = (n * this.inChannels + c) * H * W;
      for (let a = 0; a < kH; a++) {
        for (let b = 0; b < kW; b++, row++) {
          const jLo = firstInside(b - pw, sw, Wo);
          const jHi = lastInside(b - pw, sw, W, Wo, jLo);
          let dst = row * Ho * Wo;
          for (let i = 0; i < Ho; i++, dst += Wo) {
            const ii = i * sh - ph + a;
            if (ii < 0 || ii >= H) {
              cols.fill(0, dst, dst + Wo);
              continue;
            }
            const src = plane + ii * W + b - pw;
            for (let j = 0; j < jLo; j++) cols[dst + j] = 0;
            for (let j = jLo; j < jHi; j++) cols[dst + j] = x[src + j * sw];
            for (let j = jHi; j < Wo; j++) cols[dst + j] = 0;
          }
        }
      }
    }
  }

  /** The adjoint of im2col: dx[n, c, i·s_h − p_h + a, j·s_w − p_w + b] += cols[(c, a, b), (i, j)]. */
  private col2im(cols: Float64Array, n: number, H: number, W: number, Ho: number, Wo: number, dx: Float64Array): void {
    const [kH, kW] = this.kernelSize;
    const [sh, sw] = this.stride;
    const [ph, pw] = this.padding;
    let row = 0;
    for (let c = 0; c < this.inChannels; c++) {
      const plane = (n * this.inChannels + c) * H * W;
      for (let a = 0; a < kH; a++) {
        for (let b = 0; b < kW; b++, row++) {
          const jLo = firstInside(b - pw, sw, Wo);
          const jHi = lastInside(b - pw, sw, W, Wo, jLo);
          let src = row * Ho * Wo;
          for (let i = 0; i < Ho; i++, src += Wo) {
            const ii = i * sh - ph + a;
            if (ii < 0 || ii >= H) continue;
            const dst = plane + ii * W + b - pw;
            for (let j = jLo; j < jHi; j++) dx[dst + j * sw] += cols[src + j];
          }
        }
      }
    }
  }
}

/**
 * The output columns j in [0, Wo) whose input column j·s + offset lies in [0, W) form the range
 * [firstInside, lastInside): the first j with j·s + offset >= 0, and one past the last with
 * j·s + offset <= W − 1 (never below firstInside, so an empty range stays empty).
 */
function firstInside(offset: number, s: number, Wo: number): number {
  return offset >= 0 ? 0 : Math.min(Wo, Math.ceil(-offset / s));
}

function lastInside(offset: number, s: number, W: number, Wo: number, first: number): number {
  return Math.max(first, Math.min(Wo, Math.floor((W - 1 - offset) / s) + 1));
}

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
