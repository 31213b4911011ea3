import { UpdateRule } from "./rule";
import { ADAM_DEFAULTS, AdamHP, AdamState, adamUpdate, validateAdam } from "./adam";
import { checkStepSizes } from "./hyper";
import { checkNumber } from "../util/options";

export interface AdamwHP extends AdamHP {
  /** Decoupled weight decay λ ≥ 0 (default 0.01, as in PyTorch's AdamW). */
  weightDecay: number;
}

/**
 * AdamW, Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's `AdamW`:
 *
 *   θ ← θ − ηλθ            (shrink the weights, independently of the gradient)
 *   then the Adam step of lib/optim/adam.ts with the same g.
 *
 * Why "decoupled": adding λθ to the gradient (L2 regularization, lecture 004) would send the
 * decay through Adam's division by √v̂, so weights with large gradients would barely be
 * decayed; here every weight shrinks by the same factor (1 − ηλ) per step.
 *
 * The decay applies to every array this rule is given. Lecture 004 decays weights, not biases:
 * to follow it with the `Optimizer` class, give the biases their own optimizer with
 * `weightDecay: 0` (split `model.params()` on `p.regularize`).
 *
 * Shapes: w, g, m and v have the same length.
 */
export const adamw: UpdateRule<AdamwHP, AdamState> = Object.freeze({
  name: "adamw",
  defaults: Object.freeze<AdamwHP>({ ...ADAM_DEFAULTS, weightDecay: 0.01 }),
  validate(hp: AdamwHP): void {
    validateAdam("adamw", hp);
    checkNumber("adamw", "weightDecay", hp.weightDecay, { min: 0 });
  },
  init(size: number): AdamState {
    return { m: new Float64Array(size), v: new Float64Array(size) };
  },
  step(w: Float64Array, g: Float64Array, state: AdamState, hp: AdamwHP, t: number) {
    checkStepSizes("adamw", w, g, state.m, state.v); // before the decay touches w
    const shrink = 1 - hp.lr * hp.weightDecay;
    if (shrink !== 1) for (let i = 0; i < w.length; i++) w[i] *= shrink;
    adamUpdate("adamw", w, g, state, hp, t);
    return { w, state };
  },
});
