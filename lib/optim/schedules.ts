import { checkNumber } from "../util/options";

/**
 * A learning-rate schedule: t ↦ η(t), the rate of the t-th update. Pass one as `lr` to the
 * `Optimizer` or to `train2d`. Lecture 001: "use a learning rate schedule: a different η at each
 * iteration t"; lecture 004: SGD converges if Σ η_t = ∞ and Σ η_t² < ∞.
 *
 * **Step numbering, the same for every schedule here.** t = 1, 2, 3, … counts the updates:
 * the first `step()` uses η(1). This is the t of `Optimizer.t` after the step and of Adam's bias
 * correction, and the lectures' numbering (α_t is "the learning rate of the t-th update", with
 * Σ_t starting at t = 1). Every factory evaluates its formula at that t, literally: step 1 of
 * `exponentialSchedule(η₀, λ)` is η₀e^(−λ), of `inverseTimeSchedule(η, δ)` η/(1 + δ), and
 * `stepDecaySchedule(η, s, γ)` is η on steps 1 … s − 1 and γη from step s on (the piecewise
 * schedule with boundaries s, 2s, 3s, …).
 *
 * **PyTorch's numbering.** PyTorch's schedulers, stepped once after every `optimizer.step()`,
 * count the updates made before this one, k = t − 1, so its first update uses the initial rate.
 * `zeroBased(schedule)` evaluates a schedule's formula at t − 1: `zeroBased(stepDecaySchedule(η, s, γ))`
 * is `StepLR(step_size=s, gamma=γ)`, `zeroBased(exponentialSchedule(η, λ))` is
 * `ExponentialLR(gamma=e^(−λ))`, `zeroBased(piecewiseSchedule(ms, vs))` is `MultiStepLR` and
 * `zeroBased(linearDecaySchedule(η, η_τ, τ))` is `LinearLR(start_factor=1, end_factor=η_τ/η, total_iters=τ)`.
 * For that, the factories also accept t = 0 wherever their formula is defined.
 */
export type Schedule = (t: number) => number;

/** Throws unless t is a step number 0, 1, 2, … (the Optimizer asks from 1; `zeroBased` asks for 0). */
function checkStep(where: string, t: number): void {
  if (!(Number.isInteger(t) && t >= 0)) {
    throw new Error(`${where}: t must be a step number 1, 2, ... (the t-th update; 0 only through zeroBased), got ${t}`);
  }
}

function checkRate(where: string, name: string, value: unknown): number {
  return checkNumber(where, name, value, { min: 0, minExclusive: true });
}

/** η(t) = η (lecture 001, "constant"). */
export function constantSchedule(lr: number): Schedule {
  const where = "constantSchedule";
  checkRate(where, "lr", lr);
  return (t: number) => {
    checkStep(where, t);
    return lr;
  };
}

/**
 * η(t) = η_i if t_i ≤ t < t_{i+1} (lecture 001, "piecewise"): `values[0]` before the first
 * boundary, `values[i]` from step `boundaries[i − 1]` on. So `values` has one more entry than
 * `boundaries`, and the boundaries are increasing step numbers ≥ 1.
 * Example: `piecewiseSchedule([100, 200], [0.1, 0.01, 0.001])` is 0.1 for steps 1–99,
 * 0.01 for 100–199 and 0.001 from 200 on.
 */
export function piecewiseSchedule(boundaries: readonly number[], values: readonly number[]): Schedule {
  const where = "piecewiseSchedule";
  if (!Array.isArray(boundaries) || !Array.isArray(values) || values.length !== boundaries.length + 1) {
    throw new Error(
      `${where}: expected k boundaries and k + 1 values, e.g. piecewiseSchedule([100, 200], [0.1, 0.01, 0.001]); ` +
        `got ${Array.isArray(boundaries) ? boundaries.length : String(boundaries)} boundaries and ` +
        `${Array.isArray(values) ? values.length : String(values)} values`,
    );
  }
  boundaries.forEach((b, i) => {
    checkNumber(where, `boundaries[${i}]`, b, { min: i === 0 ? 1 : boundaries[i - 1] + 1, integer: true });
  });
  values.forEach((v, i) => checkRate(where, `values[${i}]`, v));
  const bs = [...boundaries];
  const vs = [...values];
  return (t: number) => {
    checkStep(where, t);
    let i = 0;
    while (i < bs.length && t >= bs[i]) i++;
    return vs[i];
  };
}

/**
 * Step decay: η(t) = η · γ^⌊t / stepSize⌋ ("decrease the learning rate after every n updates",
 * lecture 001), the piecewise schedule with boundaries stepSize, 2·stepSize, …: steps
 * 1 … stepSize − 1 use η, the next stepSize steps γη, and so on. γ defaults to 0.1.
 * PyTorch's `StepLR` (the first stepSize updates at η) is `zeroBased(stepDecaySchedule(…))`.
 */
export function stepDecaySchedule(lr: number, stepSize: number, gamma = 0.1): Schedule {
  const where = "stepDecaySchedule";
  checkRate(where, "lr", lr);
  checkNumber(where, "stepSize", stepSize, { min: 1, integer: true });
  checkNumber(where, "gamma", gamma, { min: 0, max: 1, minExclusive: true });
  return (t: number) => {
    checkStep(where, t);
    return lr * Math.pow(gamma, Math.floor(t / stepSize));
  };
}

