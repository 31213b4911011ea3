/**
 * Sign flipped: the student's value is the negative of the reference everywhere. Usually a minus
 * taken into the gradient itself (the descent step w − lr·g is the optimizer's, not bprop's), or
 * a derivative of a − b with respect to b taken as +1.
 */
import { Tensor, relError, sameShape } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatError } from "./format";
import { checkThreshold, matches, scale } from "./values";

/** null unless the shapes agree, `student` ≈ −reference (relError < threshold) and `student` ≉ reference. */
export function diagnoseSignFlipped(what: string, student: Tensor, reference: Tensor, threshold: number): Diagnosis | null {
  checkThreshold(threshold, "diagnoseSignFlipped");
  if (!sameShape(student.shape, reference.shape)) return null;
  // An all-zero reference equals its negative: the guard below refuses it.
  if (matches(student.data, reference.data, threshold)) return null;
  const negated = scale(reference.data, -1);
  if (!matches(student.data, negated, threshold)) return null;
  const error = relError(student.data, negated);
  return {
    id: "sign-flipped",
    message: `${what} has the opposite sign of the expected value in every entry (relError ${formatError(error)} against −expected).`,
    evidence: { relErrorAgainstNegated: error },
    hint: "check the sign of each term: the gradient itself carries no minus of gradient descent, and d(a − b)/db = −1",
  };
}
