import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { ClassTargets, checkDistributions, checkLabels, describeValue } from "./class_targets";
import { logSoftmaxRows, rowMax, rowsOf, sumOfOthers } from "./log_softmax_rows";
import { LossOptions, LossResult, batchSize, checkLossOptions, gradTensor } from "./loss_result";

export type { ClassTargets } from "./class_targets";

const LOSS_OPTIONS: readonly string[] = ["out"];

/**
 * Softmax cross-entropy of a batch of logits h (the last layer's pre-activations):
 *
 *   f = softmax(h),  f_j = exp h_j / Σ_j' exp h_j'
 *   L = −(1/N) Σ_n Σ_j y_j⁽ⁿ⁾ log f_j(x⁽ⁿ⁾)                     (lecture 001)
 *   dL/dh⁽ⁿ⁾ = −(e(y⁽ⁿ⁾) − f(x⁽ⁿ⁾)) / N = (f − y) / N          (lecture 004)
 *
 * Shapes: logits [N, C]; targets are N integer labels or a Tensor [N, C]; grad [N, C].
 * −log f_j = (m − h_j) + log Σ_j' exp(h_j' − m) with m = max_j h_j, so no exponential
 * overflows (logits of ±1000 give finite, exact values), and the log of the sum is log1p of the
 * terms other than the maximum's, so a confident row's small loss keeps its relative accuracy
 * (see `logSoftmaxRows`).
 * Non-finite logits, labels out of range and target rows that are not distributions throw.
 * `options.out`: a tensor [N, C] to write grad into instead of a new one (see `LossOptions`).
 */
export function softmaxCrossEntropy(logits: Tensor, targets: ClassTargets, options?: Partial<LossOptions>): LossResult {
  const where = "softmaxCrossEntropy";
  checkLossOptions(where, options, LOSS_OPTIONS);
  if (!(logits instanceof Tensor)) throw new Error(`${where}: logits must be a Tensor [N, C], got ${describeValue(logits)}`);
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
    const others = sumOfOthers(h, base, C, m, g);
    const s = 1 + others;
    const logS = Math.log1p(others);
    const scale = invN / s;
    if (labels !== null) {
      const y = labels[n];
      total += m - h[base + y] + logS;
      for (let j = 0; j < C; j++) g[base + j] *= scale;
      g[base + y] -= invN;
    } else {
      const t = soft as Float64Array;
      let rowSum = 0;
      for (let j = 0; j < C; j++) {
        const yj = t[base + j];
        rowSum += yj;
        // y_j ((m − h_j) + log s) = −y_j log f_j; a zero target contributes exactly nothing.
        if (yj !== 0) total += yj * (m - h[base + j] + logS);
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
 * log softmax along the last axis: log f_j = (h_j − m) − log Σ_j' exp(h_j' − m), m = max h,
 * finite for any finite logits and accurate to a few ulps even for entries near 0, where the
 * grouping h_j − (m + log Σ) would lose up to half the digits (see `logSoftmaxRows`).
 * Shapes as `softmax`. As a layer with fprop/bprop: `LogSoftmax`.
 */
export function logSoftmax(logits: Tensor): Tensor {
  const { rows, C } = rowsOf(logits, "logSoftmax");
  const out = Tensor.zeros(logits.shape);
  logSoftmaxRows(logits.data, out.data, rows, C, "logSoftmax");
  return out;
}
