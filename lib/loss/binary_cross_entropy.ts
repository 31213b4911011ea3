import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { LossOptions, LossResult, batchSize, checkLossOptions, gradTensor } from "./loss_result";

const LOSS_OPTIONS: readonly string[] = ["out"];

/** log p is clamped at −100, as PyTorch's `BCELoss` does, so p = 0 with y > 0 costs 100, not ∞. */
const LOG_FLOOR = -100;
/** Smallest p(1 − p) the gradient divides by (PyTorch's `BCELoss` backward uses the same 1e-12). */
const GRAD_FLOOR = 1e-12;

/**
 * Binary cross-entropy on probabilities p ∈ [0, 1] (the output of a `Sigmoid`), targets y ∈ [0, 1]:
 *
 *   ℓ(p, y) = −y log p − (1 − y) log(1 − p)
 *   L = mean of ℓ over all elements,   dL/dp = (p − y) / (p(1 − p)) / count
 *
 * (p − y)/(p(1 − p)) is −y/p + (1 − y)/(1 − p) over a common denominator. At p = 0 or 1 the loss
 * is infinite when the target disagrees; as PyTorch's `BCELoss`, each log is clamped at −100
 * and the gradient's denominator at 1e-12, so the numbers stay finite but are no longer the
 * derivative there. A sigmoid saturates to exactly 0 or 1 from |z| ≈ 37 on, which is why
 * `binaryCrossEntropyWithLogits(z, y)`, which never forms p, is the stable choice for training.
 *
 * Shapes: probs and targets equal, [N] or [N, K] or any [N, ...]; grad has the same shape.
 * Probabilities or targets outside [0, 1] (NaN included) are errors naming the element.
 * `options.out`: a tensor of the probabilities' shape to write grad into (see `LossOptions`).
 */
export function binaryCrossEntropy(probs: Tensor, targets: Tensor, options?: Partial<LossOptions>): LossResult {
  const where = "binaryCrossEntropy";
  checkLossOptions(where, options, LOSS_OPTIONS);
  if (!(probs instanceof Tensor) || !(targets instanceof Tensor)) {
    throw new Error(`${where}: probs and targets must be Tensors of the same shape`);
  }
  if (!sameShape(probs.shape, targets.shape)) {
    throw new Error(
      `${where}: probs has shape ${formatShape(probs.shape)} but targets has shape ${formatShape(targets.shape)}; they must be equal`,
    );
  }
  batchSize(probs, where, "probs", "[N] or [N, K]");
  const p = probs.data;
  const y = targets.data;
  const count = p.length;
  const grad = gradTensor(options?.out, probs, where, "probs"); // every entry is written below
  const g = grad.data;
  const invCount = 1 / count;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const pi = p[i];
    const yi = y[i];
    if (!(pi >= 0 && pi <= 1)) {
      throw new Error(
        `${where}: probs has ${pi} at flat index ${i}, expected a probability in [0, 1]; ` +
          "for scores of any size (the input of a sigmoid) use binaryCrossEntropyWithLogits, which is also more stable",
      );
    }
    if (!(yi >= 0 && yi <= 1)) throw new Error(`${where}: targets has ${yi} at flat index ${i}, expected a value in [0, 1]`);
    // A zero weight contributes exactly nothing, so 0 · log 0 never becomes NaN.
    if (yi !== 0) total -= yi * Math.max(Math.log(pi), LOG_FLOOR);
    if (yi !== 1) total -= (1 - yi) * Math.max(Math.log1p(-pi), LOG_FLOOR);
    g[i] = ((pi - yi) / Math.max(pi * (1 - pi), GRAD_FLOOR)) * invCount;
  }
  return { loss: total * invCount, grad };
}

/**
 * Binary cross-entropy on logits z (pre-sigmoid scores), targets y ∈ [0, 1], p = σ(z):
 *
 *   ℓ(z, y) = −y log σ(z) − (1 − y) log(1 − σ(z))
 *           = max(z, 0) − z·y + log(1 + e^(−|z|))          (the stable form)
 *   L = mean of ℓ over all elements,   dL/dz = (σ(z) − y) / count
 *
 * The stable form never exponentiates a positive number, so z = ±1000 gives finite, exact
 * losses (log σ(z) itself would be log 0 = −∞ there). It is what PyTorch's
 * `BCEWithLogitsLoss()` computes.
 *
 * Shapes: logits and targets equal, [N] or [N, K] or any [N, ...]; grad has the same shape.
 * Non-finite logits and targets outside [0, 1] are errors naming the element.
 * `options.out`: a tensor of the logits' shape to write grad into instead of a new one (see `LossOptions`).
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor, options?: Partial<LossOptions>): LossResult {
  const where = "binaryCrossEntropyWithLogits";
  checkLossOptions(where, options, LOSS_OPTIONS);
  if (!(logits instanceof Tensor) || !(targets instanceof Tensor)) {
    throw new Error(`${where}: logits and targets must be Tensors of the same shape`);
  }
  if (!sameShape(logits.shape, targets.shape)) {
    throw new Error(
      `${where}: logits has shape ${formatShape(logits.shape)} but targets has shape ${formatShape(targets.shape)}; they must be equal`,
    );
  }
  batchSize(logits, where, "logits", "[N] or [N, K]");
  const z = logits.data;
  const y = targets.data;
  const count = z.length;
  const grad = gradTensor(options?.out, logits, where, "logits"); // every entry is written below
  const g = grad.data;
  const invCount = 1 / count;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const zi = z[i];
    const yi = y[i];
    if (!Number.isFinite(zi)) throw new Error(`${where}: logits has ${zi} at flat index ${i}; logits must be finite`);
    if (!(yi >= 0 && yi <= 1)) throw new Error(`${where}: targets has ${yi} at flat index ${i}, expected a value in [0, 1]`);
    // e = e^(−|z|) ∈ (0, 1]: shared by the loss and by σ(z), which is 1/(1+e) for z ≥ 0
    // and e/(1+e) for z < 0 (both forms avoid overflow).
    const e = Math.exp(-Math.abs(zi));
    total += (zi > 0 ? zi : 0) - zi * yi + Math.log1p(e);
    const sigma = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    g[i] = (sigma - yi) * invCount;
  }
  return { loss: total * invCount, grad };
}
