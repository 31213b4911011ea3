import { Initializer, getInitializer } from "../init/initializers";
import { Rng, globalRng } from "../tensor/random";
import { gemm } from "../tensor/gemm";
import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { TensorBuffer } from "./buffers";
import { Module, Param, makeParam, requireCache } from "./module";

export interface LinearOptions {
  /** Weight initializer, by name or as a function (default Xavier/Glorot uniform, lecture 004). */
  init: string | Initializer;
  /** Whether the layer has a bias b (default true). */
  bias: boolean;
  /** Generator for the initial weights (default: the global generator, see `manualSeed`). */
  rng: Rng | null;
}

/**
 * Fully connected layer: y = x Wᵀ + b, the lectures' a = b + W h for a batch of rows.
 *
 * Shapes: x [N, in], W [out, in], b [out], y [N, out].
 * Backward: dx = dy W, dW += dyᵀ x, db += Σₙ dy[n, :].
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`).
 */
export class Linear extends Module {
  readonly W: Param;
  readonly b: Param | null;
  private x: Tensor | null = null;
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

  constructor(readonly inFeatures: number, readonly outFeatures: number, options?: Partial<LinearOptions>) {
    super();
    checkNumber("Linear", "inFeatures", inFeatures, { min: 1, integer: true });
    checkNumber("Linear", "outFeatures", outFeatures, { min: 1, integer: true });
    const opts = withDefaults<LinearOptions>("Linear", { init: "xavierUniform", bias: true, rng: null }, options);
    const init = getInitializer(opts.init, "Linear");
    this.W = makeParam("W", init([outFeatures, inFeatures], opts.rng ?? globalRng()), true);
    this.b = opts.bias ? makeParam("b", Tensor.zeros([outFeatures]), false) : null;
  }

  fprop(x: Tensor): Tensor {
    // Test first, so that the pattern and the message are only built for a wrong shape.
    if (x.ndim !== 2 || x.shape[1] !== this.inFeatures) expectShape(x.shape, [null, this.inFeatures], "Linear.fprop");
    const N = x.shape[0];
    const out = this.outFeatures;
    const y = this.yBuffer.take([N, out], this.reusesBuffers);
    const yd = y.data;
    // Start every row from b (or 0) and accumulate x Wᵀ on top: one pass over y instead of two.
    if (this.b) {
      const b = this.b.value.data;
      for (let n = 0; n < N; n++) {
        const row = n * out;
        for (let j = 0; j < out; j++) yd[row + j] = b[j];
      }
    } else {
      yd.fill(0);
    }
    gemm(false, true, N, out, this.inFeatures, x.data, this.W.value.data, yd, true);
    this.x = x;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    this.paramGrads(dy);
    const N = dy.shape[0];
    // dx = dy W  ([N, out]·[out, in]); gemm overwrites every entry.
    const dx = this.dxBuffer.take([N, this.inFeatures], this.reusesBuffers);
    gemm(false, false, N, this.inFeatures, this.outFeatures, dy.data, this.W.value.data, dx.data);
    return dx;
  }

  /** dW and db without dx (see `Module.bpropParams`). */
  override bpropParams(dy: Tensor): void {
    // A subclass that overrides bprop (a student's version, say) must see every backward pass.
    if (this.bprop !== Linear.prototype.bprop) this.bprop(dy);
    else this.paramGrads(dy);
  }

  /** dW += dyᵀ x and db += Σₙ dy[n, :], after checking dy. */
  private paramGrads(dy: Tensor): void {
    const x = requireCache(this.x, "Linear.bprop");
    const N = x.shape[0];
    const out = this.outFeatures;
    if (dy.ndim !== 2 || dy.shape[0] !== N || dy.shape[1] !== out) expectShape(dy.shape, [N, out], "Linear.bprop", "dy");
    // dW += dyᵀ x  ([out, N]·[N, in]); accumulate into the existing gradient.
    gemm(true, false, out, this.inFeatures, N, dy.data, x.data, this.W.grad.data, true);
    if (this.b) {
      const db = this.b.grad.data;
      const dyd = dy.data;
      for (let n = 0; n < N; n++) {
        const row = n * out;
        for (let j = 0; j < out; j++) db[j] += dyd[row + j];
      }
    }
  }

  override params(): Param[] {
    return this.b ? [this.W, this.b] : [this.W];
  }
}
