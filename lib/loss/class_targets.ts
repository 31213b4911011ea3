import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";

/**
 * Class targets for `softmaxCrossEntropy` and `nllLoss`: integer labels (number[] or Int32Array,
 * one per row, each in [0, C)), or a Tensor [N, C] whose rows are one-hot vectors or probability
 * distributions (label smoothing, soft targets).
 */
export type ClassTargets = ArrayLike<number> | Tensor;

/** How far a target row's sum may be from 1. */
export const ROW_SUM_TOLERANCE = 1e-6;

/** Integer labels, one per row, each in [0, C). */
export function checkLabels(labels: ArrayLike<number>, N: number, C: number, where: string, pred: Tensor, what = "logits"): ArrayLike<number> {
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) {
    throw new Error(
      `${where}: targets must be integer labels (number[] or Int32Array) or a Tensor [N, C], got ${describeValue(labels)}`,
    );
  }
  if (labels.length !== N) {
    throw new Error(
      `${where}: got ${labels.length} labels for ${what} of shape ${formatShape(pred.shape)}; expected one label per row (${N})`,
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

/** One-hot or probability rows of pred's shape [N, C]: entries in [0, 1] summing to 1 within 1e-6. */
export function checkDistributions(targets: Tensor, pred: Tensor, where: string, what = "logits"): Float64Array {
  if (!sameShape(targets.shape, pred.shape)) {
    throw new Error(
      `${where}: targets has shape ${formatShape(targets.shape)} but ${what} has shape ${formatShape(pred.shape)}; ` +
        `pass one-hot or probability targets of the same shape [N, C], or integer labels as number[] or Int32Array`,
    );
  }
  const [N, C] = pred.shape;
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

/** A value in an error message: "null", the class name of an object, or "type value". */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return v.constructor?.name ?? "an object";
  return `${typeof v} ${String(v)}`;
}
