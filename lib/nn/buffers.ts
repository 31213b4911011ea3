import { Shape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";

/**
 * Where a layer (or a loss) gets the tensor it hands back: its output y, its dx, a gradient.
 *
 * `take(shape, reuse)`:
 * - `reuse` false (the default mode of every module): a new zero tensor on every call, which the
 *   caller may keep for as long as it likes;
 * - `reuse` true (`Module.reuseBuffers()`): the same tensor on every call while the shape
 *   repeats, still holding what the previous call wrote. The caller writes every entry (or
 *   clears it first when it accumulates with +=), and whoever received the tensor from the
 *   previous call sees it overwritten.
 *
 * It remembers the two most recently used shapes, so a training run whose last minibatch is
 * smaller (300 examples in batches of 32: eight of 32, then 12) alternates between two buffers
 * instead of reallocating twice per epoch.
 */
export class TensorBuffer {
  private recent: Tensor | null = null;
  private older: Tensor | null = null;

  take(shape: Shape, reuse: boolean): Tensor {
    if (!reuse) return Tensor.zeros(shape);
    const recent = this.recent;
    if (recent !== null && sameShape(recent.shape, shape)) return recent;
    let t = this.older;
    if (t === null || !sameShape(t.shape, shape)) t = Tensor.zeros(shape);
    this.older = recent;
    this.recent = t;
    return t;
  }
}
