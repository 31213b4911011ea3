import { Param } from "../nn/module";
import { weightsToRegularize } from "./regularizer";

/**
 * L1 penalty, lecture 004:
 *
 *   λ Ω(θ) = λ Σ_k Σ_i Σ_j |W⁽ᵏ⁾_ij|
 *
 * over the params with `regularize: true` (weights, never biases). λ ≥ 0. It pushes weights to
 * exactly zero (sparse weights), unlike L2, whose pull vanishes as W → 0.
 */
export function l1Penalty(params: readonly Param[], lambda: number): number {
  let omega = 0;
  for (const p of weightsToRegularize(params, lambda, "l1Penalty")) {
    const w = p.value.data;
    for (let i = 0; i < w.length; i++) omega += Math.abs(w[i]);
  }
  return lambda * omega;
}

/**
 * Adds λ ∇_W Ω = λ sign(W) into each regularized param's grad (+=), with
 * sign(W)_ij = 1_{W_ij > 0} − 1_{W_ij < 0}, so sign(0) = 0 (the lecture's subgradient choice:
 * |w| has no derivative at 0). Biases are untouched.
 */
export function addL1Grad(params: readonly Param[], lambda: number): void {
  for (const p of weightsToRegularize(params, lambda, "addL1Grad")) {
    const w = p.value.data;
    const g = p.grad.data;
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      if (v > 0) g[i] += lambda;
      else if (v < 0) g[i] -= lambda;
    }
  }
}
