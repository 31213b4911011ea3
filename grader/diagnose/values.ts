/**
 * Arithmetic the diagnoses share, on the row-major float64 data of tensors: the multi-index of a
 * flat position, a 2-D transpose, the inner product, and "matches": relError below the threshold.
 */
import { relError } from "gradlab";

/** The multi-index of row-major position `flat` in `shape`, e.g. 5 in [3, 2] → [2, 1]. */
export function multiIndex(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return index;
}

/** The transpose of a rows×cols row-major matrix: entry [i, j] goes to [j, i]. */
export function transpose2d(data: Float64Array, rows: number, cols: number): Float64Array {
  if (data.length !== rows * cols) throw new Error(`transpose2d: ${data.length} values do not fill [${rows}, ${cols}]`);
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

/** ⟨a, b⟩ = Σ aᵢ bᵢ. */
export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** c·a as a new array. */
export function scale(a: Float64Array, c: number): Float64Array {
  return a.map((v) => c * v);
}

/** Whether two arrays of equal length agree: relError(a, b) < threshold (NaN never matches). */
export function matches(a: Float64Array, b: Float64Array, threshold: number): boolean {
  return a.length === b.length && relError(a, b) < threshold;
}

/** Throws unless the threshold is a positive finite number (a mistake of the test, not of the student). */
export function checkThreshold(threshold: number, where: string): void {
  if (!(threshold > 0 && Number.isFinite(threshold))) {
    throw new Error(`${where}: threshold must be a positive finite number, got ${threshold}`);
  }
}

