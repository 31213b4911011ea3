import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { withDefaults } from "../util/options";
import { TensorBuffer } from "./buffers";
import { Module, requireCache } from "./module";
import { Size2d, checkKernelFits, convOutputSize, toPair2d } from "./conv_geometry";
import { maxPoolBackward, maxPoolForward } from "./maxpool_loops";
import { PoolGeometry } from "./maxpool_reference";

export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size, so windows tile the image without overlap). */
  stride: Size2d | null;
  /** Cells added on each side that count as −∞, so they are never the maximum; at most half the kernel. */
  padding: Size2d;
}

/**
 * Max pooling over k_h×k_w windows of each channel separately (NCHW):
 *
 *   y[n, c, i, j] = max_(a < k_h, b < k_w) x[n, c, i·s_h − p_h + a, j·s_w − p_w + b]
 *
 * Shapes: x [N, C, H, W], y [N, C, Ho, Wo] with Ho = floor((H + 2p_h − k_h)/s_h) + 1.
 * Padding counts as −∞. It may be at most half the kernel (as in PyTorch), which guarantees that
 * every window holds at least one real pixel.
 *
 * Backward: the max is locally the identity on its argmax and constant in the other inputs, so
 * dx[argmax of window (i, j)] += dy[i, j], and 0 elsewhere; where windows overlap (stride < kernel)
 * a pixel that is the max of several windows receives the sum. On ties the first maximum in
 * row-major order within the window gets the gradient (a subgradient; finite differences are not
 * defined there). A NaN in a window makes that output NaN and takes the gradient.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`).
 * The loops are in maxpool_loops.ts (a dedicated one for 2×2 stride 2), tested bit for bit against
 * the readable ones of maxpool_reference.ts.
 */
export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  /** For each output of the last fprop, the index within its input plane (H·W) of the window's max. */
  private argmaxData = new Int32Array(0);
  private xShape: readonly number[] | null = null;
  private yShape: readonly number[] | null = null;
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

  constructor(kernelSize: Size2d, options?: Partial<MaxPool2dOptions>) {
    super();
    this.kernelSize = toPair2d("MaxPool2d", "kernelSize", kernelSize, 1);
    const opts = withDefaults<MaxPool2dOptions>("MaxPool2d", { stride: null, padding: 0 }, options);
    this.stride = opts.stride === null ? [this.kernelSize[0], this.kernelSize[1]] : toPair2d("MaxPool2d", "stride", opts.stride, 1);
    this.padding = toPair2d("MaxPool2d", "padding", opts.padding, 0);
    const [kH, kW] = this.kernelSize;
    if (2 * this.padding[0] > kH || 2 * this.padding[1] > kW) {
      throw new Error(
        `MaxPool2d: padding [${this.padding.join(", ")}] must be at most half the kernel size [${kH}, ${kW}], ` +
          "so that no window lies entirely in the padding",
      );
    }
  }

  /**
   * The arg-max of every window of the last fprop, [N, C, Ho, Wo]: the flat index r·W + c, within
   * its own H×W input plane, of the pixel that gave y[n, ch, i, j] (the first maximum in row-major
   * order on ties), as PyTorch's `return_indices=True`. The pixel bprop sends dy[n, ch, i, j] to.
   * A copy (integers in a float64 Tensor); null before any fprop.
   */
  get argmax(): Tensor | null {
    if (this.yShape === null) return null;
    const size = this.yShape.reduce((a, b) => a * b, 1);
    return new Tensor(Float64Array.from(this.argmaxData.subarray(0, size)), this.yShape);
  }

  /** [Ho, Wo] for an input of H×W, after checking that the kernel fits. */
  outputSize(H: number, W: number, where = "MaxPool2d"): [number, number] {
    checkKernelFits(where, H, W, this.kernelSize, this.padding);
    return [
      convOutputSize(H, this.kernelSize[0], this.stride[0], this.padding[0]),
      convOutputSize(W, this.kernelSize[1], this.stride[1], this.padding[1]),
    ];
  }

  private geometry(planes: number, H: number, W: number, Ho: number, Wo: number): PoolGeometry {
    const [kH, kW] = this.kernelSize;
    const [sh, sw] = this.stride;
    const [ph, pw] = this.padding;
    return { planes, H, W, Ho, Wo, kH, kW, sh, sw, ph, pw };
  }

  fprop(x: Tensor): Tensor {
    if (x.ndim !== 4) expectShape(x.shape, [null, null, null, null], "MaxPool2d.fprop");
    const [N, C, H, W] = x.shape;
    const [Ho, Wo] = this.outputSize(H, W, "MaxPool2d.fprop");
    const y = this.yBuffer.take([N, C, Ho, Wo], this.reusesBuffers); // every entry is written below
    if (this.argmaxData.length < y.size) this.argmaxData = new Int32Array(y.size);
    maxPoolForward(x.data, y.data, this.argmaxData, this.geometry(N * C, H, W, Ho, Wo));
    this.xShape = x.shape;
    this.yShape = y.shape;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const xShape = requireCache(this.xShape, "MaxPool2d.bprop");
    const [N, C, H, W] = xShape;
    const [Ho, Wo] = this.outputSize(H, W, "MaxPool2d.bprop");
    const ds = dy.shape;
    if (ds.length !== 4 || ds[0] !== N || ds[1] !== C || ds[2] !== Ho || ds[3] !== Wo) {
      expectShape(ds, [N, C, Ho, Wo], "MaxPool2d.bprop", "dy");
    }
    const dx = this.dxBuffer.take(xShape, this.reusesBuffers); // written whole (cleared where it is scattered into)
    maxPoolBackward(dy.data, this.argmaxData, dx.data, this.geometry(N * C, H, W, Ho, Wo));
    return dx;
  }
}
