import { checkDataset } from "../data/check";
import { ClassificationData, Dataset, isClassification } from "../data/dataset";
import { LossOptions, LossResult } from "../loss/loss_result";
import { mse } from "../loss/mse";
import { softmaxCrossEntropy } from "../loss/softmax_cross_entropy";
import { TensorBuffer } from "../nn/buffers";
import { Module } from "../nn/module";
import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";

/** A loss function: the batch's prediction and targets (labels or a tensor) → { loss, grad }. */
export type LossFunction = (pred: Tensor, target: Int32Array | Tensor) => LossResult;

/**
 * A loss by name or as a function. "crossEntropy" is `softmaxCrossEntropy(logits, labels)` (the
 * model outputs logits [N, C], the data has labels); "mse" is `mse(pred, target)` with the
 * lectures' reduction (1/N) Σ‖y − f‖² (the data has targets [N, K]). Any function returning
 * { loss, grad } works too, e.g. `(f, y) => mse(f, y as Tensor, { reduction: "mean" })`.
 * Every gradlab loss is a mean over the batch; `evaluate` relies on that to combine chunks.
 */
export type LossSpec = "crossEntropy" | "mse" | LossFunction;

const LOSS_NAMES = ["crossEntropy", "mse"];

/**
 * The loss function for `spec`, checked against the kind of data it will see. With `reuse`, a
 * built-in loss writes its gradient into buffers it reuses while the prediction's shape repeats,
 * so each result's grad is overwritten by a later call (what `fit` uses for its steps); a
 * function `spec` is returned as it is.
 */
export function resolveLoss(spec: LossSpec, data: Dataset, where: string, reuse = false): LossFunction {
  if (typeof spec === "function") return spec;
  if (spec === "crossEntropy") {
    if (!isClassification(data)) {
      throw new Error(`${where}: loss "crossEntropy" needs class labels (y an Int32Array), but y is a Tensor of shape ${formatShape(data.y.shape)}; use loss "mse" for regression targets`);
    }
    const crossEntropy = (pred: Tensor, target: Int32Array | Tensor, options?: LossOptions): LossResult =>
      softmaxCrossEntropy(pred, target as Int32Array, options);
    return reuse ? reusingGrad(crossEntropy) : crossEntropy;
  }
  if (spec === "mse") {
    if (isClassification(data)) {
      throw new Error(`${where}: loss "mse" needs regression targets (y a Tensor [N, K]), but y holds class labels; use loss "crossEntropy" for classification`);
    }
    const squaredError = (pred: Tensor, target: Int32Array | Tensor, options?: LossOptions): LossResult =>
      mse(pred, target as Tensor, options);
    return reuse ? reusingGrad(squaredError) : squaredError;
  }
  throw new Error(`${where}: unknown loss ${JSON.stringify(spec) ?? String(spec)}; expected ${LOSS_NAMES.map((n) => `"${n}"`).join(" or ")}, or a function (pred, target) => { loss, grad }`);
}

/** `loss` with its gradient written into a buffer owned by the returned function (`options.out`). */
function reusingGrad(loss: (pred: Tensor, target: Int32Array | Tensor, options: LossOptions) => LossResult): LossFunction {
  const grads = new TensorBuffer();
  // One options object, updated in place, so that a call allocates nothing.
  const options: LossOptions = { out: null };
  return (pred, target) => {
    // (A prediction that is not a Tensor gets no buffer, so that the loss reports it.)
    options.out = pred instanceof Tensor ? grads.take(pred.shape, true) : null;
    return loss(pred, target, options);
  };
}

export interface EvaluateOptions {
  /** Rows per forward pass (default 1024): bounds memory; the result does not depend on it. */
  batchSize: number;
}

export interface Evaluation {
  /** Mean loss over all examples (no weight penalty). */
  loss: number;
  /** Fraction of examples whose largest output is the true class; null for regression. */
  accuracy: number | null;
  /** Number of examples. */
  n: number;
}

/**
 * Loss and accuracy of `model` on a whole data set, in evaluation mode (Dropout off, BatchNorm
 * with its running statistics); the model's mode is restored afterwards. Runs in chunks of
 * `batchSize` rows, which are views of the data, not copies; a chunk's mean loss is weighted by
 * its size, so the result is the mean over all N examples.
 */
export function evaluate(model: Module, data: Dataset, loss: LossSpec, options?: Partial<EvaluateOptions>): Evaluation {
  const where = "evaluate";
  checkModel(model, where);
  const n = checkDataset(data, where);
  const { batchSize } = checkedBatchSize(where, options);
  const lossFn = resolveLoss(loss, data, where);
  const labels = isClassification(data) ? data.y : null;
  let total = 0;
  let correct = 0;
  let countsAccuracy = labels !== null;
  inEvalMode(model, () => {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const pred = model.fprop(rowsView(data.x, start, end));
      const target = labels !== null ? labels.subarray(start, end) : rowsView(data.y as Tensor, start, end);
      total += checkLossResult(lossFn(pred, target), pred, where).loss * (end - start);
      if (labels !== null && countsAccuracy) {
        if (pred.ndim === 2 && pred.shape[1] >= 2) correct += countCorrect(pred, labels.subarray(start, end));
        else countsAccuracy = false;
      }
    }
  });
  return { loss: total / n, accuracy: countsAccuracy ? correct / n : null, n };
}

