import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { Module, requireCache } from "./module";

/**
 * Flattens every example to a vector, e.g. between a convolution and a Linear layer.
 *
 * Shapes: x [N, d1, d2, ...] → y [N, d1·d2·...]; bprop reshapes dy back to x's shape.
 * Row-major order makes this a pure reinterpretation of the same numbers, so y (and dx) are
 * views sharing the data of x (and dy), as `Tensor.reshape` returns: no copy is made.
 * With `reuseBuffers()` on, a view is made once and handed back again while x (or dy) is the
 * same tensor, as it is in a training loop whose layers reuse their buffers.
 */
export class Flatten extends Module {
  private inShape: readonly number[] | null = null;
  // The last views made and the tensors they view (used only with buffer reuse).
  private x: Tensor | null = null;
  private y: Tensor | null = null;
  private dy: Tensor | null = null;
  private dx: Tensor | null = null;

  fprop(x: Tensor): Tensor {
    if (x.ndim < 2) {
      throw new Error(`Flatten.fprop: x has shape ${formatShape(x.shape)}, expected [N, ...] with at least 2 dimensions`);
    }
    this.inShape = x.shape;
    // A Tensor's data and shape never change, so the same x gives the same view.
    if (this.reusesBuffers && x === this.x && this.y !== null) return this.y;
    const y = x.reshape([x.shape[0], shapeTail(x.shape)]);
    this.x = x;
    this.y = y;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const inShape = requireCache(this.inShape, "Flatten.bprop");
    const N = inShape[0];
    const D = shapeTail(inShape);
    if (dy.ndim !== 2 || dy.shape[0] !== N || dy.shape[1] !== D) {
      throw new Error(`Flatten.bprop: dy has shape ${formatShape(dy.shape)}, expected ${formatShape([N, D])}`);
    }
    if (this.reusesBuffers && dy === this.dy && this.dx !== null && sameShape(this.dx.shape, inShape)) return this.dx;
    const dx = dy.reshape(inShape);
    this.dy = dy;
    this.dx = dx;
    return dx;
  }

  override toString(): string {
    return "Flatten";
  }
}

/** d1·d2·... of [N, d1, d2, ...], computed from the shape so that N = 0 needs no division by N. */
function shapeTail(shape: readonly number[]): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i];
  return n;
}
