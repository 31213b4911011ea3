/**
 * Update rules, graded on trajectories: the caller runs the student's rule for some steps from
 * w₀ on a test problem, and also runs variant rules with the classic mistakes (Adam without bias
 * correction, ε inside the square root, the velocity's sign, state not carried between steps).
 * A student trajectory that matches a variant names the mistake; otherwise the first step at
 * which it leaves the reference says where to start looking.
 */
import { relError } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatError, formatVector } from "./format";
import { checkThreshold, matches } from "./values";

export type KnownVariantId = "no-bias-correction" | "eps-inside-sqrt" | "velocity-sign" | "state-not-kept";

export interface RuleVariant {
  id: KnownVariantId | string;
  /** What the variant does, to follow "matches the rule with": "no bias correction of m and v". */
  label: string;
  /** The variant's trajectory from the same w₀ on the same problem: steps×d values, like the student's. */
  trajectory: Float64Array;
  /** Where to look; a default is given for the known ids. */
  hint?: string;
}

const HINTS: Record<KnownVariantId, string> = {
  "no-bias-correction": "divide m by (1 − β₁ᵗ) and v by (1 − β₂ᵗ), with t counted from 1 at the first step, before the update",
  "eps-inside-sqrt": "check where ε goes: √v + ε and √(v + ε) differ while v is small",
  "velocity-sign": "check the sign of the velocity: with v ← μv − lr·g the step is w + v; with v ← μv + g it is w − lr·v",
  "state-not-kept": "return the updated state and start from the state you are given: a fresh state at every call forgets the past steps",
};

function checkLengths(where: string, student: Float64Array, reference: Float64Array): void {
  if (student.length !== reference.length) {
    throw new Error(`${where}: the student's trajectory has ${student.length} values but the reference has ${reference.length}`);
  }
}

/**
 * null when `student` matches `reference` (relError over the whole trajectory < threshold), else
 * a "rule-variant" diagnosis for the first variant it matches. Variants that match the reference
 * themselves (e.g. "state-not-kept" for a rule without state) are skipped.
 */
export function diagnoseRuleVariant(
  what: string,
  student: Float64Array,
  reference: Float64Array,
  variants: readonly RuleVariant[],
  threshold: number,
): Diagnosis | null {
  checkThreshold(threshold, "diagnoseRuleVariant");
  checkLengths("diagnoseRuleVariant", student, reference);
  if (matches(student, reference, threshold)) return null;
  for (const v of variants) {
    checkLengths(`diagnoseRuleVariant (variant ${v.id})`, v.trajectory, reference);
    if (matches(v.trajectory, reference, threshold) || !matches(student, v.trajectory, threshold)) continue;
    const error = relError(student, v.trajectory);
    return {
      id: "rule-variant",
      message:
        `${what} follows the rule with ${v.label} (relError ${formatError(error)} against that rule's trajectory, ` +
        `${formatError(relError(student, reference))} against the expected one).`,
      evidence: { variant: v.id, label: v.label, relErrorAgainstVariant: error, relErrorAgainstExpected: relError(student, reference) },
      hint: v.hint ?? (HINTS as Record<string, string>)[v.id] ?? "compare your rule with the lecture's equations line by line",
    };
  }
  return null;
}

/**
 * Where the student's trajectory leaves the reference: the first step t (counted from 1) whose
 * largest difference exceeds threshold × the whole trajectory's scale max(|s|+|r|), the scale
 * relError uses, so a trajectory that fails relError always has such a step. null when the
 * trajectories match. `d` is the number of values per step.
 */
export function diagnoseTrajectoryDivergence(
  what: string,
  student: Float64Array,
  reference: Float64Array,
  d: number,
  threshold: number,
): Diagnosis | null {
  checkThreshold(threshold, "diagnoseTrajectoryDivergence");
  checkLengths("diagnoseTrajectoryDivergence", student, reference);
  if (!Number.isInteger(d) || d <= 0 || reference.length % d !== 0) {
    throw new Error(`diagnoseTrajectoryDivergence: d = ${d} does not divide the trajectory's ${reference.length} values into steps`);
  }
  if (matches(student, reference, threshold)) return null;
  // The scale of the finite entries; a NaN or an infinity counts as an infinite difference below.
  let scale = 1e-8;
  for (let i = 0; i < student.length; i++) {
    const s = Math.abs(student[i]) + Math.abs(reference[i]);
    if (Number.isFinite(s)) scale = Math.max(scale, s);
  }
  const steps = reference.length / d;
  for (let t = 0; t < steps; t++) {
    let worst = 0;
    for (let i = t * d; i < (t + 1) * d; i++) {
      const diff = Math.abs(student[i] - reference[i]);
      worst = Number.isFinite(diff) ? Math.max(worst, diff) : Infinity;
    }
    if (worst / scale < threshold) continue;
    const got = student.subarray(t * d, (t + 1) * d);
    const expected = reference.subarray(t * d, (t + 1) * d);
    const gives = `step ${t + 1} gives ${formatVector(got)} instead of ${formatVector(expected)}`;
    const agreed = t === 1 ? "the first step" : `the first ${t} steps`;
    return {
      id: "trajectory-diverges",
      message: t === 0 ? `${what} differs from the expected trajectory from the first step on: ${gives}.` : `${what} follows the expected trajectory for ${agreed} and leaves it at step ${t + 1}: ${gives}.`,
      evidence: { step: t + 1, steps, student: Array.from(got), expected: Array.from(expected), errorAtStep: worst / scale },
      hint: t === 0 ? "work out one update by hand from w₀ and compare it with your rule's first step" : "the first steps agree, so the update is nearly right: check what the state carries from one step to the next",
    };
  }
  // Unreachable: relError ≥ threshold means some step's difference is at least threshold × scale.
  return null;
}
