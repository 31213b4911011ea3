import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { LossOptions, LossResult, batchSize, checkLossOptions, gradTensor } from "./loss_result";

export interface MseOptions extends LossOptions {
  /**
   * "lecture" (default): L = (1/N) Σ_n ‖y⁽ⁿ⁾ − f⁽ⁿ⁾‖², a mean over the batch of squared
   * Euclidean distances (lecture 001, DESIGN.md "Reductions").
   * "mean": the mean over all N·K elements, (1/(N·K)) Σ_n Σ_k (y_k⁽ⁿ⁾ − f_k⁽ⁿ⁾)², which is
   * PyTorch's `MSELoss()`; it is the "lecture" value divided by K.
   */
  reduction: "lecture" | "mean";
}

const REDUCTIONS: readonly string[] = ["lecture", "mean"];
const MSE_OPTIONS: readonly string[] = ["reduction", "out"];

/**
 * Mean squared error for regression, f = pred, y = target.
 *
 * Shapes: pred and target both [N, K] (the usual case), [N] (one output per example: K = 1, and
 * both reductions agree), or [N, ...] (each example's outputs flattened into a K-vector,
 * K = the product of the trailing sizes). The shapes must be equal: a [N] target is not
 * broadcast against a [N, 1] prediction, it is an error naming both shapes.
 *
 *   "lecture": L = (1/N) Σ_n ‖y⁽ⁿ⁾ − f⁽ⁿ⁾‖²,        dL/df = 2 (f − y) / N
 *   "mean":    L = (1/(N·K)) Σ_n Σ_k (y − f)²,     dL/df = 2 (f − y) / (N·K)
 *
 * NaN or ±Infinity in either input is an error naming the element.
 * `options.out`: a tensor of pred's shape to write grad into instead of a new one (see `LossOptions`).
 */
export function mse(pred: Tensor, target: Tensor, options?: Partial<MseOptions>): LossResult {
  const where = "mse";
  checkLossOptions(where, options, MSE_OPTIONS);
  const reduction = options?.reduction ?? "lecture";
  if (!REDUCTIONS.includes(reduction)) {
    throw new Error(`${where}: unknown reduction "${reduction}"; expected "lecture" or "mean"`);
  }
  if (!(pred instanceof Tensor) || !(target instanceof Tensor)) {
    throw new Error(`${where}: pred and target must be Tensors of the same shape [N, K]`);
  }
  if (!sameShape(pred.shape, target.shape)) {
    throw new Error(
      `${where}: pred has shape ${formatShape(pred.shape)} but target has shape ${formatShape(target.shape)}; they must be equal ([N, K] or [N])`,
    );
  }
  const N = batchSize(pred, where, "pred", "[N, K] or [N]");
  const count = reduction === "lecture" ? N : pred.size;

  const f = pred.data;
  const y = target.data;
  const grad = gradTensor(options?.out, pred, where, "pred"); // every entry is written below
  const g = grad.data;
  const twoOverCount = 2 / count;
  let total = 0;
  for (let i = 0; i < f.length; i++) {
    const d = f[i] - y[i];
    // A NaN or infinity in either input makes d non-finite, so one test covers both.
    if (!Number.isFinite(d)) {
      throw new Error(`${where}: non-finite value at flat index ${i} (pred ${f[i]}, target ${y[i]}); both must be finite`);
    }
    total += d * d;
    g[i] = twoOverCount * d;
  }
  return { loss: total / count, grad };
}
