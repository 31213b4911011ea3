import { Param } from "../nn/module";
import { weightsToRegularize } from "./regularizer";

/**
 * L2 penalty (weight decay), lecture 004:
 *
 *   λ Ω(θ) = λ Σ_k Σ_i Σ_j (W⁽ᵏ⁾_ij)² = λ Σ_k ‖W⁽ᵏ⁾‖_F²
 *
 * over the params with `regularize: true` (weights, never biases). λ ≥ 0.
 */
export function l2Penalty(params: readonly Param[], lambda: number): number {
  let omega = 0;
  for (const p of weightsToRegularize(params, lambda, "l2Penalty")) {
    const w = p.value.data;
    for (let i = 0; i < w.length; i++) omega += w[i] * w[i];
  }
  return lambda * omega;
}

/** Adds λ ∇_W Ω = 2λW into each regularized param's grad (+=); biases are untouched. */
export function addL2Grad(params: readonly Param[], lambda: number): void {
  const twoLambda = 2 * lambda;
  for (const p of weightsToRegularize(params, lambda, "addL2Grad")) {
    const w = p.value.data;
    const g = p.grad.data;
    for (let i = 0; i < w.length; i++) g[i] += twoLambda * w[i];
  }
}
