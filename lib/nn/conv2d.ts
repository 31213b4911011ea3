import { Initializer, getInitializer } from "../init/initializers";
import { gemm } from "../tensor/gemm";
import { Rng, globalRng } from "../tensor/random";
import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { TensorBuffer } from "./buffers";
import { Size2d, checkKernelFits, convOutputSize, toPair2d } from "./conv_geometry";
import { Module, Param, makeParam, requireCache } from "./module";

export { checkKernelFits, convOutputSize, toPair2d } from "./conv_geometry";
export type { Size2d } from "./conv_geometry";
export { conv2dReference } from "./conv2d_reference";
export type { Conv2dGeometry } from "./conv2d_reference";

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
 * Fast path: im2col copies the windows of a chunk of G images into the columns of one matrix
 * X_col [Cin·kH·kW, G·Ho·Wo] (the images side by side), so the convolution of the whole chunk is
 * one matrix product Y = W X_col (W viewed as [Cout, Cin·kH·kW]), one large product instead of
 * one small one per image. Backward per chunk: dW += dY X_colᵀ, db += the row sums of dY,
 * dX_col = Wᵀ dY, and col2im adds each column of dX_col back onto the input pixels it was copied
 * from (a pixel in several windows gets the sum). A chunk is the whole batch when its X_col has
 * at most `Conv2d.columnCacheLimit` values, and fprop then keeps X_col for bprop; above that a
 * chunk is as many images as fit, and bprop recomputes the columns chunk by chunk, so memory
 * stays bounded for large inputs. `conv2dReference` is the plain loop.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`);
 * the scratch matrices are reused in either mode.
 */
export class Conv2d extends Module {
  /**
   * Most im2col values (float64s) in one chunk of images: 2²² (32 MB), plenty for MNIST-sized
   * batches. bprop's dX_col scratch has the same size. Set it to 0 to process one image at a
   * time and recompute the columns in bprop.
   */
  static columnCacheLimit = 1 << 22;

  readonly W: Param;
  readonly b: Param | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  private x: Tensor | null = null;
  /** Images per chunk in the last fprop (see the class comment). */
  private chunk = 1;
  /** Whether `cols` holds the columns of the whole batch of the last fprop (one chunk). */
  private colsCached = false;
  // Scratch, grown as needed and never shrunk: X_col [K, G·P], dX_col [K, G·P], and the chunk's
  // y (fprop) or dy (bprop) with the images side by side, [Cout, G·P].
  private cols = new Float64Array(0);
  private dcols = new Float64Array(0);
  private outCols = new Float64Array(0);
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

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
    const xs = x.shape;
    if (xs.length !== 4 || xs[1] !== this.inChannels) expectShape(xs, [null, this.inChannels, null, null], "Conv2d.fprop");
    const N = xs[0];
    const H = xs[2];
    const W = xs[3];
    const [Ho, Wo] = this.outputSize(H, W, "Conv2d.fprop");
    const Cout = this.outChannels;
    const K = this.inChannels * this.kernelSize[0] * this.kernelSize[1];
    const P = Ho * Wo;
    const G = Math.max(1, Math.min(N, Math.floor(Conv2d.columnCacheLimit / (K * P))));
    this.chunk = G;
    this.colsCached = G >= N;
    if (this.cols.length < K * G * P) this.cols = new Float64Array(K * G * P);
    if (this.outCols.length < Cout * G * P) this.outCols = new Float64Array(Cout * G * P);
    const cols = this.cols;
    const yc = this.outCols;
    const y = this.yBuffer.take([N, Cout, Ho, Wo], this.reusesBuffers); // every entry is written below
    const yd = y.data;
    const b = this.b ? this.b.value.data : null;
    for (let n0 = 0; n0 < N; n0 += G) {
      const g = Math.min(G, N - n0);
      const width = g * P; // columns of this chunk: image k's are [k·P, (k + 1)·P)
      for (let k = 0; k < g; k++) this.im2col(x.data, n0 + k, H, W, Ho, Wo, cols, k * P, width);
      // Start from the bias and accumulate W X_col on top, which saves a pass over the output.
      for (let o = 0; o < Cout; o++) yc.fill(b ? b[o] : 0, o * width, (o + 1) * width);
      gemm(false, false, Cout, width, K, this.W.value.data, cols, yc, true);
      // yc is [Cout, g·P]; y is [N, Cout, P]: move each image's block into place.
      for (let k = 0; k < g; k++) {
        for (let o = 0; o < Cout; o++) {
          const src = o * width + k * P;
          const dst = ((n0 + k) * Cout + o) * P;
          for (let q = 0; q < P; q++) yd[dst + q] = yc[src + q];
        }
      }
    }
    this.x = x;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const x = requireCache(this.x, "Conv2d.bprop");
    const dx = this.dxBuffer.take(x.shape, this.reusesBuffers);
    dx.data.fill(0); // col2im adds into it
    this.backward(dy, dx.data);
    return dx;
  }

  /** dW and db without dx (see `Module.bpropParams`). */
  override bpropParams(dy: Tensor): void {
    // A subclass that overrides bprop (a student's version, say) must see every backward pass.
    if (this.bprop !== Conv2d.prototype.bprop) this.bprop(dy);
    else this.backward(dy, null);
  }

  /** Adds dW and db into the gradients and, unless `dx` is null, adds dL/dx into `dx`. */
  private backward(dy: Tensor, dx: Float64Array | null): void {
    const x = requireCache(this.x, "Conv2d.bprop");
    const xs = x.shape;
    const N = xs[0];
    const H = xs[2];
    const W = xs[3];
    const [Ho, Wo] = this.outputSize(H, W, "Conv2d.bprop");
    const Cout = this.outChannels;
    const ds = dy.shape;
    if (ds.length !== 4 || ds[0] !== N || ds[1] !== Cout || ds[2] !== Ho || ds[3] !== Wo) {
      expectShape(ds, [N, Cout, Ho, Wo], "Conv2d.bprop", "dy");
    }
    const K = this.inChannels * this.kernelSize[0] * this.kernelSize[1];
    const P = Ho * Wo;
    const G = this.chunk;
    if (dx !== null && this.dcols.length < K * G * P) this.dcols = new Float64Array(K * G * P);
    const cols = this.cols;
    const dcols = this.dcols;
    const dyc = this.outCols;
    const dyd = dy.data;
    const dW = this.W.grad.data;
    const db = this.b ? this.b.grad.data : null;
    for (let n0 = 0; n0 < N; n0 += G) {
      const g = Math.min(G, N - n0);
      const width = g * P;
      // dyc [Cout, g·P] ← dy[n0 .. n0 + g, o, :], the layout of this chunk's X_col.
      for (let k = 0; k < g; k++) {
        for (let o = 0; o < Cout; o++) {
          const src = ((n0 + k) * Cout + o) * P;
          const dst = o * width + k * P;
          for (let q = 0; q < P; q++) dyc[dst + q] = dyd[src + q];
        }
      }
      if (db) {
        for (let o = 0; o < Cout; o++) {
          let s = 0;
          for (let q = o * width; q < (o + 1) * width; q++) s += dyc[q];
          db[o] += s;
        }
      }
      if (!this.colsCached) for (let k = 0; k < g; k++) this.im2col(x.data, n0 + k, H, W, Ho, Wo, cols, k * P, width);
      gemm(false, true, Cout, K, width, dyc, cols, dW, true); // dW += dY X_colᵀ  ([Cout, gP]·[gP, K])
      if (dx === null) continue;
      gemm(true, false, K, width, Cout, this.W.value.data, dyc, dcols); // dX_col = Wᵀ dY  ([K, Cout]·[Cout, gP])
      for (let k = 0; k < g; k++) this.col2im(dcols, n0 + k, H, W, Ho, Wo, dx, k * P, width);
    }
  }

  override params(): Param[] {
    return this.b ? [this.W, this.b] : [this.W];
  }

  /**
   * Image n's columns of a chunk's X_col, whose rows have `rowLength` entries and in which the
   * image's columns start at `offset`:
   * cols[(c, a, b), offset + (i, j)] = x[n, c, i·s_h − p_h + a, j·s_w − p_w + b], or 0 in the padding.
   * For each (c, a, b) the columns j whose input lies inside the image form one range, computed
   * once, so the inner loop is a strided copy without bounds tests.
   */
  private im2col(
    x: Float64Array, n: number, H: number, W: number, Ho: number, Wo: number,
    cols: Float64Array, offset: number, rowLength: number,
  ): void {
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
          let dst = row * rowLength + offset;
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

  /** The adjoint of im2col: dx[n, c, i·s_h − p_h + a, j·s_w − p_w + b] += cols[(c, a, b), offset + (i, j)]. */
  private col2im(
    cols: Float64Array, n: number, H: number, W: number, Ho: number, Wo: number,
    dx: Float64Array, offset: number, rowLength: number,
  ): void {
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
          let src = row * rowLength + offset;
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
