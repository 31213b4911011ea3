import { Tensor } from "../tensor/tensor";

/**
 * A supervised data set: inputs `x` with one example per row (shape [N, D], or [N, C, H, W]
 * for images) and targets `y`: integer class labels for classification, or a tensor [N, K]
 * for regression.
 */
export interface ClassificationData {
  x: Tensor;
  /** Class of each example, an integer in [0, classes). */
  y: Int32Array;
  classes: number;
}

export interface RegressionData {
  x: Tensor;
  /** Targets, shape [N, K]. */
  y: Tensor;
}

export type Dataset = ClassificationData | RegressionData;

export function isClassification(d: Dataset): d is ClassificationData {
  return d.y instanceof Int32Array;
}
