import { logSoftmaxRows } from "../../loss/log_softmax_rows";
import { expectShape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { TensorBuffer } from "../buffers";
import { Module, requireCache } from "../module";

/**
 * Log-softmax over the classes of each row, as a box of the flow graph:
 *
 *   y_j = log f_j = (x_j − m) − log Σ_j' exp(x_j' − m),   m = max_j x_j   (see `logSoftmax`).
 *
 * Shapes: x [N, C] → y [N, C]; every row of exp(y) sums to 1. Composed with the negative
 * log-likelihood `nllLoss`, it gives the same loss and gradient as `softmaxCrossEntropy` (which
 * fuses the two), so a network can end in LogSoftmax and a student can see both halves.
 * Backward: ∂y_j/∂x_k = δ_jk − f_k, so per row dx = dy − f · Σ_j dy_j with f = exp(y), O(C).
 * Non-finite inputs are an error naming the row and column.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`).
 */
export class LogSoftmax extends Module {
  private y: Tensor | null = null;
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

  fprop(x: Tensor): Tensor {
    if (x.ndim !== 2) expectShape(x.shape, [null, null], "LogSoftmax.fprop", "x", ["N", "C"]);
    const [N, C] = x.shape;
    if (C === 0 && N > 0) throw new Error(`LogSoftmax.fprop: x has shape [${N}, 0], expected [N, C] with C ≥ 1 (log-softmax needs at least one class)`);
    const y = this.yBuffer.take(x.shape, this.reusesBuffers); // every entry is written below
    logSoftmaxRows(x.data, y.data, N, C, "LogSoftmax.fprop", "x");
    this.y = y;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const y = requireCache(this.y, "LogSoftmax.bprop");
    const [N, C] = y.shape;
    if (dy.ndim !== 2 || dy.shape[0] !== N || dy.shape[1] !== C) expectShape(dy.shape, [N, C], "LogSoftmax.bprop", "dy");
    const dx = this.dxBuffer.take(y.shape, this.reusesBuffers);
    const yd = y.data;
    const dyd = dy.data;
    const dxd = dx.data;
    for (let n = 0; n < N; n++) {
      const row = n * C;
      let total = 0;
      for (let c = 0; c < C; c++) total += dyd[row + c];
      for (let c = 0; c < C; c++) dxd[row + c] = dyd[row + c] - Math.exp(yd[row + c]) * total;
    }
    return dx;
  }

  override toString(): string {
    return "LogSoftmax";
  }
}
