import { UpdateRule } from "./rule";
import { EPS_PLACEMENTS, EpsPlacement, checkChoice, checkLr, checkStepSizes } from "./hyper";
import { checkNumber } from "../util/options";

export interface AdagradHP {
  /** Learning rate η (default 0.01, as in PyTorch). */
  lr: number;
  /**
   * Small constant ε > 0 (the lecture's δ; it keeps 0/0 out while a weight's gradients are 0);
   * default 1e-7, the value the Deep Learning book suggests.
   */
  eps: number;
  /** "inside" (default, lecture 003): η g / √(ε + r); "outside" (PyTorch): η g / (√r + ε). */
  epsPlacement: EpsPlacement;
}

export interface AdagradState {
  /** r: the running sum of squared gradients, one entry per weight, starting at 0. */
  r: Float64Array;
}

/**
 * AdaGrad (lecture 003, "Optimizer - AdaGrad"): each weight gets its own learning rate, divided
 * by the root of the sum of all its past squared gradients, so weights with large partial
 * derivatives slow down quickly and weights with small ones keep a larger step.
 *
 *   r ← r + g ⊙ g
 *   θ ← θ − η g / √(ε + r)        ("inside", the lecture)
 *   θ ← θ − η g / (√r + ε)        ("outside", PyTorch's Adagrad)
 *
 * (element-wise). Because r only grows, the effective rate only shrinks; RMSProp fixes that.
 * With PyTorch's placement, use PyTorch's ε = 1e-10 to match it exactly.
 *
 * Shapes: w, g and r have the same length.
 */
export const adagrad: UpdateRule<AdagradHP, AdagradState> = Object.freeze({
  name: "adagrad",
  defaults: Object.freeze<AdagradHP>({ lr: 0.01, eps: 1e-7, epsPlacement: "inside" }),
  validate(hp: AdagradHP): void {
    checkLr("adagrad", hp.lr);
    checkNumber("adagrad", "eps", hp.eps, { min: 0, minExclusive: true });
    checkChoice("adagrad", "epsPlacement", hp.epsPlacement, EPS_PLACEMENTS);
  },
  init(size: number): AdagradState {
    return { r: new Float64Array(size) };
  },
  step(w: Float64Array, g: Float64Array, state: AdagradState, hp: AdagradHP) {
    const r = state.r;
    checkStepSizes("adagrad", w, g, r);
    const { lr, eps } = hp;
    // Two loops rather than a test per element, so each stays a tight loop.
    if (hp.epsPlacement === "outside") {
      for (let i = 0; i < w.length; i++) {
        r[i] += g[i] * g[i];
        w[i] -= (lr * g[i]) / (Math.sqrt(r[i]) + eps);
      }
    } else {
      for (let i = 0; i < w.length; i++) {
        r[i] += g[i] * g[i];
        w[i] -= (lr * g[i]) / Math.sqrt(eps + r[i]);
      }
    }
    return { w, state };
  },
});
