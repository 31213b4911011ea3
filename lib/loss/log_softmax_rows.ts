import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { describeValue } from "./class_targets";

/**
 * The row kernels shared by `softmax`, `logSoftmax`, `softmaxCrossEntropy` and the `LogSoftmax`
 * layer. A row is the last axis: C scores h_1 … h_C.
 */

/** Largest entry of one row; a NaN or ±Infinity is an error naming the row and column. */
export function rowMax(h: Float64Array, base: number, C: number, row: number, where: string, what = "logits"): number {
  let m = -Infinity;
  for (let j = 0; j < C; j++) {
    const v = h[base + j];
    if (!Number.isFinite(v)) {
      throw new Error(`${where}: ${what} row ${row} contains ${v} (column ${j}); ${what} must be finite numbers`);
    }
    if (v > m) m = v;
  }
  return m;
}

/** The number of rows and the row length C of a Tensor of rank ≥ 1 with C ≥ 1. */
export function rowsOf(logits: Tensor, where: string): { rows: number; C: number } {
  if (!(logits instanceof Tensor)) throw new Error(`${where}: logits must be a Tensor [N, C], got ${describeValue(logits)}`);
  if (logits.ndim === 0 || logits.shape[logits.ndim - 1] === 0) {
    throw new Error(`${where}: logits has shape ${formatShape(logits.shape)}, expected [C] or [N, C] with C ≥ 1`);
  }
  const C = logits.shape[logits.ndim - 1];
  return { rows: logits.size / C, C };
}

/**
 * Σ_j exp(h_j − m) − 1 for one row whose maximum is m: the sum over every entry but the
 * (first) maximum, whose term is exactly exp(0) = 1. Written into `e` are all C terms.
 * `log1p` of this is log Σ_j exp(h_j − m) without the rounding of 1 + (small) (see below).
 */
export function sumOfOthers(h: Float64Array, base: number, C: number, m: number, e: Float64Array): number {
  let others = 0;
  let skipped = false;
  for (let j = 0; j < C; j++) {
    const v = Math.exp(h[base + j] - m);
    e[base + j] = v;
    if (!skipped && h[base + j] === m) skipped = true;
    else others += v;
  }
  return others;
}

/**
 * log softmax of every row of h into out (which may not be h):
 *
 *   log f_j = (h_j − m) − log Σ_j' exp(h_j' − m),   m = max_j h_j,
 *   log Σ_j' exp(h_j' − m) = log1p(Σ_{j' ≠ argmax} exp(h_j' − m)).
 *
 * Subtracting m first keeps every exponent ≤ 0 (no overflow). The grouping and the log1p keep
 * the relative accuracy of entries near 0, i.e. of a confident row's top class: for
 * h = [5, −15], log f_0 = −log(1 + e^(−20)) ≈ −2.06e-9. Computed as h_0 − (m + log Σ), the
 * small term would be rounded to the spacing of doubles near 5 (relative error ≈ 2e-7); as
 * log Σ of the rounded sum 1 + 2.06e-9, to the spacing near 1 (≈ 5e-8). Here it is exact to
 * a few ulps: h_j − m is exact for entries near the maximum (Sterbenz's lemma).
 */
export function logSoftmaxRows(h: Float64Array, out: Float64Array, rows: number, C: number, where: string, what = "logits"): void {
  for (let n = 0; n < rows; n++) {
    const base = n * C;
    const m = rowMax(h, base, C, n, where, what);
    const logS = Math.log1p(sumOfOthers(h, base, C, m, out)); // out holds the exps for now
    for (let j = 0; j < C; j++) out[base + j] = h[base + j] - m - logS;
  }
}
