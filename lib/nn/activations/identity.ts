import { ElementwiseActivation } from "./elementwise";

/**
 * Identity (the lectures' "linear activation"): g(a) = a, g'(a) = 1.
 * Shapes: any → the same shape. fprop and bprop return copies, never their argument.
 */
export class Identity extends ElementwiseActivation {
  protected forward(x: Float64Array, y: Float64Array): void {
    y.set(x);
  }

  protected backward(_x: Float64Array, _y: Float64Array, dy: Float64Array, dx: Float64Array): void {
    dx.set(dy);
  }
}
