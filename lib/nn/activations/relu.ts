import { ElementwiseActivation } from "./elementwise";

/**
 * Rectified linear unit: g(a) = max(0, a), g'(a) = 1 if a > 0 else 0.
 * Shapes: any → the same shape. At the kink a = 0 the derivative is taken as 0 (as PyTorch
 * does); finite differences there are meaningless, so gradient checks keep inputs away from 0.
 */
export class ReLU extends ElementwiseActivation {
  protected forward(x: Float64Array, y: Float64Array): void {
    for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
  }

  protected backward(x: Float64Array, _y: Float64Array, dy: Float64Array, dx: Float64Array): void {
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
  }
}
