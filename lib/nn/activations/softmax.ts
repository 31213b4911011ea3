import { expectShape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { TensorBuffer } from "../buffers";
import { Module, requireCache } from "../module";

/**
 * Softmax over the classes of each row (lecture 001): f_j = exp(h_j) / Σ_j' exp(h_j').
 *
 * Shapes: x [N, C] → y [N, C]; every row of y is positive and sums to 1.
 * Stability: softmax(h) = softmax(h − max_j h_j), so each row's maximum is subtracted first;
 * then every exponent is ≤ 0, nothing overflows, and logits of ±1000 give finite values.
 * Backward: the Jacobian is ∂y_j/∂x_k = y_j (δ_jk − y_k), so per row
 * dx = y ⊙ (dy − Σ_c dy_c y_c), which costs O(C) instead of forming the C×C matrix.
 *
 * For a classifier's loss, prefer a fused softmax + cross-entropy, whose gradient is simpler
 * and more accurate than chaining this layer into a log.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`).
 */
export class Softmax extends Module {
  private y: Tensor | null = null;
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

  fprop(x: Tensor): Tensor {
    if (x.ndim !== 2) expectShape(x.shape, [null, null], "Softmax.fprop", "x", ["N", "C"]);
    const [N, C] = x.shape;
    if (C === 0 && N > 0) throw new Error(`Softmax.fprop: x has shape [${N}, 0], expected [N, C] with C ≥ 1 (softmax needs at least one class)`);
    const y = this.yBuffer.take(x.shape, this.reusesBuffers); // every entry is written below
    const xd = x.data;
    const yd = y.data;
    for (let n = 0; n < N; n++) {
      const row = n * C;
      let max = -Infinity;
      for (let c = 0; c < C; c++) if (xd[row + c] > max) max = xd[row + c];
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(xd[row + c] - max);
        yd[row + c] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let c = 0; c < C; c++) yd[row + c] *= inv;
    }
    this.y = y;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const y = requireCache(this.y, "Softmax.bprop");
    const [N, C] = y.shape;
    if (dy.ndim !== 2 || dy.shape[0] !== N || dy.shape[1] !== C) expectShape(dy.shape, [N, C], "Softmax.bprop", "dy");
    const dx = this.dxBuffer.take(y.shape, this.reusesBuffers);
    const yd = y.data;
    const dyd = dy.data;
    const dxd = dx.data;
    for (let n = 0; n < N; n++) {
      const row = n * C;
      let dot = 0;
      for (let c = 0; c < C; c++) dot += dyd[row + c] * yd[row + c];
      for (let c = 0; c < C; c++) dxd[row + c] = yd[row + c] * (dyd[row + c] - dot);
    }
    return dx;
  }

  override toString(): string {
    return "Softmax";
  }
}
