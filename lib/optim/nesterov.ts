import { UpdateRule } from "./rule";
import { checkDecay, checkLr, checkStepSizes } from "./hyper";

export interface NesterovHP {
  /** Learning rate η (default 0.01). */
  lr: number;
  /** Momentum α in [0, 1); default 0.9. */
  momentum: number;
}

export interface NesterovState {
  /** Velocity v, one entry per weight, starting at 0. */
  v: Float64Array;
}

/**
 * Nesterov accelerated gradient (lecture 003, "Stochastic gradient descent with Nesterov momentum"):
 *
 *   interim update  θ̃ ← θ + αv
 *   gradient        g ← ∇L(θ̃)            (the gradient after the velocity is applied)
 *   velocity        v ← αv − ηg
 *   update          θ ← θ + v
 *
 * A network can only give the gradient at the point its parameters hold, so this rule stores the
 * look-ahead point φ = θ + αv in the parameters instead of θ (an exact change of variables, the
 * same trick PyTorch's `nesterov=True` uses). Then g = ∇L(φ) is what backprop gives, and
 *
 *   v_new = α v_old − η g(φ)
 *   φ_new = θ_new + α v_new = (φ_old − α v_old) + v_new + α v_new = φ_old − α v_old + (1 + α) v_new
 *
 * With v = 0 at the start, φ₀ = θ₀, so nothing changes at initialization. At any time the
 * lecture's θ is recovered as θ = φ − αv (`nesterovTheta`); the test nesterov.test.ts checks
 * that this θ follows the interim-update algorithm above step for step (to 1e-12).
 * At the end of training the parameters hold φ, the point where the last gradient was taken;
 * it differs from θ by αv, which is small once v has decayed near a minimum.
 *
 * Shapes: w (= φ), g and v have the same length.
 */
export const nesterov: UpdateRule<NesterovHP, NesterovState> = Object.freeze({
  name: "nesterov",
  defaults: Object.freeze<NesterovHP>({ lr: 0.01, momentum: 0.9 }),
  validate(hp: NesterovHP): void {
    checkLr("nesterov", hp.lr);
    checkDecay("nesterov", "momentum", hp.momentum);
  },
  init(size: number): NesterovState {
    return { v: new Float64Array(size) };
  },
  step(w: Float64Array, g: Float64Array, state: NesterovState, hp: NesterovHP) {
    const v = state.v;
    checkStepSizes("nesterov", w, g, v);
    const lr = hp.lr;
    const alpha = hp.momentum;
    for (let i = 0; i < w.length; i++) {
      const vOld = v[i];
      const vNew = alpha * vOld - lr * g[i];
      v[i] = vNew;
      w[i] += (1 + alpha) * vNew - alpha * vOld;
    }
    return { w, state };
  },
});

/**
 * The lecture's θ = φ − αv from the look-ahead point φ the parameters hold, written into `out`
 * (a new array by default).
 */
export function nesterovTheta(phi: Float64Array, state: NesterovState, momentum: number, out?: Float64Array): Float64Array {
  if (state.v.length !== phi.length || (out !== undefined && out.length !== phi.length)) {
    const outPart = out ? `, out ${out.length}` : "";
    throw new Error(`nesterovTheta: phi has ${phi.length} entries, v has ${state.v.length}${outPart}; they must be equal`);
  }
  const theta = out ?? new Float64Array(phi.length);
  for (let i = 0; i < phi.length; i++) theta[i] = phi[i] - momentum * state.v[i];
  return theta;
}
