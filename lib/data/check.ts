import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { Dataset } from "./dataset";

/**
 * Checks that `labels` are integer class labels in [0, classes) (when `classes` is given) and
 * returns the number of classes seen (largest label + 1). An Int32Array already holds integers,
 * so only the range can be wrong.
 */
export function checkLabels(labels: unknown, where: string, classes?: number): number {
  if (!(labels instanceof Int32Array)) {
    throw new Error(`${where}: labels must be an Int32Array of class indices, got ${describe(labels)}`);
  }
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0 || (classes !== undefined && c >= classes)) {
      const range = classes === undefined ? ">= 0" : `in [0, ${classes})`;
      throw new Error(`${where}: label ${c} at position ${i} is out of range; labels must be ${range}`);
    }
    if (c > max) max = c;
  }
  return max + 1;
}

/**
 * Checks a data set's structure and returns its number of examples N: `x` is a Tensor of rank
 * >= 1 with N rows, and `y` is either N class labels in [0, classes) or a Tensor with N rows.
 */
export function checkDataset(data: Dataset, where: string): number {
  if (data === null || typeof data !== "object" || !(data.x instanceof Tensor)) {
    throw new Error(`${where}: data must be { x: Tensor, y: Int32Array, classes } or { x: Tensor, y: Tensor }`);
  }
  if (data.x.ndim < 1) throw new Error(`${where}: x has shape ${formatShape(data.x.shape)}, expected [N, ...]`);
  const n = data.x.shape[0];
  const y: unknown = data.y;
  if (y instanceof Int32Array) {
    const classes = (data as { classes?: unknown }).classes;
    if (typeof classes !== "number" || !Number.isInteger(classes) || classes < 1) {
      throw new Error(`${where}: classes must be an integer >= 1, got ${String(classes)}`);
    }
    if (y.length !== n) throw new Error(`${where}: x has ${n} rows but y has ${y.length} labels`);
    checkLabels(y, where, classes);
  } else if (y instanceof Tensor) {
    if (y.ndim < 1 || y.shape[0] !== n) {
      throw new Error(`${where}: x has shape ${formatShape(data.x.shape)} but y has shape ${formatShape(y.shape)}; both need N = ${n} rows`);
    }
  } else {
    throw new Error(`${where}: y must be an Int32Array of labels or a Tensor of targets, got ${describe(y)}`);
  }
  return n;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an Array (use Int32Array.from(...))";
  return typeof v === "object" ? (v as object).constructor?.name ?? "an object" : `${typeof v} ${String(v)}`;
}
