import { checkNumber } from "../util/options";

/**
 * A learning-rate schedule: the rate η(t) for the 1-based step t (the first `step()` uses η(1)).
 * Pass one as `lr` to the `Optimizer`. Lecture 001: "use a learning rate schedule: a different η at
 * each iteration t"; lecture 004: SGD converges if Σ η_t = ∞ and Σ η_t² < ∞.
 */
export type Schedule = (t: number) => number;

/** Throws unless t is a step number 1, 2, 3, ...; a schedule is never asked for step 0. */
function checkStep(where: string, t: number): void {
  if (!(Number.isInteger(t) && t >= 1)) throw new Error(`${where}: t must be a 1-based step number (1, 2, ...), got ${t}`);
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
 * boundary, `values[i]` from `boundaries[i − 1]` on. So `values` has one more entry than
 * `boundaries`, and the boundaries are increasing steps ≥ 2.
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
    checkNumber(where, `boundaries[${i}]`, b, { min: i === 0 ? 2 : boundaries[i - 1] + 1, integer: true });
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
 * Step decay: η(t) = η · γ^⌊(t − 1) / stepSize⌋ ("decrease the learning rate after every n
 * updates", lecture 001). Steps 1..stepSize use η, the next stepSize steps γη, and so on, as
 * PyTorch's `StepLR` (which counts from 0). γ defaults to 0.1.
 */
export function stepDecaySchedule(lr: number, stepSize: number, gamma = 0.1): Schedule {
  const where = "stepDecaySchedule";
  checkRate(where, "lr", lr);
  checkNumber(where, "stepSize", stepSize, { min: 1, integer: true });
  checkNumber(where, "gamma", gamma, { min: 0, max: 1, minExclusive: true });
  return (t: number) => {
    checkStep(where, t);
    return lr * Math.pow(gamma, Math.floor((t - 1) / stepSize));
  };
}

/**
 * Exponential decay, η(t) = η₀ e^(−λt) (lecture 001, "exponential"). As in the lecture's formula
 * the first step already uses η₀e^(−λ); λ ≥ 0.
 */
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
 * Power decay, η(t) = η / t^δ with 0.5 < δ ≤ 1 (lecture 004): exactly the range for which
 * Σ η_t diverges and Σ η_t² converges, the conditions under which SGD converges.
 */
export function powerSchedule(lr: number, delta: number): Schedule {
  const where = "powerSchedule";
  checkRate(where, "lr", lr);
  checkNumber(where, "delta", delta, { min: 0.5, max: 1, minExclusive: true });
  return (t: number) => {
    checkStep(where, t);
    return lr / Math.pow(t, delta);
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
  if (typeof schedule !== "function") {
    throw new Error(`${where}: schedule must be a function (t) => η, e.g. constantSchedule(0.1); got ${String(schedule)}`);
  }
  checkNumber(where, "warmupSteps", warmupSteps, { min: 1, integer: true });
  return (t: number) => {
    checkStep(where, t);
    const lr = schedule(t);
    return t < warmupSteps ? (lr * t) / warmupSteps : lr;
  };
}

/** The schedule factories under short names, for `schedules.power(0.1, 0.75)`. */
export const schedules = Object.freeze({
  constant: constantSchedule,
  piecewise: piecewiseSchedule,
  stepDecay: stepDecaySchedule,
  exponential: exponentialSchedule,
  inverseTime: inverseTimeSchedule,
  power: powerSchedule,
  withWarmup,
});
