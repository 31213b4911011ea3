import { Param } from "../nn/module";
import { Tensor } from "../tensor/tensor";
import { assertSameShape } from "../tensor/shape";
import { checkNumber, withDefaults } from "../util/options";

export interface ParameterEMAOptions {
  /** γ in θ'_t = γθ'_{t−1} + (1 − γ)θ_t, in [0, 1); default 0.999. Larger γ averages over more steps, about 1/(1 − γ). */
  decay: number;
}

/**
 * Exponential moving average of a model's parameters (lecture 001, "Another popular way to
 * fine-tune a model"):
 *
 *   θ'_t = γ θ'_{t−1} + (1 − γ) θ_t,      θ'_0 = the parameters when the EMA is created
 *
 * With mini-batches the weights keep jittering around the optimum; their running average sits
 * closer to it, so the averaged weights often evaluate better than the last ones.
 *
 *   const ema = new ParameterEMA(model.params(), { decay: 0.99 });
 *   ... opt.step(); ema.update(); ...
 *   ema.swapIn();  evaluate(model);  ema.swapOut();   // evaluate with θ', then restore θ
 *
 * Each parameter's average is a Float64Array of its size, allocated once; `update()` allocates nothing.
 */
export class ParameterEMA {
  readonly params: readonly Param[];
  readonly decay: number;
  /** Number of `update()` calls so far (t). */
  updates = 0;
  private readonly averages: Float64Array[];
  private swapped = false;

  constructor(params: readonly Param[], options?: Partial<ParameterEMAOptions>) {
    const where = "ParameterEMA";
    const { decay } = withDefaults<ParameterEMAOptions>(where, { decay: 0.999 }, options);
    this.decay = checkNumber(where, "decay", decay, { min: 0, max: 1, maxExclusive: true });
    if (!Array.isArray(params) || params.length === 0) {
      throw new Error(`${where}: params must be a non-empty array of Param, e.g. new ParameterEMA(model.params(), { decay: 0.99 })`);
    }
    params.forEach((p, i) => {
      if (p === null || typeof p !== "object" || !(p.value instanceof Tensor)) {
        throw new Error(`${where}: params[${i}] is not a Param {name, value, grad, regularize}`);
      }
    });
    this.params = [...params];
    this.averages = this.params.map((p) => Float64Array.from(p.value.data));
  }

  /** θ' ← γθ' + (1 − γ)θ for every parameter; call after each optimizer step. */
  update(): void {
    if (this.swapped) throw new Error("ParameterEMA.update: the averaged weights are swapped in; call swapOut() first");
    const gamma = this.decay;
    const oneMinus = 1 - gamma;
    for (let k = 0; k < this.params.length; k++) {
      const theta = this.params[k].value.data;
      const avg = this.averages[k];
      for (let i = 0; i < avg.length; i++) avg[i] = gamma * avg[i] + oneMinus * theta[i];
    }
    this.updates++;
  }

  /** The average θ' of the parameter named `name` (a live view; read it, do not write it). */
  average(name: string): Float64Array {
    const k = this.params.findIndex((p) => p.name === name);
    if (k < 0) {
      const known = this.params.map((p) => `"${p.name}"`).join(", ");
      throw new Error(`ParameterEMA.average: no parameter named "${name}"; known: ${known}`);
    }
    return this.averageAt(k);
  }

  private averageAt(k: number): Float64Array {
    // While swapped in, the averages live in the parameters and the arrays hold θ.
    return this.swapped ? this.params[k].value.data : this.averages[k];
  }

  /** Puts θ' into the parameters (keeping θ aside) to evaluate with the averaged weights. */
  swapIn(): void {
    if (this.swapped) throw new Error("ParameterEMA.swapIn: already swapped in; call swapOut() to restore the trained weights");
    this.swap();
    this.swapped = true;
  }

  /** Restores the trained weights θ after `swapIn()`. */
  swapOut(): void {
    if (!this.swapped) throw new Error("ParameterEMA.swapOut: nothing to restore; call swapIn() first");
    this.swap();
    this.swapped = false;
  }

  /** Whether the averaged weights are in the parameters now. */
  get swappedIn(): boolean {
    return this.swapped;
  }

  /**
   * Copies θ' into other parameters of the same shapes, in the same order (e.g. a second copy of
   * the model kept for evaluation), leaving the trained parameters alone.
   */
  copyTo(params: readonly Param[]): void {
    const where = "ParameterEMA.copyTo";
    if (!Array.isArray(params) || params.length !== this.params.length) {
      const got = Array.isArray(params) ? params.length : String(params);
      throw new Error(`${where}: expected ${this.params.length} params in the same order as the EMA's, got ${got}`);
    }
    params.forEach((p, k) => {
      assertSameShape(p.value.shape, this.params[k].value.shape, `${where}: param ${k} ("${p.name}")`, ["target", "source"]);
    });
    params.forEach((p, k) => p.value.data.set(this.averageAt(k)));
  }

  /** Exchanges θ and θ' element by element, so no copy is allocated. */
  private swap(): void {
    for (let k = 0; k < this.params.length; k++) {
      const theta = this.params[k].value.data;
      const avg = this.averages[k];
      for (let i = 0; i < avg.length; i++) {
        const tmp = theta[i];
        theta[i] = avg[i];
        avg[i] = tmp;
      }
    }
  }
}
