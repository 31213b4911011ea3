/**
 * The grader's diagnoses (GRADER.md, "Diagnoses"): one file per explanation of a mismatch, each a
 * pure function that returns a Diagnosis with its evidence, or null when it does not fit.
 * `diagnoseMismatch` tries them in a fixed order for a value that failed its test; the others
 * (type, accumulation, mutation, own fprop, update rules, runtime) are called by the test builders
 * where they have what those need.
 */
import { Tensor, relError, sameShape } from "gradlab";
import { diagnoseAllZero } from "./all_zero";
import type { Diagnosis } from "./diagnosis";
import { formatError } from "./format";
import { diagnoseNonFinite } from "./non_finite";
import { diagnoseScaled } from "./scaled";
import { diagnoseSignFlipped } from "./sign_flipped";
import { diagnoseTransposed } from "./transposed";
import { diagnoseShape } from "./type_shape";
import { checkThreshold } from "./values";
import { diagnoseSomeEntriesWrong } from "./worst_entries";
import { Alternative, diagnoseWrongReduction } from "./wrong_reduction";

export type { Diagnosis, DiagnosisId, EvidenceValue } from "./diagnosis";
export { diagnoseType, diagnoseShape, type ExpectedType } from "./type_shape";
export { diagnoseNonFinite } from "./non_finite";
export { diagnoseTransposed } from "./transposed";
export { diagnoseSignFlipped } from "./sign_flipped";
export { diagnoseAllZero } from "./all_zero";
export { diagnoseScaled, type ScaleContext } from "./scaled";
export { diagnoseWrongReduction, type Alternative } from "./wrong_reduction";
export { diagnoseOverwrites } from "./overwrites";
export { diagnoseMutatesInput, type InputBeforeAfter } from "./mutates_input";
export { fdFromSweep, diagnoseOwnFprop, diagnoseInconsistentWithOwnFprop, type OwnFpropContext } from "./own_fprop";
export { diagnoseRuleVariant, diagnoseTrajectoryDivergence, type RuleVariant, type KnownVariantId } from "./rule_variant";
export { worstEntries, diagnoseSomeEntriesWrong, type WorstEntry } from "./worst_entries";
export { diagnoseError, diagnoseFailure, diagnoseRuntime, type ErrorRecord, type RunnerFailure } from "./runtime";
export { formatError, formatNumber, formatIndex, formatVector } from "./format";

export interface Mismatch {
  /** The quantity, as the student knows it: "dx", "dW", "y = fprop(x)". */
  what: string;
  student: Tensor;
  reference: Tensor;
  /** The test's threshold on relError (the student's value failed it). */
  threshold: number;
  /** N of the test's input, to name factors such as 1/N. */
  batchSize?: number;
  /** Other reductions of the same quantity, for "summed over the wrong axis / not summed". */
  alternatives?: readonly Alternative[];
}

/**
 * The first explanation that fits a value that failed its test. With equal shapes, in order:
 * non-finite, transposed (square), sign-flipped, all-zero, scaled, wrong-reduction, and
 * some-entries-wrong, which always applies. With different shapes: non-finite, transposed (the
 * shape reversed), wrong-reduction, and wrong-shape, which always applies. Throws when the student's
 * value passes the threshold (there is nothing to diagnose: a mistake of the caller).
 */
export function diagnoseMismatch(m: Mismatch): Diagnosis {
  const { what, student, reference, threshold } = m;
  checkThreshold(threshold, "diagnoseMismatch");
  const alternatives = m.alternatives ?? [];
  const same = sameShape(student.shape, reference.shape);
  if (same && relError(student.data, reference.data) < threshold) {
    throw new Error(
      `diagnoseMismatch: ${what} matches the reference (relError ${formatError(relError(student.data, reference.data))} < ${threshold}); there is nothing to diagnose`,
    );
  }
  const nonFinite = diagnoseNonFinite(what, student);
  if (nonFinite) return nonFinite;
  if (!same) {
    return (
      diagnoseTransposed(what, student, reference, threshold) ??
      diagnoseWrongReduction(what, student, reference, alternatives, threshold) ??
      (diagnoseShape(what, student.shape, reference.shape) as Diagnosis)
    );
  }
  return (
    diagnoseTransposed(what, student, reference, threshold) ??
    diagnoseSignFlipped(what, student, reference, threshold) ??
    diagnoseAllZero(what, student, reference, threshold) ??
    diagnoseScaled(what, student, reference, threshold, { batchSize: m.batchSize }) ??
    diagnoseWrongReduction(what, student, reference, alternatives, threshold) ??
    diagnoseSomeEntriesWrong(what, student, reference, threshold)
  );
}
