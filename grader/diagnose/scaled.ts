/**
 * Scaled by a constant: s ≈ c·r with the least-squares factor c = ⟨s, r⟩ / ⟨r, r⟩. The factor is
 * named when it is one students get wrong: N or 1/N (the batch mean's 1/N missing or applied
 * twice), 2 or 1/2 (the 2 of x²), N/(N−1) or (N−1)/N (a variance divided by N−1 instead of N).
 */
import { Tensor, relError, sameShape } from "gradlab";
import { isZeroOnScaleOf } from "./all_zero";
import type { Diagnosis } from "./diagnosis";
import { formatError, formatNumber } from "./format";
import { checkThreshold, dot, matches, scale } from "./values";

export interface ScaleContext {
  /** N, the batch size of the test's input: names the factors N, 1/N, N−1, ... */
  batchSize?: number;
}

interface NamedFactor {
  name: string;
  value: number;
  /** What it suggests, after "{what} is {name} = {c} times the expected value". */
  why: string;
  /** Whether the name involves N (the message then says what N is). */
  usesN?: boolean;
}

/** The factors worth a name, in the order they are tried (N before 2 when N = 2, 2 before N−1 when N = 3). */
function namedFactors(batchSize: number | undefined): NamedFactor[] {
  const named: NamedFactor[] = [];
  if (batchSize !== undefined && Number.isInteger(batchSize) && batchSize >= 2) {
    const N = batchSize;
    named.push(
      { name: "N", value: N, why: "the 1/N of the mean over the batch is missing", usesN: true },
      { name: "1/N", value: 1 / N, why: "the loss is already a mean over the batch; divide by N once", usesN: true },
    );
  }
  named.push(
    { name: "2", value: 2, why: "a factor 2 too many, or a term counted twice" },
    { name: "1/2", value: 0.5, why: "a factor 2 is missing (the derivative of x² is 2x), or only one of two equal terms is counted" },
  );
  if (batchSize !== undefined && Number.isInteger(batchSize) && batchSize >= 3) {
    const N = batchSize;
    named.push(
      { name: "N/(N-1)", value: N / (N - 1), why: "something is divided by N-1 where N is meant (the batch variance divides by N)", usesN: true },
      { name: "(N-1)/N", value: (N - 1) / N, why: "something is divided by N where N-1 is meant", usesN: true },
      { name: "N-1", value: N - 1, why: "a factor N-1 too many", usesN: true },
      { name: "1/(N-1)", value: 1 / (N - 1), why: "a division by N-1 too many", usesN: true },
    );
  }
  return named;
}

/** The named factor c is (up to a relative tolerance), with its sign: "-1/N" for -0.25 when N = 4. */
function nameOf(c: number, batchSize: number | undefined, tolerance: number): NamedFactor | null {
  for (const f of namedFactors(batchSize)) {
    for (const sign of [1, -1]) {
      if (Math.abs(c - sign * f.value) <= tolerance * f.value) {
        if (sign === 1) return f;
        return { ...f, name: `-${f.name}`, value: -f.value, why: `the sign is flipped as well, and ${f.why}` };
      }
    }
  }
  return null;
}

/**
 * null unless the shapes agree, `student` ≉ reference, and `student` ≈ c·reference within the
 * threshold for c = ⟨s, r⟩/⟨r, r⟩ away from 1 (|c − 1| ≥ 1e-3), −1 (sign-flipped) and 0 (all-zero).
 */
export function diagnoseScaled(what: string, student: Tensor, reference: Tensor, threshold: number, context: ScaleContext = {}): Diagnosis | null {
  checkThreshold(threshold, "diagnoseScaled");
  if (!sameShape(student.shape, reference.shape)) return null;
  const s = student.data;
  const r = reference.data;
  const rr = dot(r, r);
  if (!(rr > 0) || !Number.isFinite(rr)) return null;
  if (matches(s, r, threshold) || isZeroOnScaleOf(s, r, threshold)) return null;
  const c = dot(s, r) / rr;
  if (Math.abs(c - 1) < 1e-3 || Math.abs(c + 1) < 1e-3) return null;
  const fitted = scale(r, c);
  if (!matches(s, fitted, threshold)) return null;
  const error = relError(s, fitted);
  // The fit pins c to about the threshold; allow ten times that when naming it, but never so much
  // that two named factors (N and N−1 for a small N) blur.
  const named = nameOf(c, context.batchSize, Math.min(1e-2, Math.max(1e-6, 10 * threshold)));
  let about = "";
  if (named?.usesN) about = named.name === "N" || named.name === "-N" ? " (N is the batch size)" : ` (N = ${context.batchSize}, the batch size)`;
  const message = named
    ? `${what} is ${named.name === formatNumber(c) ? named.name : `${named.name} = ${formatNumber(c)}`} times the expected value${about}: ${named.why}.`
    : `${what} is the expected value scaled by c ≈ ${formatNumber(c)} (relError ${formatError(error)} against c × expected).`;
  const diagnosis: Diagnosis = {
    id: "scaled",
    message,
    evidence: { factor: c, named: named ? named.name : null, batchSize: context.batchSize ?? null, relErrorScaled: error },
  };
  if (!named) diagnosis.hint = "every entry is off by the same factor: look for a constant (a 1/N, a 2, a learning rate) applied once too often or not at all";
  return diagnosis;
}
