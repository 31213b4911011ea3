import { UpdateRule } from "./rule";
import { checkDecay, checkLr, checkStepSizes } from "./hyper";
import { checkNumber } from "../util/options";

export interface AdamHP {
  /** Learning rate η (the lecture's step size ε in lecture 003); default 0.001. */
  lr: number;
  /** Decay rate β₁ of the first-moment estimate m (ρ₁ in lecture 003), in [0, 1); default 0.9. */
  beta1: number;
  /** Decay rate β₂ of the second-moment estimate v (ρ₂ in lecture 003), in [0, 1); default 0.999. */
  beta2: number;
  /** Small constant ε > 0 added to √v̂ (δ in lecture 003); default 1e-8. */
  eps: number;
}

export interface AdamState {
  /** m: exponential moving average of g (first moment), starting at 0. */
  m: Float64Array;
  /** v: exponential moving average of g ⊙ g (second moment), starting at 0. */
  v: Float64Array;
}

export const ADAM_DEFAULTS: Readonly<AdamHP> = Object.freeze({ lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 });

/** Shared by Adam and AdamW. */
export function validateAdam(where: string, hp: AdamHP): void {
  checkLr(where, hp.lr);
  checkDecay(where, "beta1", hp.beta1);
  checkDecay(where, "beta2", hp.beta2);
  checkNumber(where, "eps", hp.eps, { min: 0, minExclusive: true });
}

/**
 * The Adam update on w in place, at 1-based step t; Adam and AdamW both call it.
 * The bias corrections are applied as two scalars per call, not per element.
 */
export function adamUpdate(where: string, w: Float64Array, g: Float64Array, state: AdamState, hp: AdamHP, t: number): void {
  const { m, v } = state;
  checkStepSizes(where, w, g, m, v);
  if (!(Number.isInteger(t) && t >= 1)) {
    throw new Error(`${where}.step: t must be the 1-based step number (1, 2, ...) for the bias correction, got ${t}`);
  }
  const { lr, beta1, beta2, eps } = hp;
  const correction1 = 1 - Math.pow(beta1, t);
  const correction2 = 1 - Math.pow(beta2, t);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    m[i] = beta1 * m[i] + (1 - beta1) * gi;
    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
    const mHat = m[i] / correction1;
    const vHat = v[i] / correction2;
    w[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
  }
}

/**
 * Adam, adaptive moments (lecture 001 "RMSProp plus the exponential moving average of the
 * gradient", lecture 003 "Optimizer – Adam"), at step t = 1, 2, ...:
 *
 *   m ← β₁m + (1 − β₁) g              v ← β₂v + (1 − β₂) g ⊙ g
 *   m̂ = m / (1 − β₁ᵗ)                 v̂ = v / (1 − β₂ᵗ)          (m and v start at 0: undo that bias)
 *   θ ← θ − η m̂ / (√v̂ + ε)            (ε outside the square root, as in both lectures and PyTorch)
 *
 * The update is unit-less: |Δθ| ≈ η |E[g]| / √E[g²] ≤ η. On the first step m̂ = g and v̂ = g², so
 * every weight with a nonzero gradient moves by η (up to ε), whatever the gradient's scale.
 * Defaults are the lecture's: β₁ = 0.9, β₂ = 0.999, η = 0.001, ε = 1e-8.
 *
 * Shapes: w, g, m and v have the same length.
 */
export const adam: UpdateRule<AdamHP, AdamState> = Object.freeze({
  name: "adam",
  defaults: ADAM_DEFAULTS,
  validate(hp: AdamHP): void {
    validateAdam("adam", hp);
  },
  init(size: number): AdamState {
    return { m: new Float64Array(size), v: new Float64Array(size) };
  },
  step(w: Float64Array, g: Float64Array, state: AdamState, hp: AdamHP, t: number) {
    adamUpdate("adam", w, g, state, hp, t);
    return { w, state };
  },
});
