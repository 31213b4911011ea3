/**
 * What a diagnosis is: the explanation of a mismatch between the student's value and the
 * reference, with the evidence that proves it (GRADER.md, "Diagnoses"). Diagnoses never earn
 * points by themselves (except the own-fprop consistency of a bprop, decided in score/); they
 * tell the student what is wrong and tell the staff what the class gets wrong.
 */

export type DiagnosisId =
  | "wrong-type"
  | "wrong-shape"
  | "non-finite"
  | "transposed"
  | "sign-flipped"
  | "all-zero"
  | "scaled"
  | "wrong-reduction"
  | "overwrites-grad"
  | "grad-untouched"
  | "mutates-input"
  | "consistent-with-own-fprop"
  | "inconsistent-with-own-fprop"
  | "rule-variant"
  | "trajectory-diverges"
  | "some-entries-wrong"
  | "below-target"
  | "compile-error"
  | "missing-cell"
  | "unreadable-submission"
  | "not-implemented"
  | "raised-error"
  | "blocked"
  | "banned-name"
  | "timeout"
  | "out-of-memory"
  | "runner-exited"
  | "protocol-error";

export type EvidenceValue = number | string | boolean | null | number[] | string[];

export interface Diagnosis {
  id: DiagnosisId;
  /**
   * One or two sentences for the student, naming the quantity and the evidence, e.g.
   * "dW is the transpose of the expected gradient (relError 2.1e-16 against the transpose)".
   */
  message: string;
  /** The evidence as data (for result.json and the class report). */
  evidence: Record<string, EvidenceValue>;
  /** Where to look, e.g. "dW = dyᵀ x has shape [out, in], like W". */
  hint?: string;
}
