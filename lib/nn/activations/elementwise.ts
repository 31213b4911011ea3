import { assertSameShape, sameShape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { TensorBuffer } from "../buffers";
import { Module, bpropBeforeFprop } from "../module";

/**
 * Base class of the elementwise activations h = g(a) (lecture 004, "ACTIVATION FUNCTION").
 *
 * Shapes: x (the lectures' pre-activation a) has any shape; y = g(x) has the same shape.
 * Backward: dx = dy ⊙ g'(x), the element-wise product of the lecture's chain rule.
 *
 * A subclass writes two plain loops over the flat data: `forward` (y = g(x)) and `backward`
 * (dx = dy ⊙ g'(x)). `backward` also receives y = g(x), because several derivatives are
 * cheapest in terms of the output (sigmoid: g(1 − g); tanh: 1 − g²). The loops live in the
 * subclass, not here, so that each one is a monomorphic loop V8 can optimise, with no call per
 * element through a shared base method.
 *
 * fprop caches x and y by reference: callers must not modify them in place before bprop.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`).
 */
export abstract class ElementwiseActivation extends Module {
  private x: Tensor | null = null;
  private y: Tensor | null = null;
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

  /** y[i] = g(x[i]) for every i (every entry: with buffer reuse y still holds the last call's values). */
  protected abstract forward(x: Float64Array, y: Float64Array): void;

  /** dx[i] = dy[i] · g'(x[i]) for every i, where y[i] = g(x[i]) (every entry, as in `forward`). */
  protected abstract backward(x: Float64Array, y: Float64Array, dy: Float64Array, dx: Float64Array): void;

  fprop(x: Tensor): Tensor {
    const y = this.yBuffer.take(x.shape, this.reusesBuffers);
    this.forward(x.data, y.data);
    this.x = x;
    this.y = y;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const x = this.x;
    const y = this.y;
    // The messages name the subclass; they are built only when a check fails.
    if (x === null || y === null) throw bpropBeforeFprop(`${this.kind}.bprop`);
    if (!sameShape(dy.shape, x.shape)) assertSameShape(dy.shape, x.shape, `${this.kind}.bprop`, ["dy", "the cached input x"]);
    const dx = this.dxBuffer.take(x.shape, this.reusesBuffers);
    this.backward(x.data, y.data, dy.data, dx.data);
    return dx;
  }

  override toString(): string {
    return this.kind;
  }
}
