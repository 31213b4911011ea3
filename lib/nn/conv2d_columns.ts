/**
 * Conv2d by im2col and `gemm`: the path taken where the WebAssembly kernel is not (the "js" gemm
 * backend, a runtime without WebAssembly SIMD, or a layer too large for the kernel's memory; see
 * conv2d_wasm.ts for the fast path).
 *
 * im2col copies the windows of a chunk of G images into the columns of one matrix
 * X_col [K, G·P] (K = Cin·kH·kW, the images side by side), so the convolution of the chunk is one
 * product Y = W X_col. Backward per chunk: dW += dY X_colᵀ, dX_col = Wᵀ dY, and col2im adds each
 * column of dX_col back onto the input pixels it was copied from. A chunk is the whole batch when
 * its X_col has at most `columnLimit` values, and fprop then keeps X_col for bprop; above that a
 * chunk is as many images as fit, and bprop recomputes the columns chunk by chunk.
 */
import { gemm } from "../tensor/gemm";
import type { ConvShape } from "./conv2d_panels";

export class ColumnsConv {
  /** Images per chunk in the last forward (see above). */
  private chunk = 1;
  /** Whether `cols` holds the columns of the whole batch of the last forward (one chunk). */
  private colsCached = false;
  // Scratch, grown as needed and never shrunk: X_col [K, G·P], dX_col [K, G·P], and the chunk's
  // y (fprop) or dy (bprop) with the images side by side, [Cout, G·P].
  private cols = new Float64Array(0);
  private dcols = new Float64Array(0);
  private outCols = new Float64Array(0);

  /** y [N, Cout, P] = W X_col + b, chunks of X_col holding at most `columnLimit` values (at least one image). */
  forward(x: Float64Array, W: Float64Array, b: Float64Array | null, s: ConvShape, y: Float64Array, columnLimit: number): void {
    const { N, Cout, K, P } = s;
    const G = Math.max(1, Math.min(N, Math.floor(columnLimit / (K * P))));
    this.chunk = G;
    this.colsCached = G >= N;
    if (this.cols.length < K * G * P) this.cols = new Float64Array(K * G * P);
    if (this.outCols.length < Cout * G * P) this.outCols = new Float64Array(Cout * G * P);
    const cols = this.cols;
    const yc = this.outCols;
    for (let n0 = 0; n0 < N; n0 += G) {
      const g = Math.min(G, N - n0);
      const width = g * P; // columns of this chunk: image k's are [k·P, (k + 1)·P)
      for (let k = 0; k < g; k++) im2col(x, s, n0 + k, cols, k * P, width);
      // Start from the bias and accumulate W X_col on top, which saves a pass over the output.
      for (let o = 0; o < Cout; o++) yc.fill(b ? b[o] : 0, o * width, (o + 1) * width);
      gemm(false, false, Cout, width, K, W, cols, yc, true);
      // yc is [Cout, g·P]; y is [N, Cout, P]: move each image's block into place.
      for (let k = 0; k < g; k++) {
        for (let o = 0; o < Cout; o++) {
          const src = o * width + k * P;
          const dst = ((n0 + k) * Cout + o) * P;
          for (let q = 0; q < P; q++) y[dst + q] = yc[src + q];
        }
      }
    }
  }

