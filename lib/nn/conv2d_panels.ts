/**
 * Where each value of Conv2d's packed panels comes from (the fast path, conv2d_wasm.ts): tables
 * computed once per layer shape, which the WebAssembly `gather` and `scatterAdd` then follow for
 * every image (lib/tensor/wasm/gemm_kernel.ts), so the per-batch work has no index arithmetic.
 *
 * For one image, column p = i·Wo + j of X_col is the window of output pixel (i, j) and row
 * k = (c·kH + a)·kW + b is one kernel tap:
 *
 *   X_col[k, p] = x[c, i·s_h − p_h + a, j·s_w − p_w + b]   (0 in the padding)
 *   dY[o, p]    = dy[o, i, j]
 *
 * A panel (gemm_kernel.ts) holds 4 rows of an operand (rows of op(A), or columns of op(B)) for
 * `steps` steps of the shared dimension: element (r, s) at ((r >> 2)·steps + s)·4 + (r & 3), rows
 * past the last are zeros. The shared dimension is cut into blocks of at most KC steps, one
 * after the other, as the products consume them: block [s0, s0 + sc) starts at roundUp4(rows)·s0.
 */
import { KC } from "../tensor/gemm_panels";

/** The sizes of one convolution on one batch (NCHW), with K = C·kH·kW and P = Ho·Wo. */
export interface ConvShape {
  N: number;
  C: number;
  H: number;
  W: number;
  Cout: number;
  kH: number;
  kW: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  Ho: number;
  Wo: number;
  K: number;
  P: number;
}

export const roundUp4 = (v: number): number => Math.ceil(v / 4) * 4;

/** The offset of X_col[k, p] in its image's x (c·H·W + row·W + column), or −1 in the padding. */
export function windowOffset(s: ConvShape, k: number, p: number): number {
  const b = k % s.kW;
  const a = Math.floor(k / s.kW) % s.kH;
  const c = Math.floor(k / (s.kW * s.kH));
  const i = Math.floor(p / s.Wo), j = p % s.Wo;
  const row = i * s.sh - s.ph + a, col = j * s.sw - s.pw + b;
  return row < 0 || row >= s.H || col < 0 || col >= s.W ? -1 : (c * s.H + row) * s.W + col;
}

/**
 * The gather table of a block of panels: `rows` panel rows over `steps` steps (in blocks of KC),
 * entry = where(row, step), −1 for the rows that pad the last panel.
 */
function panelTable(rows: number, steps: number, where: (row: number, step: number) => number): Int32Array {
  const table = new Int32Array(roundUp4(rows) * steps);
  let e = 0;
  for (let s0 = 0; s0 < steps; s0 += KC) {
    const sc = Math.min(KC, steps - s0);
    for (let g = 0; g < rows; g += 4)
      for (let s = s0; s < s0 + sc; s++)
        for (let r = g; r < g + 4; r++) table[e++] = r < rows ? where(r, s) : -1;
  }
  return table;
}

/** The tables of one layer shape; offsets are within one image's x or dy. */
export interface ConvTables {
  /** fprop's op(B) = X_col: panels of 4 pixels over the K taps. */
  windows: Int32Array;
  /** The dW product's op(B) = X_colᵀ: panels of 4 taps over the P pixels. */
  windowsT: Int32Array;
  /** The dW product's op(A) = dY: panels of 4 output channels over the P pixels. */
  gradient: Int32Array;
  /** The dx product's op(B) = dY: panels of 4 pixels over the Cout channels. */
  gradientT: Int32Array;
  /** col2im: for dX_col[k, p] (row-major, K×P), the pixel of x it adds to, or −1. */
  col2im: Int32Array;
}

export function convTables(s: ConvShape): ConvTables {
  const { K, P } = s;
  const col2im = new Int32Array(K * P);
  for (let k = 0; k < K; k++) for (let p = 0; p < P; p++) col2im[k * P + p] = windowOffset(s, k, p);
  return {
    windows: panelTable(P, K, (p, k) => col2im[k * P + p]),
    windowsT: panelTable(K, P, (k, p) => col2im[k * P + p]),
    gradient: panelTable(s.Cout, P, (o, p) => o * P + p),
    gradientT: panelTable(P, s.Cout, (p, o) => o * P + p),
    col2im,
  };
}

/**
 * Packs a rows × steps block of a matrix whose element (r, t) is M[base + r·rowStride + t·stepStride]
 * into panels of 4 rows (a partial last panel padded with zeros): the weights, as W for fprop
 * and as Wᵀ for the dx product (a few thousand values, so plain JavaScript).
 */
export function packMatrix(
  M: Float64Array, base: number, rowStride: number, stepStride: number, rows: number, steps: number,
  dst: Float64Array, out: number,
): void {
  if (rows % 4 !== 0) dst.fill(0, out + (rows >> 2) * 4 * steps, out + ((rows >> 2) + 1) * 4 * steps);
  for (let r = 0; r < rows; r++) {
    const d = out + ((r >> 2) * steps) * 4 + (r & 3);
    const src = base + r * rowStride;
    for (let t = 0; t < steps; t++) dst[d + 4 * t] = M[src + t * stepStride];
  }
}
