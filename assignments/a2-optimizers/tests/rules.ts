/**
 * a2's update rules as the grader knows them: for each rule the student writes, the library's rule
 * in the lectures' form (the reference) and the usual wrong versions of it (the variants a
 * mismatching trajectory is matched against, each a small in-place stepper written here from the
 * lectures' equations, or the library's rule with an option where the library has the variant).
 *
 * Every stepper runs on a flat Float64Array w, in place, at the 1-based step t, as
 * grader/tests/rule_tests.ts expects.
 */
import { libraryStepper, RuleSpec, StepFn, Variant } from "../../../grader/tests/rule_tests";

type HP = Record<string, number>;

/** A stepper that keeps its own per-entry arrays, created at the first step (w's length is known then). */
function withArrays(count: number, step: (w: Float64Array, g: Float64Array, t: number, arrays: Float64Array[]) => void): StepFn {
  let arrays: Float64Array[] | null = null;
  return (w, g, t) => {
    if (arrays === null || arrays[0].length !== w.length) arrays = Array.from({ length: count }, () => new Float64Array(w.length));
    step(w, g, t, arrays);
  };
}

function stateNotKept(rule: string, options: Record<string, unknown> = {}): Variant {
  return {
    id: "state-not-kept",
    label: "a fresh state at every step (the state returned by one step is not used by the next)",
    make: (hp) => libraryStepper(rule, { ...options, ...hp }, true),
  };
}

/** v ← αv − ηg, then θ ← θ − v (or, the same trajectory, v ← αv + ηg with θ ← θ + v): gradient ascent with momentum. */
const velocitySign: Variant = {
  id: "velocity-sign",
  label: "the velocity's sign flipped (θ ← θ − v with v ← αv − ηg): the weights climb the gradient",
  make: (hp) =>
    withArrays(1, (w, g, _t, [v]) => {
      for (let i = 0; i < w.length; i++) {
        v[i] = hp.momentum * v[i] - hp.lr * g[i];
        w[i] -= v[i];
      }
    }),
};

export const momentumSpec: RuleSpec = {
  fn: "momentumStep",
  reference: "momentum",
  referenceOptions: { form: "lecture" },
  variants: [velocitySign, stateNotKept("momentum", { form: "lecture" })],
};

export const nesterovSpec: RuleSpec = {
  fn: "nesterovStep",
  reference: "nesterov",
  variants: [
    {
      id: "plain-momentum",
      label: "plain (heavy-ball) momentum, θ ← θ + v, instead of Nesterov's look-ahead update",
      hint: "the parameters hold the look-ahead point φ = θ + αv: φ ← φ − α v_old + (1 + α) v_new, not φ + v_new",
      make: (hp) => libraryStepper("momentum", { ...hp, form: "lecture" }),
    },
    stateNotKept("nesterov"),
  ],
};

/** ε added to √r instead of under the root: PyTorch's placement, a different rule with the same ε. */
function epsOutside(rule: "adagrad" | "rmsprop", name: string): Variant {
  return {
    id: "eps-outside-sqrt",
    label: `ε outside the square root, η g / (√${name} + ε), which is PyTorch's placement`,
    hint: `the lectures put the small constant under the root: η g / √(${name} + ε); with the same ε the two differ wherever ${name} is not much larger than ε`,
    make: (hp) => libraryStepper(rule, { ...hp, epsPlacement: "outside" }),
  };
}

export const adagradSpec: RuleSpec = {
  fn: "adagradStep",
  reference: "adagrad",
  referenceOptions: { epsPlacement: "inside" },
  variants: [epsOutside("adagrad", "r"), stateNotKept("adagrad", { epsPlacement: "inside" })],
};

export const rmspropSpec: RuleSpec = {
  fn: "rmspropStep",
  reference: "rmsprop",
  referenceOptions: { epsPlacement: "inside" },
  variants: [
    epsOutside("rmsprop", "v"),
    {
      id: "decay-on-wrong-term",
      label: "the decay on the wrong term, v ← (1 − β) v + β g²",
      hint: "β weighs the old average and (1 − β) the new g²: v ← β v + (1 − β) g ⊙ g",
      // The library's rule with β replaced by 1 − β is exactly this mistake.
      make: (hp) => libraryStepper("rmsprop", { ...hp, beta: 1 - hp.beta, epsPlacement: "inside" }),
    },
    stateNotKept("rmsprop", { epsPlacement: "inside" }),
  ],
};

/** Adam's moments with the update written by `update(mHat-or-m, vHat-or-v)`, for the variants below. */
function adamLike(hp: HP, corrected: boolean, denominator: (v: number) => number, stepOf: (t: number) => number = (t) => t): StepFn {
  return withArrays(2, (w, g, t, [m, v]) => {
    const s = stepOf(t);
    const c1 = corrected ? 1 - Math.pow(hp.beta1, s) : 1;
    const c2 = corrected ? 1 - Math.pow(hp.beta2, s) : 1;
    for (let i = 0; i < w.length; i++) {
      m[i] = hp.beta1 * m[i] + (1 - hp.beta1) * g[i];
      v[i] = hp.beta2 * v[i] + (1 - hp.beta2) * g[i] * g[i];
      w[i] -= (hp.lr * (m[i] / c1)) / denominator(v[i] / c2);
    }
  });
}

export const adamSpec: RuleSpec = {
  fn: "adamStep",
  reference: "adam",
  variants: [
    {
      id: "no-bias-correction",
      label: "no bias correction of m and v (m̂ = m, v̂ = v)",
      make: (hp) => adamLike(hp, false, (v) => Math.sqrt(v) + hp.eps),
    },
    {
      id: "eps-inside-sqrt",
      label: "ε inside the square root, η m̂ / √(v̂ + ε)",
      hint: "Adam adds ε to the root: η m̂ / (√v̂ + ε), as in both lectures",
      make: (hp) => adamLike(hp, true, (v) => Math.sqrt(v + hp.eps)),
    },
    {
      id: "t-not-advancing",
      label: "a step count t that never advances (the bias correction of step 1 at every step)",
      hint: "keep t in the state and increase it by one at every step, before the bias correction: t = 1 at the first step, 2 at the second, ...",
      make: (hp) => adamLike(hp, true, (v) => Math.sqrt(v) + hp.eps, () => 1),
    },
    stateNotKept("adam"),
  ],
};
