import { UpdateRule } from "./rule";
import { EPS_PLACEMENTS, EpsPlacement, checkChoice, checkDecay, checkLr, checkStepSizes } from "./hyper";
import { checkNumber } from "../util/options";

export interface RmspropHP {
  /** Learning rate η (default 0.01, as in PyTorch). */
  lr: number;
  /**
   * Decay rate β of the moving average of g² (the lecture's ρ; PyTorch calls it `alpha`), in
   * [0, 1); default 0.9, Hinton's suggestion (PyTorch's default is 0.99).
   */
  beta: number;
  /**
   * Small constant ε > 0 (the lecture's δ; it keeps 0/0 out while a weight's gradients are 0);
   * default 1e-6, the value the Deep Learning book suggests.
   */
  eps: number;
  /** "inside" (default, lectures 001/003): η g / √(v + ε); "outside" (PyTorch): η g / (√v + ε). */
  epsPlacement: EpsPlacement;
}

export interface RmspropState {
  /** v: the exponential moving average of g², one entry per weight, starting at 0. */
  v: Float64Array;
}

/**
 * RMSProp (lecture 001 "RMSprop", lecture 003 "Optimizer - RMSProp"): like AdaGrad, but the
 * squared gradients are averaged with exponentially decaying weights, so old history is
 * forgotten and the step does not shrink forever. Dividing by a number that is similar for
 * adjacent mini-batches is what lets it work with mini-batches, where Rprop does not.
 *
 *   v ← βv + (1 − β) g ⊙ g
 *   θ ← θ − η g / √(v + ε)        ("inside", the lectures)
 *   θ ← θ − η g / (√v + ε)        ("outside", PyTorch's RMSprop; use beta 0.99, eps 1e-8 to match it)
 *
 * Shapes: w, g and v have the same length.
 */
export const rmsprop: UpdateRule<RmspropHP, RmspropState> = Object.freeze({
  name: "rmsprop",
  defaults: Object.freeze<RmspropHP>({ lr: 0.01, beta: 0.9, eps: 1e-6, epsPlacement: "inside" }),
  validate(hp: RmspropHP): void {
    checkLr("rmsprop", hp.lr);
    checkDecay("rmsprop", "beta", hp.beta);
    checkNumber("rmsprop", "eps", hp.eps, { min: 0, minExclusive: true });
    checkChoice("rmsprop", "epsPlacement", hp.epsPlacement, EPS_PLACEMENTS);
  },
  init(size: number): RmspropState {
    return { v: new Float64Array(size) };
  },
  step(w: Float64Array, g: Float64Array, state: RmspropState, hp: RmspropHP) {
    const v = state.v;
    checkStepSizes("rmsprop", w, g, v);
    const { lr, beta, eps } = hp;
    const oneMinusBeta = 1 - beta;
    if (hp.epsPlacement === "outside") {
      for (let i = 0; i < w.length; i++) {
        v[i] = beta * v[i] + oneMinusBeta * g[i] * g[i];
        w[i] -= (lr * g[i]) / (Math.sqrt(v[i]) + eps);
      }
    } else {
      for (let i = 0; i < w.length; i++) {
        v[i] = beta * v[i] + oneMinusBeta * g[i] * g[i];
        w[i] -= (lr * g[i]) / Math.sqrt(v[i] + eps);
      }
    }
    return { w, state };
  },
});