  /** Adds dW (and db unless null) and, unless `dx` is null, dL/dx into `dx`; after `forward` on the same x. */
  backward(
    x: Float64Array, W: Float64Array, dy: Float64Array, s: ConvShape,
    dW: Float64Array, db: Float64Array | null, dx: Float64Array | null,
  ): void {
    const { N, Cout, K, P } = s;
    const G = this.chunk;
    if (dx !== null && this.dcols.length < K * G * P) this.dcols = new Float64Array(K * G * P);
    const cols = this.cols;
    const dcols = this.dcols;
    const dyc = this.outCols;
    for (let n0 = 0; n0 < N; n0 += G) {
      const g = Math.min(G, N - n0);
      const width = g * P;
      // dyc [Cout, g·P] ← dy[n0 .. n0 + g, o, :], the layout of this chunk's X_col.
      for (let k = 0; k < g; k++) {
        for (let o = 0; o < Cout; o++) {
          const src = ((n0 + k) * Cout + o) * P;
          const dst = o * width + k * P;
          for (let q = 0; q < P; q++) dyc[dst + q] = dy[src + q];
        }
      }
      if (db) {
        for (let o = 0; o < Cout; o++) {
          let sum = 0;
          for (let q = o * width; q < (o + 1) * width; q++) sum += dyc[q];
          db[o] += sum;
        }
      }
      if (!this.colsCached) for (let k = 0; k < g; k++) im2col(x, s, n0 + k, cols, k * P, width);
      gemm(false, true, Cout, K, width, dyc, cols, dW, true); // dW += dY X_colᵀ  ([Cout, gP]·[gP, K])
      if (dx === null) continue;
      gemm(true, false, K, width, Cout, W, dyc, dcols); // dX_col = Wᵀ dY  ([K, Cout]·[Cout, gP])
      for (let k = 0; k < g; k++) col2im(dcols, s, n0 + k, dx, k * P, width);
    }
  }
}

/**
 * Image n's columns of a chunk's X_col, whose rows have `rowLength` entries and in which the
 * image's columns start at `offset`:
 * cols[(c, a, b), offset + (i, j)] = x[n, c, i·s_h − p_h + a, j·s_w − p_w + b], or 0 in the padding.
 * For each (c, a, b) the columns j whose input lies inside the image form one range, computed
 * once, so the inner loop is a strided copy without bounds tests.
 */
function im2col(x: Float64Array, s: ConvShape, n: number, cols: Float64Array, offset: number, rowLength: number): void {
  const { C, H, W, kH, kW, sh, sw, ph, pw, Ho, Wo } = s;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = (n * C + c) * H * W;
    for (let a = 0; a < kH; a++) {
      for (let b = 0; b < kW; b++, row++) {
        const jLo = firstInside(b - pw, sw, Wo);
        const jHi = lastInside(b - pw, sw, W, Wo, jLo);
        let dst = row * rowLength + offset;
        for (let i = 0; i < Ho; i++, dst += Wo) {
          const ii = i * sh - ph + a;
          if (ii < 0 || ii >= H) {
            cols.fill(0, dst, dst + Wo);
            continue;
          }
          const src = plane + ii * W + b - pw;
          for (let j = 0; j < jLo; j++) cols[dst + j] = 0;
          for (let j = jLo; j < jHi; j++) cols[dst + j] = x[src + j * sw];
          for (let j = jHi; j < Wo; j++) cols[dst + j] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: dx[n, c, i·s_h − p_h + a, j·s_w − p_w + b] += cols[(c, a, b), offset + (i, j)]. */
function col2im(cols: Float64Array, s: ConvShape, n: number, dx: Float64Array, offset: number, rowLength: number): void {
  const { C, H, W, kH, kW, sh, sw, ph, pw, Ho, Wo } = s;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = (n * C + c) * H * W;
    for (let a = 0; a < kH; a++) {
      for (let b = 0; b < kW; b++, row++) {
        const jLo = firstInside(b - pw, sw, Wo);
        const jHi = lastInside(b - pw, sw, W, Wo, jLo);
        let src = row * rowLength + offset;
        for (let i = 0; i < Ho; i++, src += Wo) {
          const ii = i * sh - ph + a;
          if (ii < 0 || ii >= H) continue;
          const dst = plane + ii * W + b - pw;
          for (let j = jLo; j < jHi; j++) dx[dst + j * sw] += cols[src + j];
        }
      }
    }
  }
}

/**
 * The output columns j in [0, Wo) whose input column j·s + offset lies in [0, W) form the range
 * [firstInside, lastInside): the first j with j·s + offset >= 0, and one past the last with
 * j·s + offset <= W − 1 (never below firstInside, so an empty range stays empty).
 */
function firstInside(offset: number, s: number, Wo: number): number {
  return offset >= 0 ? 0 : Math.min(Wo, Math.ceil(-offset / s));
}

function lastInside(offset: number, s: number, W: number, Wo: number, first: number): number {
  return Math.max(first, Math.min(Wo, Math.floor((W - 1 - offset) / s) + 1));
}
