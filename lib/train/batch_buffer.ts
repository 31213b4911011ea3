import { Dataset } from "../data/dataset";
import { Tensor } from "../tensor/tensor";

/**
 * Copies the rows of one minibatch into buffers allocated once per batch size (at most two per
 * run: the full size and the last, smaller batch), so the training loop does not allocate them.
 */
export class BatchGatherer {
  private readonly buffers = new Map<number, { x: Tensor; y: Int32Array | Tensor }>();
  private readonly xRow: number;
  private readonly yRow: number;

  constructor(private readonly data: Dataset) {
    const n = data.x.shape[0];
    this.xRow = data.x.size / n;
    this.yRow = data.y instanceof Tensor ? data.y.size / n : 1;
  }

  take(idx: Int32Array): { x: Tensor; y: Int32Array | Tensor } {
    const m = idx.length;
    let buf = this.buffers.get(m);
    if (buf === undefined) {
      const x = Tensor.zeros([m, ...this.data.x.shape.slice(1)]);
      const y = this.data.y instanceof Tensor ? Tensor.zeros([m, ...this.data.y.shape.slice(1)]) : new Int32Array(m);
      buf = { x, y };
      this.buffers.set(m, buf);
    }
    copyRows(this.data.x.data, buf.x.data, idx, this.xRow);
    if (buf.y instanceof Tensor) copyRows((this.data.y as Tensor).data, buf.y.data, idx, this.yRow);
    else {
      const src = this.data.y as Int32Array;
      for (let i = 0; i < m; i++) buf.y[i] = src[idx[i]];
    }
    return buf;
  }
}

function copyRows(src: Float64Array, dst: Float64Array, idx: Int32Array, rowSize: number): void {
  for (let i = 0; i < idx.length; i++) {
    const from = idx[i] * rowSize;
    const to = i * rowSize;
    for (let k = 0; k < rowSize; k++) dst[to + k] = src[from + k];
  }
}
