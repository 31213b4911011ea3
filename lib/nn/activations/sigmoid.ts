import { ElementwiseActivation } from "./elementwise";

/**
 * The logistic sigmoid 1 / (1 + e^(−a)) for one number, with no overflow for any a.
 *
 * Splitting by sign keeps every exponential ≤ 1: for a ≥ 0 it is 1 / (1 + e^(−a)); for a < 0
 * the same value is written e^a / (1 + e^a). The textbook form would compute e^1000 = Infinity
 * for a = −1000 and only reach 0 by the accident 1/Infinity = 0 (and forms such as
 * e^a / (1 + e^a) for large positive a give Infinity/Infinity = NaN). Here sigmoid(1000) is
 * exactly 1 and sigmoid(−1000) exactly 0.
 */
export function stableSigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

/**
 * Sigmoid: g(a) = sigm(a) = 1 / (1 + exp(−a)), g'(a) = g(a)(1 − g(a)) (lecture 004).
 * Shapes: any → the same shape. Stable for any |a| (see `stableSigmoid`).
 */
export class Sigmoid extends ElementwiseActivation {
  protected forward(x: Float64Array, y: Float64Array): void {
    for (let i = 0; i < x.length; i++) y[i] = stableSigmoid(x[i]);
  }

  protected backward(_x: Float64Array, y: Float64Array, dy: Float64Array, dx: Float64Array): void {
    for (let i = 0; i < y.length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
  }
}
