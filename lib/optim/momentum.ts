import { UpdateRule } from "./rule";
import { checkChoice, checkDecay, checkLr, checkStepSizes } from "./hyper";

/**
 * How the velocity is written (DESIGN.md "Reductions"):
 * - "lecture" (default, lectures 001 and 003): v ← αv − ηg,  θ ← θ + v
 * - "pytorch" (PyTorch's `SGD(momentum=μ)`, and lecture 003's whiteboard V_t): v ← μv + g,  θ ← θ − ηv
 *
 * At a constant learning rate the two give the same trajectory, with α = μ and
 * v_lecture = −η · v_pytorch. They differ when η changes between steps: the lecture's v stores
 * past steps already scaled by the η of their time, PyTorch's v stores raw gradients that are
 * all rescaled by today's η.
 */
export type MomentumForm = "lecture" | "pytorch";

export interface MomentumHP {
  /** Learning rate η (default 0.01). */
  lr: number;
  /** Momentum α (μ in PyTorch's form), in [0, 1); default 0.9. */
  momentum: number;
  /** "lecture" (default) or "pytorch", see `MomentumForm`. */
  form: MomentumForm;
}

export interface MomentumState {
  /** Velocity v, one entry per weight, starting at 0. */
  v: Float64Array;
}

const FORMS: readonly MomentumForm[] = ["lecture", "pytorch"];

/**
 * Heavy-ball momentum (Polyak, 1964; lecture 001 "Momentum method", lecture 003 "Momentum"):
 * v is an exponentially decaying average of past (negative) gradients, so the weights keep
 * moving in directions where the gradient is consistent and oscillations across a valley cancel.
 *
 *   lecture: v ← αv − ηg,  θ ← θ + v        pytorch: v ← μv + g,  θ ← θ − ηv
 *
 * Shapes: w, g and v have the same length.
 */
export const momentum: UpdateRule<MomentumHP, MomentumState> = Object.freeze({
  name: "momentum",
  defaults: Object.freeze<MomentumHP>({ lr: 0.01, momentum: 0.9, form: "lecture" }),
  validate(hp: MomentumHP): void {
    checkLr("momentum", hp.lr);
    checkDecay("momentum", "momentum", hp.momentum);
    checkChoice("momentum", "form", hp.form, FORMS);
  },
  init(size: number): MomentumState {
    return { v: new Float64Array(size) };
  },
  step(w: Float64Array, g: Float64Array, state: MomentumState, hp: MomentumHP) {
    const v = state.v;
    checkStepSizes("momentum", w, g, v);
    const lr = hp.lr;
    const alpha = hp.momentum;
    if (hp.form === "pytorch") {
      for (let i = 0; i < w.length; i++) {
        v[i] = alpha * v[i] + g[i];
        w[i] -= lr * v[i];
      }
    } else {
      for (let i = 0; i < w.length; i++) {
        v[i] = alpha * v[i] - lr * g[i];
        w[i] += v[i];
      }
    }
    return { w, state };
  },
});
