import { assertSameShape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { Module, requireCache } from "../module";

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
 */
export abstract class ElementwiseActivation extends Module {
  private cache: { x: Tensor; y: Tensor } | null = null;

  /** y[i] = g(x[i]) for every i. */
  protected abstract forward(x: Float64Array, y: Float64Array): void;

  /** dx[i] = dy[i] · g'(x[i]) for every i, where y[i] = g(x[i]). */
  protected abstract backward(x: Float64Array, y: Float64Array, dy: Float64Array, dx: Float64Array): void;

  fprop(x: Tensor): Tensor {
    const y = Tensor.zeros(x.shape);
    this.forward(x.data, y.data);
    this.cache = { x, y };
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const { x, y } = requireCache(this.cache, `${this.kind}.bprop`);
    assertSameShape(dy.shape, x.shape, `${this.kind}.bprop`, ["dy", "the cached input x"]);
    const dx = Tensor.zeros(x.shape);
    this.backward(x.data, y.data, dy.data, dx.data);
    return dx;
  }

  override toString(): string {
    return this.kind;
  }
}