/**
 * The model's outputs for every row of x, in evaluation mode, computed in chunks of
 * `batchSize` rows. Shapes: x [N, ...] → [N, ...output].
 */
export function predict(model: Module, x: Tensor, options?: Partial<EvaluateOptions>): Tensor {
  const where = "predict";
  checkModel(model, where);
  if (!(x instanceof Tensor) || x.ndim < 1 || x.shape[0] < 1) {
    throw new Error(`${where}: x must be a Tensor [N, ...] with N ≥ 1, got ${x instanceof Tensor ? formatShape(x.shape) : String(x)}`);
  }
  const { batchSize } = checkedBatchSize(where, options);
  const n = x.shape[0];
  let out: Tensor | null = null;
  inEvalMode(model, () => {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const y = model.fprop(rowsView(x, start, end));
      if (out === null) out = Tensor.zeros([n, ...y.shape.slice(1)]);
      const rowSize = out.size / n;
      if (y.size !== (end - start) * rowSize) {
        throw new Error(`${where}: the model returned shape ${formatShape(y.shape)} for ${end - start} rows, expected [${end - start}, ${out.shape.slice(1).join(", ")}]`);
      }
      out.data.set(y.data, start * rowSize);
    }
  });
  return out as unknown as Tensor;
}

/** The predicted class of each row, argmax of the model's outputs [N, C] (first on ties). */
export function predictClasses(model: Module, x: Tensor, options?: Partial<EvaluateOptions>): Int32Array {
  const scores = predict(model, x, options);
  if (scores.ndim !== 2) throw new Error(`predictClasses: the model's outputs have shape ${formatShape(scores.shape)}, expected scores [N, C]`);
  return scores.argmax(1);
}

/** Fraction of examples the model classifies correctly (argmax of its outputs), in [0, 1]. */
export function accuracy(model: Module, data: ClassificationData, options?: Partial<EvaluateOptions>): number {
  checkDataset(data, "accuracy");
  if (!isClassification(data)) throw new Error("accuracy: data must have class labels (y an Int32Array); this is regression data");
  const predicted = predictClasses(model, data.x, options);
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === data.y[i]) correct++;
  return correct / predicted.length;
}

/** Number of rows of scores [N, C] whose largest entry (first on ties) is at the label's column. */
export function countCorrect(scores: Tensor, labels: ArrayLike<number>): number {
  if (scores.ndim !== 2 || scores.shape[0] !== labels.length) {
    throw new Error(`countCorrect: scores has shape ${formatShape(scores.shape)}, expected [N, C] with N = ${labels.length} labels`);
  }
  const [N, C] = scores.shape;
  const s = scores.data;
  let correct = 0;
  for (let n = 0; n < N; n++) {
    const base = n * C;
    let best = 0;
    for (let j = 1; j < C; j++) if (s[base + j] > s[base + best]) best = j;
    if (best === labels[n]) correct++;
  }
  return correct;
}

/** Rows [start, end) of t as a tensor sharing t's data (no copy). */
export function rowsView(t: Tensor, start: number, end: number): Tensor {
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0];
  return new Tensor(t.data.subarray(start * rowSize, end * rowSize), [end - start, ...t.shape.slice(1)]);
}

/** Runs `fn` with the model in evaluation mode, then puts it back in the mode it was in. */
export function inEvalMode<T>(model: Module, fn: () => T): T {
  const wasTraining = model.training;
  model.eval();
  try {
    return fn();
  } finally {
    if (wasTraining) model.train();
  }
}

/** Checks that a loss function returned { loss: number, grad: Tensor of the prediction's shape }. */
export function checkLossResult(result: LossResult, pred: Tensor, where: string): LossResult {
  if (result === null || typeof result !== "object" || typeof result.loss !== "number" || !(result.grad instanceof Tensor)) {
    throw new Error(`${where}: the loss function must return { loss: number, grad: Tensor }, got ${String(result)}`);
  }
  if (result.grad.size !== pred.size) {
    throw new Error(`${where}: the loss's grad has shape ${formatShape(result.grad.shape)} but the prediction has shape ${formatShape(pred.shape)}; they must match`);
  }
  return result;
}

export function checkModel(model: Module, where: string): void {
  if (!(model instanceof Module)) {
    throw new Error(`${where}: model must be a Module (e.g. new Sequential([...])), got ${model === null ? "null" : typeof model === "object" ? (model as object).constructor?.name : String(model)}`);
  }
}

function checkedBatchSize(where: string, options: Partial<EvaluateOptions> | undefined): EvaluateOptions {
  const opts = withDefaults<EvaluateOptions>(where, { batchSize: 1024 }, options);
  checkNumber(where, "batchSize", opts.batchSize, { min: 1, integer: true });
  return opts;
}
