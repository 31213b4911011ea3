import { ElementwiseActivation } from "./elementwise";
import { stableSigmoid } from "./sigmoid";

/**
 * Softplus, a smooth ReLU: g(a) = log(1 + exp(a)), g'(a) = sigm(a).
 *
 * Computed as max(a, 0) + log1p(exp(−|a|)), which equals log(1 + e^a) for either sign of a
 * but never exponentiates a large positive number: the naive form overflows to Infinity for
 * a > 709, and log(1 + tiny) loses every digit where log1p keeps them.
 * Shapes: any → the same shape.
 */
export class Softplus extends ElementwiseActivation {
  protected forward(x: Float64Array, y: Float64Array): void {
    for (let i = 0; i < x.length; i++) {
      const a = x[i];
      y[i] = (a > 0 ? a : 0) + Math.log1p(Math.exp(-Math.abs(a)));
    }
  }

  protected backward(x: Float64Array, _y: Float64Array, dy: Float64Array, dx: Float64Array): void {
    for (let i = 0; i < x.length; i++) dx[i] = dy[i] * stableSigmoid(x[i]);
  }
}
