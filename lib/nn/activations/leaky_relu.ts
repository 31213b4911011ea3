import { checkNumber, withDefaults } from "../../util/options";
import { ElementwiseActivation } from "./elementwise";

export interface LeakyReLUOptions {
  /** Slope s of the negative part, in [0, 1) (default 0.01; 0 gives ReLU). */
  slope: number;
}

/**
 * Leaky ReLU: g(a) = a if a > 0 else s·a, g'(a) = 1 if a > 0 else s.
 * Shapes: any → the same shape. The small slope keeps a gradient flowing through units whose
 * input is negative, so they cannot "die" as ReLU units can. At a = 0 the derivative is s.
 */
export class LeakyReLU extends ElementwiseActivation {
  readonly slope: number;

  constructor(options?: Partial<LeakyReLUOptions>) {
    super();
    const opts = withDefaults<LeakyReLUOptions>("LeakyReLU", { slope: 0.01 }, options);
    // Slopes ≥ 1 would make the negative side steeper than the positive one: no longer "leaky".
    this.slope = checkNumber("LeakyReLU", "slope", opts.slope, { min: 0, max: 1, maxExclusive: true });
  }

  protected forward(x: Float64Array, y: Float64Array): void {
    const s = this.slope;
    for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : s * x[i];
  }

  protected backward(x: Float64Array, _y: Float64Array, dy: Float64Array, dx: Float64Array): void {
    const s = this.slope;
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : s * dy[i];
  }

  override toString(): string {
    return `LeakyReLU(slope=${this.slope})`;
  }
}
