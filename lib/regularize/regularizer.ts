import { Param } from "../nn/module";
import { assertSameShape } from "../tensor/shape";
import { checkNumber } from "../util/options";

/**
 * A weight penalty λΩ(θ) added to the training loss (lecture 004, "REGULARIZATION"):
 *
 *   minimize (1/T) Σ_t l(f(x⁽ᵗ⁾; θ), y⁽ᵗ⁾) + λ Ω(θ),   Δ = −∇l − λ∇Ω
 *
 * Ω sums over the weights W⁽ᵏ⁾ only, i.e. the params with `regularize: true`; biases and
 * normalization parameters are never penalized.
 *
 * - `penalty(params, λ)` returns λΩ, to add to the data loss for reporting.
 * - `addGrad(params, λ)` adds λ∇Ω into each regularized param's `grad` (+=, like `bprop`), so
 *   call it after `bprop` and before the optimizer's `step()`.
 *
 * The maths lives in plain functions (`l2Penalty`/`addL2Grad`, `l1Penalty`/`addL1Grad`), which a
 * notebook calls directly; a `Regularizer` bundles one pair under a name, for a trainer that
 * takes `{ regularizer: "l2" }` (see `getRegularizer`).
 */
export interface Regularizer {
  readonly name: string;
  penalty(params: readonly Param[], lambda: number): number;
  addGrad(params: readonly Param[], lambda: number): void;
}

/** Validates λ ≥ 0 and the param list; returns the params to penalize (regularize: true). */
export function weightsToRegularize(params: readonly Param[], lambda: number, where: string): Param[] {
  checkNumber(where, "lambda", lambda, { min: 0 });
  if (!Array.isArray(params)) {
    throw new Error(`${where}: params must be an array of Param, as module.params() returns, got ${String(params)}`);
  }
  const weights: Param[] = [];
  for (const p of params) {
    if (p === null || typeof p !== "object" || !("value" in p) || !("grad" in p)) {
      throw new Error(`${where}: params must be an array of Param {name, value, grad, regularize}, got ${String(p)}`);
    }
    if (p.regularize === true) {
      assertSameShape(p.value.shape, p.grad.shape, `${where}: param "${p.name}"`, ["value", "grad"]);
      weights.push(p);
    }
  }
  return weights;
}
