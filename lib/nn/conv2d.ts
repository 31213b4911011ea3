import { Initializer, getInitializer } from "../init/initializers";
import { gemmScratch } from "../tensor/gemm";
import { Rng, globalRng } from "../tensor/random";
import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { TensorBuffer } from "./buffers";
import { ColumnsConv } from "./conv2d_columns";
import { DirectConv, directApplies } from "./conv2d_direct";
import { ConvShape } from "./conv2d_panels";
import { WasmConv, imagesPerGroup } from "./conv2d_wasm";
import { Size2d, checkKernelFits, convOutputSize, toPair2d } from "./conv_geometry";
import { Module, Param, makeParam, requireCache } from "./module";

export { checkKernelFits, convOutputSize, toPair2d } from "./conv_geometry";
export type { Size2d } from "./conv_geometry";
export { conv2dReference, conv2dReferenceGrads } from "./conv2d_reference";
export type { Conv2dGeometry, Conv2dGrads } from "./conv2d_reference";

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
 * Direct path (conv2d_direct.ts), for few input channels (K = Cin·kH·kW ≤ `directMaxK`) and a column
 * stride of 1, like an MNIST first layer: no im2col at all; each row of y (and of dx) is a sum of
 * shifted rows of x (of dy) times single weights, and dW's taps are dot products of dy with
 * shifted x, all in WebAssembly SIMD over adjacent columns.
 *
 * Fast path (conv2d_wasm.ts): the three matrix products of im2col — Y = W X_col in fprop,
 * dW += dY X_colᵀ and dX_col = Wᵀ dY in bprop, with X_col [Cin·kH·kW, Ho·Wo] the windows of one
 * image — run on gemm's WebAssembly SIMD kernel, with the panels gathered from x, dy and W by
 * WebAssembly too (following tables computed once per shape), y written in place and col2im a
 * table-driven scatter. Where that kernel is not used (the "js" gemm backend, no WebAssembly SIMD, or
 * a layer too large for the kernel's memory) the same products go through `gemm` on an explicit
 * X_col (conv2d_columns.ts). Both give conv2dReference's numbers to rounding; `conv2dReference`
 * and `conv2dReferenceGrads` are the plain loops.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`);
 * the scratch memory is reused in either mode.
 */
export class Conv2d extends Module {
  /**
   * Most im2col values (float64s) held at once: 2²² (32 MB). The "js" path (conv2d_columns.ts)
   * keeps X_col of the whole batch from fprop for bprop when it fits, else works in chunks of
   * images and recomputes the columns in bprop (0: one image at a time); the fast path copies
   * groups of at most this many X_col values' worth of images (at least one) into its memory.
   */
  static columnCacheLimit = 1 << 22;

  /**
   * Largest im2col reduction K = Cin·kH·kW for which the direct path (conv2d_direct.ts) is taken
   * when the column stride is 1: above it gemm's 4×4 kernel is well fed and the fast path wins
   * (1→8 3×3, K = 9: 3.1 → 2.1 ms per batch of 64; 8→16 3×3, K = 72, stays on the fast path).
   * 0 turns the direct path off (the tests use that to exercise the fast path on small K).
   */
  static directMaxK = 16;

  readonly W: Param;
  readonly b: Param | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  private x: Tensor | null = null;
  /** The sizes of the last fprop (bprop checks dy against them). */
  private shape: ConvShape | null = null;
  /** The fast path's products for the last group size, kept for their tables and views. */
  private fast: WasmConv | null = null;
  /** The fast path if the last fprop took it, null if it took the columns path. */
  private forwardPath: WasmConv | null = null;
  /** The direct path (conv2d_direct.ts), made on first use; `forwardDirect`: the last fprop took it. */
  private direct: DirectConv | null = null;
  private forwardDirect = false;
  private readonly columns = new ColumnsConv();
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

  /**
   * Which implementation the last fprop took (and its bprop takes): "direct" for the direct
   * small-K path, "wasm" for the fast path, "gemm" for im2col + gemm (see the class comment);
   * null before any fprop. For tests and benchmarks.
   */
  get lastPath(): "direct" | "wasm" | "gemm" | null {
    if (this.shape === null) return null;
    return this.forwardDirect ? "direct" : this.forwardPath ? "wasm" : "gemm";
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
    const s = this.convShape(xs[0], xs[2], xs[3], "Conv2d.fprop");
    const y = this.yBuffer.take([s.N, s.Cout, s.Ho, s.Wo], this.reusesBuffers); // every entry is written below
    const b = this.b ? this.b.value.data : null;
    const direct = this.directPath(s);
    const fast = direct ? null : this.fastPath(s);
    if (direct) direct.forward(x.data, this.W.value.data, b, s, y.data);
    else if (fast) fast.forward(x.data, this.W.value.data, b, s, y.data);
    else this.columns.forward(x.data, this.W.value.data, b, s, y.data, Conv2d.columnCacheLimit);
    this.x = x;
    this.shape = s;
    this.forwardPath = fast;
    this.forwardDirect = direct !== null;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const x = requireCache(this.x, "Conv2d.bprop");
    const dx = this.dxBuffer.take(x.shape, this.reusesBuffers); // every entry is written by backward
    this.backward(dy, dx.data);
    return dx;
  }

  /** dW and db without dx (see `Module.bpropParams`). */
  override bpropParams(dy: Tensor): void {
    // A subclass that overrides bprop (a student's version, say) must see every backward pass.
    if (this.bprop !== Conv2d.prototype.bprop) this.bprop(dy);
    else this.backward(dy, null);
  }

  /** Adds dW and db into the gradients and, unless `dx` is null, writes dL/dx into `dx`. */
  private backward(dy: Tensor, dx: Float64Array | null): void {
    const x = requireCache(this.x, "Conv2d.bprop");
    const s = this.shape as ConvShape;
    const ds = dy.shape;
    if (ds.length !== 4 || ds[0] !== s.N || ds[1] !== s.Cout || ds[2] !== s.Ho || ds[3] !== s.Wo) {
      expectShape(ds, [s.N, s.Cout, s.Ho, s.Wo], "Conv2d.bprop", "dy");
    }
    const dW = this.W.grad.data;
    const db = this.b ? this.b.grad.data : null;
    if (this.forwardDirect) {
      (this.direct as DirectConv).backward(x.data, this.W.value.data, dy.data, s, dW, db, dx);
    } else if (this.forwardPath) {
      this.forwardPath.backward(x.data, this.W.value.data, dy.data, s, dW, db, dx);
    } else {
      dx?.fill(0); // col2im adds into it
      this.columns.backward(x.data, this.W.value.data, dy.data, s, dW, db, dx);
    }
  }

  /** The sizes of a batch of N images H×W, after checking that the kernel fits. */
  private convShape(N: number, H: number, W: number, where: string): ConvShape {
    const [Ho, Wo] = this.outputSize(H, W, where);
    const [kH, kW] = this.kernelSize;
    const C = this.inChannels;
    return {
      N, C, H, W, Cout: this.outChannels, kH, kW, sh: this.stride[0], sw: this.stride[1], ph: this.padding[0], pw: this.padding[1],
      Ho, Wo, K: C * kH * kW, P: Ho * Wo,
    };
  }

  /**
   * The direct path for this shape (few input channels, column stride 1: see conv2d_direct.ts),
   * or null. Only where the fast path's WebAssembly is in use (not on the "js" gemm backend).
   */
  private directPath(s: ConvShape): DirectConv | null {
    if (!directApplies(s, Conv2d.directMaxK) || gemmScratch() === null) return null;
    if (this.direct === null) this.direct = new DirectConv();
    return this.direct.prepare(s) ? this.direct : null;
  }

  /** The WebAssembly path for this shape, or null for the im2col + gemm one (see the class comment). */
  private fastPath(s: ConvShape): WasmConv | null {
    const scratch = gemmScratch();
    if (scratch === null) return null;
    const group = imagesPerGroup(s, scratch.mem.length, Conv2d.columnCacheLimit);
    if (group === 0) return null;
    if (this.fast === null || this.fast.group !== group) this.fast = new WasmConv(scratch, group);
    return this.fast;
  }

  override params(): Param[] {
    return this.b ? [this.W, this.b] : [this.W];
  }
}
