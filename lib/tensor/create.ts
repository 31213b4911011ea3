/** Building tensors from values: nested arrays, ranges (numpy's `arange`) and one-hot labels. */
import { DenseResult } from "./broadcast";
import { shapeSize } from "./shape";
import { checkNumber } from "../util/options";

/** Nested JavaScript arrays of numbers, as `Tensor.from` takes and `toArray()` gives. */
export type NestedArray = number | NestedArray[];

/** The shape and row-major values of nested arrays; ragged input is an error naming the path. */
export function fromNested(values: NestedArray, where: string): DenseResult {
  const shape: number[] = [];
  let probe: NestedArray = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const data = new Float64Array(shapeSize(shape));
  let offset = 0;
  const walk = (v: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== "number") throw new Error(`${where}: expected a number at ${path}, got an array (ragged input)`);
      data[offset++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `${v.length} entries` : "a number";
      throw new Error(`${where}: ragged input at ${path}: expected ${shape[depth]} entries, got ${got}`);
    }
    v.forEach((item, i) => walk(item, depth + 1, `${path}[${i}]`));
  };
  walk(values, 0, "values");
  return { data, shape };
}

/**
 * numpy's `arange(start, end, step)`: start, start + step, … while below `end` (above it for a
 * negative step), ⌈(end − start) / step⌉ values.
 */
export function arange(start: number, end: number, step: number, where: string): DenseResult {
  checkNumber(where, "start", start);
  checkNumber(where, "end", end);
  checkNumber(where, "step", step);
  if (step === 0) throw new Error(`${where}: step must not be 0`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return { data, shape: [n] };
}

/** Row n is all zeros but a 1 in column `labels[n]`: shape [N, numClasses]. */
export function oneHot(labels: ArrayLike<number>, numClasses: number, where: string): DenseResult {
  checkNumber(where, "numClasses", numClasses, { min: 1, integer: true });
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new Error(`${where}: labels must be an array of integers, got ${String(labels)}`);
  }
  const N = labels.length;
  const data = new Float64Array(N * numClasses);
  for (let n = 0; n < N; n++) {
    const c = labels[n];
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new Error(`${where}: labels[${n}] is ${String(c)}; expected an integer class from 0 to ${numClasses - 1}`);
    }
    data[n * numClasses + c] = 1;
  }
  return { data, shape: [N, numClasses] };
}
