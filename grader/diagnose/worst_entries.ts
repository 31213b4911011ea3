/**
 * Only some entries wrong: when no pattern explains the mismatch, show where it is. The worst
 * entries, with their multi-indices and both values, often show the pattern a person sees at once
 * (one row, the border of an image, the entries where x < 0).
 */
import { Tensor, assertSameShape, relError } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatError, formatIndex, formatNumber } from "./format";
import { checkThreshold, multiIndex } from "./values";

export interface WorstEntry {
  index: number[];
  student: number;
  expected: number;
  /** |student − expected|; Infinity when either is NaN, so NaN entries come first. */
  absDiff: number;
}

/** The k entries with the largest |student − expected|, largest first (ties in row-major order). */
export function worstEntries(student: Tensor, reference: Tensor, k: number): WorstEntry[] {
  assertSameShape(student.shape, reference.shape, "worstEntries", ["the student's value", "the reference"]);
  const diffs: { i: number; d: number }[] = [];
  for (let i = 0; i < student.size; i++) {
    const d = Math.abs(student.data[i] - reference.data[i]);
    diffs.push({ i, d: Number.isNaN(d) ? Infinity : d });
  }
  diffs.sort((a, b) => b.d - a.d || a.i - b.i);
  return diffs.slice(0, Math.max(0, k)).map(({ i, d }) => ({
    index: multiIndex(i, student.shape),
    student: student.data[i],
    expected: reference.data[i],
    absDiff: d,
  }));
}

/**
 * The fallback diagnosis, "some-entries-wrong": how many entries are off (|s − r| ≥ threshold ×
 * the scale relError uses, max(|s|+|r|)), the overall relError, and the worst `k` entries. The
 * shapes must agree.
 */
export function diagnoseSomeEntriesWrong(what: string, student: Tensor, reference: Tensor, threshold: number, k = 3): Diagnosis {
  checkThreshold(threshold, "diagnoseSomeEntriesWrong");
  assertSameShape(student.shape, reference.shape, "diagnoseSomeEntriesWrong", ["the student's value", "the reference"]);
  let scale = 1e-8;
  for (let i = 0; i < student.size; i++) {
    const s = Math.abs(student.data[i]) + Math.abs(reference.data[i]);
    if (Number.isFinite(s)) scale = Math.max(scale, s);
  }
  let wrong = 0;
  for (let i = 0; i < student.size; i++) {
    const d = Math.abs(student.data[i] - reference.data[i]);
    if (!(d < threshold * scale)) wrong++;
  }
  const worst = worstEntries(student, reference, k);
  const error = relError(student.data, reference.data);
  const listed = worst.map((w) => `${formatIndex(w.index)}: ${formatNumber(w.student)} instead of ${formatNumber(w.expected)}`).join("; ");
  const count = wrong === student.size ? `all ${student.size} entries of ${what} are off` : `${wrong} of ${student.size} entries of ${what} are off`;
  return {
    id: "some-entries-wrong",
    message: `${count[0].toUpperCase()}${count.slice(1)} (relError ${formatError(error)}); the worst: ${listed}.`,
    evidence: {
      wrong,
      total: student.size,
      relError: error,
      worstIndex: worst.map((w) => formatIndex(w.index)),
      worstStudent: worst.map((w) => w.student),
      worstExpected: worst.map((w) => w.expected),
    },
    hint:
      wrong === student.size
        ? "no constant factor, sign or transpose explains it: check the formula step by step on a small example"
        : "look at what the listed entries have in common (a row, a column, the sign of the input there)",
  };
}
