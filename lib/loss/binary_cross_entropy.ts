import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { LossOptions, LossResult, batchSize, checkLossOptions, gradTensor } from "./loss_result";

const LOSS_OPTIONS: readonly string[] = ["out"];

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
