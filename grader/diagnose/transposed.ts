/**
 * Transposed: the student's matrix is the transpose of the reference, either with the same square
 * shape or with the reference's shape reversed and the entries of rᵀ. Usually the factors of a
 * matrix product in the wrong order (dW = dyᵀx instead of xᵀdy).
 */
import { Tensor, formatShape, relError, sameShape } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatError } from "./format";
import { checkThreshold, matches, transpose2d } from "./values";

/**
 * null unless `student` ≈ referenceᵀ (relError < threshold) and the student does not already
 * match the reference (so a symmetric reference is never called transposed). Both must be 2-D:
 * the same square shape [n, n], or the student's shape [m, n] for a reference of [n, m].
 */
export function diagnoseTransposed(what: string, student: Tensor, reference: Tensor, threshold: number): Diagnosis | null {
  checkThreshold(threshold, "diagnoseTransposed");
  if (student.ndim !== 2 || reference.ndim !== 2) return null;
  const [rows, cols] = reference.shape;
  const rT = transpose2d(reference.data, rows, cols);
  const sameSquare = rows === cols && sameShape(student.shape, reference.shape);
  const reversed = rows !== cols && student.shape[0] === cols && student.shape[1] === rows;
  if (!sameSquare && !reversed) return null;
  if (sameSquare && matches(student.data, reference.data, threshold)) return null;
  if (!matches(student.data, rT, threshold)) return null;
  const againstTranspose = relError(student.data, rT);
  const evidence: Diagnosis["evidence"] = { relErrorAgainstTranspose: againstTranspose, shape: [...student.shape], expectedShape: [...reference.shape] };
  let message: string;
  if (sameSquare) {
    const againstReference = relError(student.data, reference.data);
    evidence.relErrorAgainstExpected = againstReference;
    message =
      `${what} is the transpose of the expected value ` +
      `(relError ${formatError(againstTranspose)} against the transpose, ${formatError(againstReference)} against the expected value).`;
  } else {
    message =
      `${what} has shape ${formatShape(student.shape)}, the expected ${formatShape(reference.shape)} reversed, ` +
      `and its entries are those of the transpose of the expected value (relError ${formatError(againstTranspose)}).`;
  }
  return {
    id: "transposed",
    message,
    evidence,
    hint: "check the order of the factors in each matrix product ((AB)ᵀ = BᵀAᵀ) and which one is transposed: a parameter's gradient has the parameter's shape",
  };
}
