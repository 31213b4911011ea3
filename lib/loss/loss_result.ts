import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";

/**
 * What every loss returns: the scalar loss L (a mean over the batch, 1/N) and
 * grad = dL/d(prediction), a tensor of the prediction's shape, ready to feed to the last
 * module's `bprop`.
 */
export interface LossResult {
  loss: number;
  grad: Tensor;
}

/**
 * Throws unless `pred` has a leading batch axis with at least one example, so that no loss
 * divides by N = 0 and returns NaN. Returns N.
 */
export function batchSize(pred: Tensor, where: string, what: string, expected: string): number {
  if (pred.ndim === 0) throw new Error(`${where}: ${what} has shape [], expected ${expected}`);
  const N = pred.shape[0];
  if (N === 0 || pred.size === 0) {
    throw new Error(`${where}: ${what} has shape ${formatShape(pred.shape)}, an empty batch; expected ${expected} with N ≥ 1`);
  }
  return N;
}