/** Exponential decay, η(t) = η₀ e^(−λt) (lecture 001, "exponential"); step 1 uses η₀e^(−λ); λ ≥ 0. */
export function exponentialSchedule(lr0: number, lambda: number): Schedule {
  const where = "exponentialSchedule";
  checkRate(where, "lr0", lr0);
  checkNumber(where, "lambda", lambda, { min: 0 });
  return (t: number) => {
    checkStep(where, t);
    return lr0 * Math.exp(-lambda * t);
  };
}

/** Inverse-time decay, η(t) = η / (1 + δt), δ ≥ 0 the decrease constant (lecture 004). */
export function inverseTimeSchedule(lr: number, delta: number): Schedule {
  const where = "inverseTimeSchedule";
  checkRate(where, "lr", lr);
  checkNumber(where, "delta", delta, { min: 0 });
  return (t: number) => {
    checkStep(where, t);
    return lr / (1 + delta * t);
  };
}

/**
 * Power decay, η(t) = η / t^δ with 0.5 < δ ≤ 1 (lecture 004): exactly the range in which the
 * Robbins–Monro conditions hold, Σ_t η_t = ∞ (δ ≤ 1: the steps can still travel any distance)
 * and Σ_t η_t² < ∞ (δ > 0.5: the gradient noise they inject has finite total variance), under
 * which SGD converges. Undefined at t = 0, so it cannot be wrapped in `zeroBased` (in PyTorch it
 * would be a `LambdaLR` of 1/(k + 1)^δ, which is this schedule as it is).
 */
export function powerSchedule(lr: number, delta: number): Schedule {
  const where = "powerSchedule";
  checkRate(where, "lr", lr);
  if (typeof delta !== "number" || !(delta > 0.5 && delta <= 1)) {
    throw new Error(
      `${where}: delta must be a number with 0.5 < delta <= 1, got ${String(delta)}: the Robbins–Monro conditions under which SGD ` +
        "converges need Σ η_t = ∞ (delta <= 1) and Σ η_t² < ∞ (delta > 0.5)",
    );
  }
  return (t: number) => {
    checkStep(where, t);
    if (t === 0) throw new Error(`${where}: η/t^δ is undefined at t = 0; it counts updates from 1, so do not wrap it in zeroBased`);
    return lr / Math.pow(t, delta);
  };
}

/**
 * Linear decay to η_τ at step τ, then constant (Goodfellow, Bengio and Courville, "Deep
 * Learning", §8.3.1): η(t) = (1 − t/τ) η₀ + (t/τ) η_τ for t ≤ τ, and η_τ after. The book
 * suggests τ of a few hundred passes through the data and η_τ ≈ η₀/100.
 */
export function linearDecaySchedule(lr0: number, lrTau: number, tau: number): Schedule {
  const where = "linearDecaySchedule";
  checkRate(where, "lr0", lr0);
  checkNumber(where, "lrTau", lrTau, { min: 0 });
  checkNumber(where, "tau", tau, { min: 1, integer: true });
  return (t: number) => {
    checkStep(where, t);
    if (t >= tau) return lrTau;
    const alpha = t / tau;
    return (1 - alpha) * lr0 + alpha * lrTau;
  };
}

/**
 * Linear warm-up in front of any schedule: η(t) = (t / W) · schedule(t) for t ≤ W, then
 * schedule(t). The first step uses schedule(1)/W (not 0, which would waste a step); the wrapped
 * schedule keeps its own clock, so its decay is not delayed by the warm-up. Warm-up avoids
 * large first steps while Adam's moment estimates or BatchNorm's statistics are still poor
 * (cf. lecture 004: "better to use a fixed learning rate for the first few updates").
 */
export function withWarmup(schedule: Schedule, warmupSteps: number): Schedule {
  const where = "withWarmup";
  checkSchedule(where, schedule);
  checkNumber(where, "warmupSteps", warmupSteps, { min: 1, integer: true });
  return (t: number) => {
    checkStep(where, t);
    const lr = schedule(t);
    return t < warmupSteps ? (lr * t) / warmupSteps : lr;
  };
}

/**
 * PyTorch's step numbering for any schedule: update t uses the formula at t − 1, the number of
 * updates made before it, so the first update uses the schedule's value at 0 (η₀ for every
 * decay here). See `Schedule` for the correspondences with PyTorch's schedulers.
 */
export function zeroBased(schedule: Schedule): Schedule {
  const where = "zeroBased";
  checkSchedule(where, schedule);
  return (t: number) => {
    if (!(Number.isInteger(t) && t >= 1)) throw new Error(`${where}: t must be a step number 1, 2, ... (the t-th update), got ${t}`);
    return schedule(t - 1);
  };
}

function checkSchedule(where: string, schedule: unknown): void {
  if (typeof schedule !== "function") {
    throw new Error(`${where}: schedule must be a function (t) => η, e.g. constantSchedule(0.1); got ${String(schedule)}`);
  }
}

/** The schedule factories under short names, for `schedules.power(0.1, 0.75)`. */
export const schedules = Object.freeze({
  constant: constantSchedule,
  piecewise: piecewiseSchedule,
  stepDecay: stepDecaySchedule,
  exponential: exponentialSchedule,
  inverseTime: inverseTimeSchedule,
  power: powerSchedule,
  linearDecay: linearDecaySchedule,
  withWarmup,
  zeroBased,
});
