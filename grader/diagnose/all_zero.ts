/**
 * All zeros: the student's value is zero (or zero up to the threshold) where the reference is not.
 * Usually a result allocated with Tensor.zeros and never written, or a mask that is never 1.
 */
import { Tensor, sameShape } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatNumber } from "./format";
import { checkThreshold } from "./values";

function maxAbs(data: Float64Array): number {
  let m = 0;
  for (const v of data) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** Whether max|s| ≤ threshold · max|r| while r is not zero: s is zero on the reference's scale. */
export function isZeroOnScaleOf(student: Float64Array, reference: Float64Array, threshold: number): boolean {
  const scale = maxAbs(reference);
  return scale > 0 && maxAbs(student) <= threshold * scale;
}

/** null unless the shapes agree, the reference is not zero and max|student| ≤ threshold · max|reference|. */
export function diagnoseAllZero(what: string, student: Tensor, reference: Tensor, threshold: number): Diagnosis | null {
  checkThreshold(threshold, "diagnoseAllZero");
  if (!sameShape(student.shape, reference.shape) || !isZeroOnScaleOf(student.data, reference.data, threshold)) return null;
  const largest = maxAbs(student.data);
  const expected = maxAbs(reference.data);
  const how = largest === 0 ? "all zeros" : `zero up to round-off (its largest entry is ${formatNumber(largest)} in size)`;
  return {
    id: "all-zero",
    message: `${what} is ${how}, but the expected value is not (its largest entry is ${formatNumber(expected)} in size).`,
    evidence: { maxAbsStudent: largest, maxAbsExpected: expected },
    hint: "check that the result is computed and returned: a tensor made with Tensor.zeros and never written, or a mask that is never 1, stays zero",
  };
}
