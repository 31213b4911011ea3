import { Rng } from "../tensor/random";
import { assertSameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";

/** Step of the centred differences: with float64, h = 1e-5 balances truncation (h²) and round-off (ε/h). */
export const DEFAULT_STEP = 1e-5;

/**
 * Centred finite differences of a scalar function with respect to `x`:
 * ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h (lecture 004, "GRADIENT CHECKING").
 * `f` must read `x` afresh on every call; `x` is perturbed in place and restored exactly.
 */
export function numericalGradient(f: () => number, x: Tensor, h = DEFAULT_STEP): Tensor {
  const grad = Tensor.zeros(x.shape);
  for (let i = 0; i < x.size; i++) grad.data[i] = partialDerivative(f, x, i, h);
  return grad;
}

/**
 * Finite differences for a function with an array output and an upstream gradient dy:
 * the gradient of L = Σ f(x) ⊙ dy, which is what `bprop(dy)` returns.
 */
export function numericalGradientArray(f: () => Tensor, x: Tensor, dy: Tensor, h = DEFAULT_STEP): Tensor {
  return numericalGradient(() => dotWith(f(), dy, "numericalGradientArray"), x, h);
}

/** One centred difference along coordinate i of x. */
export function partialDerivative(f: () => number, x: Tensor, i: number, h = DEFAULT_STEP): number {
  const old = x.data[i];
  try {
    x.data[i] = old + h;
    const plus = f();
    x.data[i] = old - h;
    const minus = f();
    return (plus - minus) / (2 * h);
  } finally {
    x.data[i] = old; // restored exactly, even when f throws
  }
}

export interface SparseCheck {
  index: number;
  numeric: number;
  analytic: number;
  relError: number;
}

/**
 * The sparse variant for large tensors: compares `analytic` with centred differences at
 * `count` coordinates drawn from `rng`, returning each comparison.
 */
export function sparseGradientCheck(
  f: () => number,
  x: Tensor,
  analytic: Tensor,
  count: number,
  rng: Rng,
  h = DEFAULT_STEP,
): SparseCheck[] {
  assertSameShape(x.shape, analytic.shape, "sparseGradientCheck", ["x", "analytic"]);
  const checks: SparseCheck[] = [];
  for (let c = 0; c < count; c++) {
    const index = rng.int(x.size);
    const numeric = partialDerivative(f, x, index, h);
    const a = analytic.data[index];
    checks.push({ index, numeric, analytic: a, relError: Math.abs(numeric - a) / Math.max(1e-8, Math.abs(numeric) + Math.abs(a)) });
  }
  return checks;
}

/** Σ a ⊙ b for two tensors of the same shape. */
export function dotWith(a: Tensor, b: Tensor, where: string): number {
  assertSameShape(a.shape, b.shape, where, ["f(x)", "dy"]);
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i] * b.data[i];
  return s;
}
