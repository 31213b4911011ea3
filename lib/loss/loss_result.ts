import { formatShape, sameShape } from "../tensor/shape";
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

/** The option every loss takes (mse adds `reduction`). */
export interface LossOptions {
  /**
   * A tensor of the prediction's shape to write dL/d(prediction) into instead of a new one; the
   * result's `grad` is then this very tensor, overwritten by the next call that gets it. For
   * training loops that reuse their buffers (`fit` does, see `Module.reuseBuffers`). It must not
   * be the prediction itself (default null: a new tensor each call).
   */
  out: Tensor | null;
}

/**
 * Checks a loss's options: undefined, null, or an object whose keys are all in `known`. Runs on every training
 * step, so it allocates nothing unless it throws (no spread copy as `withDefaults` makes).
 */
export function checkLossOptions(where: string, options: object | null | undefined, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if ( typeof options !== "object" || Array.isArray(options)) {
    throw new Error(`${where}: options must be an object like { out: null }, got ${String(options)}`);
  }
  for (const key in options) {
    if (!known.includes(key)) {
      throw new Error(`${where}: unknown option "${key}"; known options are ${known.map((k) => `"${k}"`).join(", ")}`);
    }
  }
}

/**
 * The tensor a loss writes its gradient into: `out` when given (after checking that it is a
 * Tensor of the prediction's shape and not the prediction itself), else a new zero tensor.
 */
export function gradTensor(out: Tensor | null | undefined, pred: Tensor, where: string, what: string): Tensor {
  if (out === undefined || out === null) return Tensor.zeros(pred.shape);
  if (!(out instanceof Tensor)) throw new Error(`${where}: out must be a Tensor of the shape of ${what} or null, got ${String(out)}`);
  if (!sameShape(out.shape, pred.shape)) {
    throw new Error(`${where}: out has shape ${formatShape(out.shape)} but ${what} has shape ${formatShape(pred.shape)}; they must be equal`);
  }
  // The losses read the prediction after writing parts of the gradient. (Comparing the arrays
  // rather than their .buffer catches out === pred and its reshaped views without allocating.)
  if (out.data === pred.data) throw new Error(`${where}: out shares its data with ${what}; give a separate tensor`);
  return out;
}
