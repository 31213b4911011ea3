/**
 * Wrong reduction: the student's value matches another reduction of the same quantity, which the
 * caller computed from the test's inputs, e.g. for a bias gradient db = Σₙ dy[n, :]: "dy summed
 * over axis 1" or "dy not summed". The alternative's shape may differ from the reference's.
 */
import { Tensor, formatShape, relError, sameShape } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatError } from "./format";
import { checkThreshold, matches } from "./values";

export interface Alternative {
  /** What the alternative is, to follow "matches": "dy summed over axis 1", "dy not summed". */
  label: string;
  value: Tensor;
  /** Where to look when this one matches, e.g. "db sums dy over the batch axis 0: shape [out]". */
  hint?: string;
}

/**
 * null when `student` matches the reference, else the first alternative with the student's shape
 * that `student` matches within the threshold. Alternatives that match the reference themselves
 * are skipped: matching one of them says nothing (e.g. "not summed" when N = 1).
 */
export function diagnoseWrongReduction(
  what: string,
  student: Tensor,
  reference: Tensor,
  alternatives: readonly Alternative[],
  threshold: number,
): Diagnosis | null {
  checkThreshold(threshold, "diagnoseWrongReduction");
  const isReference = (t: Tensor): boolean => sameShape(t.shape, reference.shape) && matches(t.data, reference.data, threshold);
  if (isReference(student)) return null;
  for (const alt of alternatives) {
    if (!sameShape(alt.value.shape, student.shape) || isReference(alt.value)) continue;
    if (!matches(student.data, alt.value.data, threshold)) continue;
    const error = relError(student.data, alt.value.data);
    const shapes = sameShape(student.shape, reference.shape)
      ? ""
      : ` (shape ${formatShape(student.shape)}; the expected value has shape ${formatShape(reference.shape)})`;
    return {
      id: "wrong-reduction",
      message: `${what} matches ${alt.label}${shapes}, not the expected value (relError ${formatError(error)} against it).`,
      evidence: { matched: alt.label, relErrorAgainstMatched: error, shape: [...student.shape], expectedShape: [...reference.shape] },
      hint: alt.hint ?? "check which axis the sum or mean runs over: the batch axis 0 is the one that disappears from a parameter's gradient",
    };
  }
  return null;
}
