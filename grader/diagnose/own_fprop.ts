/**
 * A bprop checked against the student's OWN fprop. When the fprop is wrong, its bprop is still
 * right if it is the gradient of that fprop: centred differences of the student's fprop, taken by
 * the runner (a "sweep"), tell. A consistent bprop earns its points and the message says the
 * mistake is in fprop; an inconsistent one has a mistake of its own.
 */
import { Tensor, assertSameShape, relError } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatError } from "./format";
import { checkThreshold } from "./values";

/**
 * Centred differences of L = Σⱼ yⱼ·dyⱼ from a sweep: `outputs` holds, for each probed
 * coordinate k = 0..K−1, the fprop output at +h then at −h, each `size` values, flattened
 * (2·K·size entries). Entry k of the result is Σⱼ (y⁺ⱼ − y⁻ⱼ)·dyⱼ / 2h.
 */
export function fdFromSweep(outputs: Float64Array, size: number, dy: Float64Array, h: number): Float64Array {
  if (!Number.isInteger(size) || size <= 0) throw new Error(`fdFromSweep: size must be a positive integer, got ${size}`);
  if (outputs.length % (2 * size) !== 0) {
    throw new Error(`fdFromSweep: ${outputs.length} outputs are not whole pairs of ${size}-value outputs (expected a multiple of ${2 * size})`);
  }
  if (dy.length !== size) throw new Error(`fdFromSweep: dy has ${dy.length} values but each output has ${size}`);
  if (!(h > 0 && Number.isFinite(h))) throw new Error(`fdFromSweep: h must be a positive finite number, got ${h}`);
  const K = outputs.length / (2 * size);
  const fd = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const plus = 2 * k * size;
    const minus = plus + size;
    let sum = 0;
    // Differences first: y⁺ and y⁻ are close, and subtracting before weighting keeps their digits.
    for (let j = 0; j < size; j++) sum += (outputs[plus + j] - outputs[minus + j]) * dy[j];
    fd[k] = sum / (2 * h);
  }
  return fd;
}

export interface OwnFpropContext {
  /** relError of the student's fprop against the reference fprop, shown beside the bprop's. */
  fpropRelError?: number;
}

/**
 * `studentGrad` holds the student's gradient at the probed coordinates and `fdOfOwnFprop` the
 * centred differences there (same shape). A "consistent-with-own-fprop" diagnosis when
 * relError(studentGrad, fdOfOwnFprop) < threshold (a finite-difference threshold, e.g. 1e-6),
 * else null.
 */
export function diagnoseOwnFprop(
  what: string,
  studentGrad: Tensor,
  fdOfOwnFprop: Tensor,
  threshold: number,
  context: OwnFpropContext = {},
): Diagnosis | null {
  checkThreshold(threshold, "diagnoseOwnFprop");
  assertSameShape(studentGrad.shape, fdOfOwnFprop.shape, "diagnoseOwnFprop", ["the student's gradient", "the finite differences"]);
  const own = relError(studentGrad.data, fdOfOwnFprop.data);
  if (!(own < threshold)) return null;
  const fprop = context.fpropRelError;
  const fpropText = fprop === undefined ? "" : ` (your fprop's relError against the expected output is ${formatError(fprop)})`;
  return {
    id: "consistent-with-own-fprop",
    message:
      `${what} matches the gradient of your own fprop (relError ${formatError(own)} against centred differences of it): ` +
      `your bprop is consistent, but your fprop is wrong${fpropText}, so look at fprop.`,
    evidence: { relErrorAgainstOwnFprop: own, fpropRelError: fprop ?? null },
    hint: "fix fprop first; then check that bprop still matches it",
  };
}

/**
 * The other outcome: an "inconsistent-with-own-fprop" diagnosis when relError(studentGrad,
 * fdOfOwnFprop) ≥ threshold, with that error and, when `referenceGrad` (the reference gradient at
 * the same coordinates) is given, the error against it; null when the bprop is consistent.
 */
export function diagnoseInconsistentWithOwnFprop(
  what: string,
  studentGrad: Tensor,
  fdOfOwnFprop: Tensor,
  threshold: number,
  referenceGrad?: Tensor,
): Diagnosis | null {
  checkThreshold(threshold, "diagnoseInconsistentWithOwnFprop");
  assertSameShape(studentGrad.shape, fdOfOwnFprop.shape, "diagnoseInconsistentWithOwnFprop", ["the student's gradient", "the finite differences"]);
  const own = relError(studentGrad.data, fdOfOwnFprop.data);
  if (own < threshold) return null;
  let reference: number | null = null;
  if (referenceGrad !== undefined) {
    assertSameShape(studentGrad.shape, referenceGrad.shape, "diagnoseInconsistentWithOwnFprop", ["the student's gradient", "the reference gradient"]);
    reference = relError(studentGrad.data, referenceGrad.data);
  }
  const start = reference === null ? `${what} is not the expected gradient` : `${what} is not the expected gradient (relError ${formatError(reference)})`;
  return {
    id: "inconsistent-with-own-fprop",
    message:
      `${start}, and your bprop does not match the gradient of your own fprop either ` +
      `(relError ${formatError(own)} against centred differences of it): the mistake is in bprop.`,
    evidence: { relErrorAgainstOwnFprop: own, relErrorAgainstExpected: reference },
    hint: "derive each local gradient on paper for a 2×2 example and compare it with bprop's output entry by entry",
  };
}
