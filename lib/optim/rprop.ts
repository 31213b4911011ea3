import { UpdateRule } from "./rule";
import { checkLr, checkStepSizes } from "./hyper";
import { checkNumber } from "../util/options";

export interface RpropHP {
  /** Initial step size of every weight (default 0.01, as in PyTorch), clamped to [stepMin, stepMax]; later steps adapt on their own. */
  lr: number;
  /** Factor for a step whose last two gradient signs differ, in (0, 1); default 0.5. */
  etaMinus: number;
  /** Factor for a step whose last two gradient signs agree, > 1; default 1.2. */
  etaPlus: number;
  /** Smallest step size (default 1e-6). */
  stepMin: number;
  /** Largest step size (default 50). */
  stepMax: number;
}

export interface RpropState {
  /** The current step size of each weight (set to lr on the first step). */
  step: Float64Array;
  /** The gradient remembered from the last step (0 after a sign change, see below). */
  prev: Float64Array;
  /** False until the first step has set every step size to lr. */
  started: boolean;
}

/**
 * Rprop, resilient backpropagation (lecture 001, "Rprop (full batch training)"): only the sign of
 * the gradient is used, and each weight adapts its own step size Δ:
 *
 *   if g·g_prev > 0 (signs agree):   Δ ← clamp(Δ · etaPlus),    θ ← θ − sign(g) Δ
 *   if g·g_prev < 0 (sign flipped):  Δ ← clamp(Δ · etaMinus),   no update, g_prev ← 0
 *   if g·g_prev = 0:                 Δ ← clamp(Δ),              θ ← θ − sign(g) Δ
 *
 * with clamp(Δ) = min(max(Δ, stepMin), stepMax). The first step has no g_prev, so it moves by
 * clamp(lr): an lr above stepMax (or below stepMin) is clamped from the start, as in PyTorch.
 *
 * The sign-change branch is the variant PyTorch's `Rprop` implements (iRprop−, Igel and Hüsken,
 * 2000): after a flip we have jumped over a minimum along that weight, so we do not move this
 * time, and we forget the gradient so that the next step neither grows nor shrinks Δ again.
 * Initial Δ = lr (clamped), so a learning-rate schedule only matters on the first step.
 *
 * Rprop is meant for full-batch training: with mini-batches, a weight whose gradient is +0.1 on
 * nine batches and −0.9 on the tenth should stay put, but Rprop moves it down nine times and up
 * once by about the same step, so it drifts (lecture 001); RMSProp is the mini-batch fix.
 *
 * Shapes: w, g, step and prev have the same length.
 */
export const rprop: UpdateRule<RpropHP, RpropState> = Object.freeze({
  name: "rprop",
  defaults: Object.freeze<RpropHP>({ lr: 0.01, etaMinus: 0.5, etaPlus: 1.2, stepMin: 1e-6, stepMax: 50 }),
  validate(hp: RpropHP): void {
    checkLr("rprop", hp.lr);
    checkNumber("rprop", "etaMinus", hp.etaMinus, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
    checkNumber("rprop", "etaPlus", hp.etaPlus, { min: 1, minExclusive: true });
    checkNumber("rprop", "stepMin", hp.stepMin, { min: 0 });
    checkNumber("rprop", "stepMax", hp.stepMax, { min: hp.stepMin });
  },
  init(size: number): RpropState {
    return { step: new Float64Array(size), prev: new Float64Array(size), started: false };
  },
  step(w: Float64Array, g: Float64Array, state: RpropState, hp: RpropHP) {
    const { step, prev } = state;
    checkStepSizes("rprop", w, g, step, prev);
    if (!state.started) {
      step.fill(hp.lr);
      state.started = true;
    }
    const { etaMinus, etaPlus, stepMin, stepMax } = hp;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i];
      const agreement = gi * prev[i];
      const grown = agreement > 0 ? step[i] * etaPlus : agreement < 0 ? step[i] * etaMinus : step[i];
      // Every step size is clamped, including the first (Δ = lr) and unchanged ones, as PyTorch does.
      step[i] = Math.min(Math.max(grown, stepMin), stepMax);
      if (agreement < 0) {
        prev[i] = 0;
        continue;
      }
      // Math.sign(0) is 0: a weight with a zero gradient does not move.
      w[i] -= Math.sign(gi) * step[i];
      prev[i] = gi;
    }
    return { w, state };
  },
});
