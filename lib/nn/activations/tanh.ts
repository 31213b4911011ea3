import { ElementwiseActivation } from "./elementwise";

/**
 * Tanh: g(a) = (exp(2a) − 1) / (exp(2a) + 1), g'(a) = 1 − g(a)² (lecture 004).
 * Shapes: any → the same shape. `Math.tanh` saturates to exactly ±1 without overflow.
 */
export class Tanh extends ElementwiseActivation {
  protected forward(x: Float64Array, y: Float64Array): void {
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
  }

  protected backward(_x: Float64Array, y: Float64Array, dy: Float64Array, dx: Float64Array): void {
    for (let i = 0; i < y.length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
  }
}
