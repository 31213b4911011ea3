import { Rng, globalRng } from "../tensor/random";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { RegressionData } from "./dataset";

/**
 * The tiny data set of lecture 001, "Toy optimization problem": x⁽¹⁾ = (2, 2), y⁽¹⁾ = 2 and
 * x⁽²⁾ = (2, 0), y⁽²⁾ = 0, for the model f(x, w) = wᵀx = w₁x₁ + w₂x₂. Its loss
 * ½ Σₙ (y⁽ⁿ⁾ − wᵀx⁽ⁿ⁾)² is the quadratic ½ wᵀAw − bᵀw + c with A = Σₙ x⁽ⁿ⁾x⁽ⁿ⁾ᵀ = [[8, 4], [4, 4]],
 * b = Σₙ y⁽ⁿ⁾x⁽ⁿ⁾ = (4, 4) and c = 2, minimised at w = (0, 1).
 * Shapes: x [2, 2], y [2, 1]. A fresh copy on every call.
 */
export function toyRegression(): RegressionData {
  return {
    x: Tensor.from([
      [2, 2],
      [2, 0],
    ]),
    y: Tensor.from([[2], [0]]),
  };
}

export interface NoisyLinearOptions {
  /** Number of examples (default 1000). */
  n: number;
  /** True weights w, one per input feature (default [2, −3.4], as in d2l.ai's linear regression). */
  w: readonly number[] | Float64Array;
  /** True bias (default 4.2). */
  b: number;
  /** Standard deviation of the Gaussian noise on y (default 0.01). */
  noise: number;
  rng: Rng | null;
}

/**
 * Linear-regression data: inputs x ~ N(0, I) and targets y = wᵀx + b + noise·ε, ε ~ N(0, 1).
 * A least-squares fit recovers w and b up to the noise. Shapes: x [n, D] with D = w.length,
 * y [n, 1]. Each example draws its D inputs, then its noise, from `rng`.
 */
export function noisyLinear(options?: Partial<NoisyLinearOptions>): RegressionData {
  const where = "noisyLinear";
  const opts = withDefaults<NoisyLinearOptions>(where, { n: 1000, w: [2, -3.4], b: 4.2, noise: 0.01, rng: null }, options);
  const n = checkNumber(where, "n", opts.n, { min: 1, integer: true });
  const b = checkNumber(where, "b", opts.b);
  const noise = checkNumber(where, "noise", opts.noise, { min: 0 });
  const w = opts.w;
  if (!(Array.isArray(w) || w instanceof Float64Array) || w.length < 1) {
    throw new Error(`${where}: w must be a non-empty array of numbers (one weight per feature), got ${String(w)}`);
  }
  for (let d = 0; d < w.length; d++) checkNumber(where, `w[${d}]`, w[d]);
  if (opts.rng !== null && !(opts.rng instanceof Rng)) {
    throw new Error(`${where}: rng must be an Rng (e.g. new Rng(0)), got ${String(opts.rng)}`);
  }
  const rng = opts.rng ?? globalRng();
  const D = w.length;
  const x = Tensor.zeros([n, D]);
  const y = Tensor.zeros([n, 1]);
  for (let i = 0; i < n; i++) {
    let f = b;
    for (let d = 0; d < D; d++) {
      const v = rng.normal();
      x.data[i * D + d] = v;
      f += w[d] * v;
    }
    y.data[i] = f + noise * rng.normal();
  }
  return { x, y };
}
