import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { ClassTargets, checkDistributions, checkLabels, describeValue } from "./class_targets";
import { LossOptions, LossResult, batchSize, checkLossOptions, gradTensor } from "./loss_result";

const LOSS_OPTIONS: readonly string[] = ["out"];

/**
 * Negative log-likelihood of log-probabilities, the loss that follows a `LogSoftmax` layer
 * (PyTorch's `NLLLoss`):
 *
 *   L = −(1/N) Σ_n log p_{y⁽ⁿ⁾}(x⁽ⁿ⁾)              (integer labels y⁽ⁿ⁾)
 *   L = −(1/N) Σ_n Σ_j y_j⁽ⁿ⁾ log p_j(x⁽ⁿ⁾)          (one-hot or probability rows)
 *   dL/d(log p_j⁽ⁿ⁾) = −y_j⁽ⁿ⁾ / N
 *
 * The gradient does not depend on the log-probabilities: all the coupling between classes is in
 * LogSoftmax's bprop. `nllLoss(logSoftmax(h), y)` equals `softmaxCrossEntropy(h, y)`, and
 * LogSoftmax.bprop of this grad gives that loss's grad (f − y)/N.
 *
 * Shapes: logProbs [N, C]; targets as `softmaxCrossEntropy` (N labels in [0, C) or a Tensor
 * [N, C] of distributions); grad [N, C]. Non-finite log-probabilities are an error.
 * `options.out`: a tensor [N, C] to write grad into instead of a new one (see `LossOptions`).
 */
export function nllLoss(logProbs: Tensor, targets: ClassTargets, options?: Partial<LossOptions>): LossResult {
  const where = "nllLoss";
  checkLossOptions(where, options, LOSS_OPTIONS);
  if (!(logProbs instanceof Tensor)) throw new Error(`${where}: logProbs must be a Tensor [N, C], got ${describeValue(logProbs)}`);
  if (logProbs.ndim !== 2) expectShape(logProbs.shape, [null, null], where, "logProbs", ["N", "C"]);
  const N = batchSize(logProbs, where, "logProbs", "[N, C]");
  const C = logProbs.shape[1];
  const lp = logProbs.data;
  for (let i = 0; i < lp.length; i++) {
    if (!Number.isFinite(lp[i])) {
      throw new Error(
        `${where}: logProbs row ${Math.floor(i / C)} contains ${lp[i]} (column ${i % C}); log-probabilities must be finite (compute them with LogSoftmax or logSoftmax)`,
      );
    }
  }
  const grad = gradTensor(options?.out, logProbs, where, "logProbs");
  const g = grad.data;
  const invN = 1 / N;
  let total = 0;
  if (targets instanceof Tensor) {
    const t = checkDistributions(targets, logProbs, where, "logProbs");
    for (let i = 0; i < lp.length; i++) {
      // A zero target contributes exactly nothing (and −0 · log p would be −0 anyway).
      if (t[i] !== 0) total -= t[i] * lp[i];
      g[i] = -t[i] * invN;
    }
  } else {
    const labels = checkLabels(targets, N, C, where, logProbs, "logProbs");
    g.fill(0); // `out` may hold an earlier gradient
    for (let n = 0; n < N; n++) {
      const k = n * C + labels[n];
      total -= lp[k];
      g[k] = -invN;
    }
  }
  return { loss: total * invN, grad };
}
