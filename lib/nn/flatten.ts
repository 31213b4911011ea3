import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { Module, requireCache } from "./module";

/**
 * Flattens every example to a vector, e.g. between a convolution and a Linear layer.
 *
 * Shapes: x [N, d1, d2, ...] → y [N, d1·d2·...]; bprop reshapes dy back to x's shape.
 * Row-major order makes this a pure reinterpretation of the same numbers, so y (and dx) are
 * views sharing the data of x (and dy), as `Tensor.reshape` returns: no copy is made.
 */
export class Flatten extends Module {
  private inShape: readonly number[] | null = null;

  fprop(x: Tensor): Tensor {
    if (x.ndim < 2) {
      throw new Error(`Flatten.fprop: x has shape ${formatShape(x.shape)}, expected [N, ...] with at least 2 dimensions`);
    }
    const N = x.shape[0];
    this.inShape = x.shape;
    return x.reshape([N, shapeTail(x.shape)]);
  }

  bprop(dy: Tensor): Tensor {
    const inShape = requireCache(this.inShape, "Flatten.bprop");
    const expected = [inShape[0], shapeTail(inShape)];
    if (dy.ndim !== 2 || dy.shape[0] !== expected[0] || dy.shape[1] !== expected[1]) {
      throw new Error(`Flatten.bprop: dy has shape ${formatShape(dy.shape)}, expected ${formatShape(expected)}`);
    }
    return dy.reshape(inShape);
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
