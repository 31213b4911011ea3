import { Initializer, getInitializer } from "../init/initializers";
import { Rng, globalRng } from "../tensor/random";
import { gemm } from "../tensor/gemm";
import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
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
 */
export class Linear extends Module {
  readonly W: Param;
  readonly b: Param | null;
  private x: Tensor | null = null;

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
    expectShape(x.shape, [null, this.inFeatures], "Linear.fprop");
    const N = x.shape[0];
    const y = Tensor.zeros([N, this.outFeatures]);
    gemm(false, true, N, this.outFeatures, this.inFeatures, x.data, this.W.value.data, y.data);
    if (this.b) {
      const b = this.b.value.data;
      for (let n = 0; n < N; n++) {
        const row = n * this.outFeatures;
        for (let j = 0; j < this.outFeatures; j++) y.data[row + j] += b[j];
      }
    }
    this.x = x;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const x = requireCache(this.x, "Linear.bprop");
    const N = x.shape[0];
    expectShape(dy.shape, [N, this.outFeatures], "Linear.bprop", "dy");
    // dW += dyᵀ x  ([out, N]·[N, in]); accumulate into the existing gradient.
    gemm(true, false, this.outFeatures, this.inFeatures, N, dy.data, x.data, this.W.grad.data, true);
    if (this.b) {
      const db = this.b.grad.data;
      for (let n = 0; n < N; n++) {
        const row = n * this.outFeatures;
        for (let j = 0; j < this.outFeatures; j++) db[j] += dy.data[row + j];
      }
    }
    const dx = Tensor.zeros([N, this.inFeatures]);
    gemm(false, false, N, this.inFeatures, this.outFeatures, dy.data, this.W.value.data, dx.data);
    return dx;
  }

  override params(): Param[] {
    return this.b ? [this.W, this.b] : [this.W];
  }
}
