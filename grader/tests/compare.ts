/**
 * One comparison of a value the student's code returned with the library's reference, as a
 * Check: validated (type, shape, finiteness), compared by relError against the threshold, and
 * diagnosed when it fails. Every test builder compares through here, so every part explains its
 * mismatches the same way.
 */
import { Tensor, relError } from "gradlab";
import type { Diagnosis } from "../diagnose/diagnosis";
import { diagnoseMismatch } from "../diagnose/index";
import { diagnoseError } from "../diagnose/runtime";
import { diagnoseShape, diagnoseType } from "../diagnose/type_shape";
import type { Check } from "./test_case";
import { CallOutcome, asTensor } from "./read_reply";

export interface CompareOptions {
  threshold: number;
  weight?: number;
  /** Batch size, so a factor of N or 1/N is named. */
  batchSize?: number;
  /** Wrong-but-plausible values (e.g. the bias gradient summed over the other axis) to recognise. */
  alternatives?: { label: string; value: Tensor }[];
  hint?: string;
}

export function failedCheck(what: string, diagnosis: Diagnosis, weight = 1): Check {
  return { what, passed: false, credit: 0, weight, diagnosis };
}

/** The check for a call that raised an error or never ran. */
export function outcomeFailure(what: string, o: CallOutcome, weight = 1): Check {
  if (o.kind === "error") return failedCheck(what, diagnoseError(what, o.error), weight);
  return failedCheck(what, { id: "raised-error", message: `${what} was not computed: an earlier call of this test failed`, evidence: {} }, weight);
}

/** Compares a tensor the student returned (wire data, unchecked) with the reference. */
export function compareTensor(what: string, value: unknown, reference: Tensor, o: CompareOptions): { check: Check; student: Tensor | null } {
  const weight = o.weight ?? 1;
  const student = asTensor(value);
  if (!student) {
    return { check: failedCheck(what, diagnoseType(what, value, "Tensor") ?? { id: "wrong-type", message: `${what} is not a Tensor`, evidence: {} }, weight), student: null };
  }
  const sameShape = student.shape.length === reference.shape.length && student.shape.every((d, i) => d === reference.shape[i]);
  if (!sameShape) {
    // A different shape may still be a recognisable mistake (a transpose, the other reduction).
    const d = diagnoseMismatch({ what, student, reference, threshold: o.threshold, batchSize: o.batchSize, alternatives: o.alternatives });
    const recognised = d.id === "transposed" || d.id === "wrong-reduction";
    const shape = diagnoseShape(what, student.shape, reference.shape, o.hint);
    return { check: failedCheck(what, recognised ? d : shape ?? d, weight), student };
  }
  const err = relError(student, reference);
  if (err < o.threshold) return { check: { what, passed: true, credit: 1, weight, relError: err, threshold: o.threshold }, student };
  const diagnosis = diagnoseMismatch({ what, student, reference, threshold: o.threshold, batchSize: o.batchSize, alternatives: o.alternatives });
  return { check: { what, passed: false, credit: 0, weight, relError: Number.isNaN(err) ? undefined : err, threshold: o.threshold, diagnosis: o.hint && !diagnosis.hint ? { ...diagnosis, hint: o.hint } : diagnosis }, student };
}

/** Compares a number the student returned with the reference value. */
export function compareNumber(what: string, value: unknown, reference: number, o: CompareOptions): Check {
  const weight = o.weight ?? 1;
  if (typeof value !== "number") {
    return failedCheck(what, diagnoseType(what, value, "number") ?? { id: "wrong-type", message: `${what} is not a number`, evidence: {} }, weight);
  }
  return compareTensor(what, { $t: "tensor", shape: [], data: new Float64Array([value]) }, new Tensor(new Float64Array([reference]), []), o).check;
}

/** A tensor as wire data (a copy). */
export function wire(t: Tensor): { $t: "tensor"; shape: number[]; data: Float64Array } {
  return { $t: "tensor", shape: [...t.shape], data: t.data.slice() };
}
