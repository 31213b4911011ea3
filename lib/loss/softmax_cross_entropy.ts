import { expectShape, formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { LossOptions, LossResult, batchSize, checkLossOptions, gradTensor } from "./loss_result";

/**
 * Class targets for `softmaxCrossEntropy`: integer labels (number[] or Int32Array, one per
 * row, each in [0, C)), or a Tensor [N, C] whose rows are one-hot vectors or probability
 * distributions (label smoothing, soft targets).
 */
export type ClassTargets = ArrayLike<number> | Tensor;

const LOSS_OPTIONS: readonly string[] = ["out"];

/** How far a target row's sum may be from 1. */
const ROW_SUM_TOLERANCE = 1e-6;

/**
 * Softmax cross-entropy of a batch of logits h (the last layer's pre-activations):
 *
 *   f = softmax(h),  f_j = exp h_j / Σ_j' exp h_j'
 *   L = −(1/N) Σ_n Σ_j y_j⁽ⁿ⁾ log f_j(x⁽ⁿ⁾)                     (lecture 001)
 *   dL/dh⁽ⁿ⁾ = −(e(y⁽ⁿ⁾) − f(x⁽ⁿ⁾)) / N = (f − y) / N          (lecture 004)
 *
 * Shapes: logits [N, C]; targets are N integer labels or a Tensor [N, C]; grad [N, C].
 * log f_j = h_j − logsumexp(h) with logsumexp(h) = m + log Σ exp(h_j − m), m = max_j h_j, so
 * no exponential overflows: logits of ±1000 give finite, exact values.
 * Non-finite logits, labels out of range and target rows that are not distributions throw.
 * `options.out`: a tensor [N, C] to write grad into instead of a new one (see `LossOptions`).
 */
export function softmaxCrossEntropy(logits: Tensor, targets: ClassTargets, options?: Partial<LossOptions>): LossResult {
  const where = "softmaxCrossEntropy";
  checkLossOptions(where, options, LOSS_OPTIONS);
  if (!(logits instanceof Tensor)) throw new Error(`${where}: logits must be a Tensor [N, C], got ${describe(logits)}`);
  if (logits.ndim !== 2) expectShape(logits.shape, [null, null], where, "logits", ["N", "C"]);
  const N = batchSize(logits, where, "logits", "[N, C]");
  const C = logits.shape[1];
  const labels = targets instanceof Tensor ? null : checkLabels(targets, N, C, where, logits);
  const soft = targets instanceof Tensor ? checkDistributions(targets, logits, where) : null;

  const h = logits.data;
  const grad = gradTensor(options?.out, logits, where, "logits"); // every entry is written below
  const g = grad.data;
  const invN = 1 / N;
  let total = 0;
  for (let n = 0; n < N; n++) {
    const base = n * C;
    const m = rowMax(h, base, C, n, where);
    // g holds exp(h_j − m) for now; every exponent is ≤ 0, so nothing overflows.
    let s = 0;
    for (let j = 0; j < C; j++) {
      const e = Math.exp(h[base + j] - m);
      g[base + j] = e;
      s += e;
    }
    const lse = m + Math.log(s);
    const scale = invN / s;
    if (labels !== null) {
      const y = labels[n];
      total += lse - h[base + y];
      for (let j = 0; j < C; j++) g[base + j] *= scale;
      g[base + y] -= invN;
    } else {
      const t = soft as Float64Array;
      let rowSum = 0;
      for (let j = 0; j < C; j++) {
        const yj = t[base + j];
        rowSum += yj;
        // y_j (lse − h_j) = −y_j log f_j; a zero target contributes exactly nothing.
        if (yj !== 0) total += yj * (lse - h[base + j]);
      }
      // d/dh_j of −Σ_k y_k log f_k is (Σ_k y_k) f_j − y_j; the row sum is 1 up to the
      // accepted 1e-6, and keeping it makes grad the exact derivative of the reported loss.
      const fScale = scale * rowSum;
      for (let j = 0; j < C; j++) g[base + j] = g[base + j] * fScale - t[base + j] * invN;
    }
  }
  return { loss: total * invN, grad };
}

/**
 * Softmax along the last axis: f_j = exp h_j / Σ_j' exp h_j' (lecture 001), computed as
 * exp(h_j − max h) / Σ exp(h_j' − max h) so that large logits do not overflow.
 * Shapes: [C] or [N, C] (any rank ≥ 1; rows are the last axis); the result has the same shape.
 */
export function softmax(logits: Tensor): Tensor {
  const { rows, C } = rowsOf(logits, "softmax");
  const out = Tensor.zeros(logits.shape);
  const h = logits.data;
  const f = out.data;
  for (let n = 0; n < rows; n++) {
    const base = n * C;
    const m = rowMax(h, base, C, n, "softmax");
    let s = 0;
    for (let j = 0; j < C; j++) {
      const e = Math.exp(h[base + j] - m);
      f[base + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < C; j++) f[base + j] *= inv;
  }
  return out;
}

/**
 * log softmax along the last axis: log f_j = h_j − logsumexp(h), with
 * logsumexp(h) = m + log Σ exp(h_j − m), m = max h (finite for any finite logits).
 * Shapes as `softmax`.
 */
export function logSoftmax(logits: Tensor): Tensor {
  const { rows, C } = rowsOf(logits, "logSoftmax");
  const out = Tensor.zeros(logits.shape);
  const h = logits.data;
  const o = out.data;
  for (let n = 0; n < rows; n++) {
    const base = n * C;
    const m = rowMax(h, base, C, n, "logSoftmax");
    let s = 0;
    for (let j = 0; j < C; j++) s += Math.exp(h[base + j] - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < C; j++) o[base + j] = h[base + j] - lse;
  }
  return out;
}

/** Largest entry of one row; a NaN or ±Infinity is an error naming the row and column. */
function rowMax(h: Float64Array, base: number, C: number, row: number, where: string): number {
  let m = -Infinity;
  for (let j = 0; j < C; j++) {
    const v = h[base + j];
    if (!Number.isFinite(v)) {
      throw new Error(`${where}: logits row ${row} contains ${v} (column ${j}); logits must be finite numbers`);
    }
    if (v > m) m = v;
  }
  return m;
}

function rowsOf(logits: Tensor, where: string): { rows: number; C: number } {
  if (!(logits instanceof Tensor)) throw new Error(`${where}: logits must be a Tensor [N, C], got ${describe(logits)}`);
  if (logits.ndim === 0 || logits.shape[logits.ndim - 1] === 0) {
    throw new Error(`${where}: logits has shape ${formatShape(logits.shape)}, expected [C] or [N, C] with C ≥ 1`);
  }
  const C = logits.shape[logits.ndim - 1];
  return { rows: logits.size / C, C };
}

/** Integer labels, one per row, each in [0, C). */
function checkLabels(labels: ArrayLike<number>, N: number, C: number, where: string, logits: Tensor): ArrayLike<number> {
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) {
    throw new Error(
      `${where}: targets must be integer labels (number[] or Int32Array) or a Tensor [N, C], got ${describe(labels)}`,
    );
  }
  if (labels.length !== N) {
    throw new Error(
      `${where}: got ${labels.length} labels for logits of shape ${formatShape(logits.shape)}; expected one label per row (${N})`,
    );
  }
  for (let n = 0; n < N; n++) {
    const y = labels[n];
    if (!Number.isInteger(y) || y < 0 || y >= C) {
      throw new Error(`${where}: label at index ${n} is ${y}, expected an integer in [0, ${C})`);
    }
  }
  return labels;
}

/** One-hot or probability rows: entries ≥ 0 summing to 1 within 1e-6. */
function checkDistributions(targets: Tensor, logits: Tensor, where: string): Float64Array {
  if (!sameShape(targets.shape, logits.shape)) {
    throw new Error(
      `${where}: targets has shape ${formatShape(targets.shape)} but logits has shape ${formatShape(logits.shape)}; ` +
        `pass one-hot or probability targets of the same shape [N, C], or integer labels as number[] or Int32Array`,
    );
  }
  const [N, C] = logits.shape;
  const t = targets.data;
  for (let n = 0; n < N; n++) {
    let sum = 0;
    for (let j = 0; j < C; j++) {
      const v = t[n * C + j];
      if (!(v >= 0 && v <= 1)) {
        throw new Error(
          `${where}: targets row ${n} has entry ${v} at column ${j}; expected each row to be a probability distribution (entries in [0, 1] summing to 1)`,
        );
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new Error(
        `${where}: targets row ${n} sums to ${sum}, expected each row to be a probability distribution summing to 1 (within ${ROW_SUM_TOLERANCE})`,
      );
    }
  }
  return t;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return v.constructor?.name ?? "an object";
  return `${typeof v} ${String(v)}`;
}
