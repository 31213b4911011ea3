/**
 * Conv2d's fast path: its three matrix products on the WebAssembly SIMD kernel of gemm, with the
 * operands packed straight from x, dy and W (conv2d_panels.ts) into the kernel's memory.
 *
 *   fprop:  Y = W X_col          [Cout, K]·[K, Q]     then y[n, o, p] = Y[o, q] + b[o]
 *   dW:     dW += dY X_colᵀ      [Cout, Q]·[Q, K]     accumulated over all Q = N·P columns
 *   dx:     dX_col = Wᵀ dY       [K, Cout]·[Cout, Q]  then col2im adds it onto dx
 *
 * Why not im2col + `gemm` (conv2d_columns.ts, the path for the "js" backend): on MNIST-sized
 * layers most of its time went into moving data, not into the kernel. X_col was written to a
 * matrix, `gemm` then copied it into panels, the product landed in scratch memory and was copied
 * to a [Cout, N·P] matrix and then once more into y's [N, Cout, P] order, and the same again for
 * dY and dX_col in bprop (a product with 43 264 columns is also wider than gemm's tiles, whose
 * copies then run value by value). Here each value is written once into a panel and the kernel's
 * result is read once, into y, dW or dx. X_col is packed again in bprop from x (it costs about as
 * much as a copy of it would), so nothing of the size of X_col is kept between fprop and bprop.
 *
 * The columns are processed in tiles of at most TILE columns (whole batch as one product, just
 * cut where a tile is full), and the shared dimension in blocks of KC, like gemm_panels.ts.
 * Every element of Y, dW and dX_col receives its products in increasing order of the shared
 * dimension, as in gemm; the results match conv2dReference to rounding (relError < 1e-12).
 */
import { KC } from "../tensor/gemm_panels";
import type { GemmScratch } from "../tensor/gemm_wasm";
import { ConvShape, packGradient, packMatrix, packWindows, addWindows, piecesFor, rowPieces, zeroLastPanel } from "./conv2d_panels";

/** Most columns per tile: a tile of X_col panels (K·TILE doubles) stays in L2 for small K. */
const TILE = 1024;
/** Doubles of the kernel's parking space for an edge block (4×4). */
const EDGE = 16;

const roundUp4 = (v: number): number => Math.ceil(v / 4) * 4;

/**
 * Columns per tile for this shape: a multiple of 4, at most TILE and at most `columnLimit`/K (but
 * at least 4), such that each product's C tile and panels fit in `capacity` doubles; 0 when even
 * 4 columns do not fit (then the caller takes the im2col + gemm path).
 */
export function tileColumns(s: ConvShape, capacity: number, columnLimit: number): number {
  const { K, Cout } = s;
  const kcK = Math.min(K, KC), kcO = Math.min(Cout, KC);
  let nb = Math.max(4, Math.min(TILE, Math.floor(columnLimit / K / 4) * 4));
  const fits = (w: number): boolean => {
    const kcQ = Math.min(w, KC);
    const forward = Cout * w + kcK * w + roundUp4(Cout) * kcK;
    const weights = Cout * K + roundUp4(K) * kcQ + roundUp4(Cout) * kcQ;
    const inputs = K * w + kcO * w + roundUp4(K) * kcO;
    return Math.max(forward, weights, inputs) + EDGE <= capacity;
  };
  while (nb >= 4 && !fits(nb)) nb = Math.floor(nb / 8) * 4; // halve, keeping a multiple of 4
  return nb >= 4 ? nb : 0;
}

/** The three products for one layer, with its scratch for the column pieces. */
export class WasmConv {
  private pieces = new Int32Array(0);
  /** One row of X_col or dY over a tile's columns, on its way into the panels. */
  private readonly row: Float64Array;

  /** `tile`: columns per tile, from `tileColumns`. */
  constructor(private readonly scratch: GemmScratch, readonly tile: number) {
    this.row = new Float64Array(tile);
  }

  private piecesOf(s: ConvShape, q0: number, count: number): number {
    const need = piecesFor(s, count);
    if (this.pieces.length < need) this.pieces = new Int32Array(need);
    return rowPieces(s, q0, count, this.pieces);
  }

  /** y [N, Cout, P] = W X_col + b (W [Cout, K], b [Cout] or null). */
  forward(x: Float64Array, W: Float64Array, b: Float64Array | null, s: ConvShape, y: Float64Array): void {
    const { kernel, mem } = this.scratch;
    const { K, Cout, P, N } = s;
    const nb = this.tile;
    const Q = N * P;
    for (let q0 = 0; q0 < Q; q0 += nb) {
      const count = Math.min(nb, Q - q0);
      const np = this.piecesOf(s, q0, count);
      // The C tile [Cout, count] at 0, then the panels of X_col and of W.
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = Math.min(KC, K - k0);
        const pb = Cout * nb, pa = pb + kc * nb, edge = pa + roundUp4(Cout) * kc;
        zeroLastPanel(mem, pb, count, kc);
        packWindows(x, s, this.pieces, np, count, k0, kc, this.row, mem, pb, true, kc);
        packMatrix(W, k0, K, 1, Cout, kc, mem, pa);
        kernel.macro(pa * 8, pb * 8, 0, Cout, count, kc, count * 8, k0 > 0 ? 1 : 0, edge * 8);
      }
      // Column q0 + col is pixel p of image n: copy each image's part of each row into y, adding b.
      for (let col = 0; col < count;) {
        const q = q0 + col;
        const n = Math.floor(q / P), p = q - n * P;
        const run = Math.min(P - p, count - col);
        for (let o = 0; o < Cout; o++) {
          const bias = b ? b[o] : 0;
          const dst = (n * Cout + o) * P + p, src = o * count + col;
          for (let t = 0; t < run; t++) y[dst + t] = mem[src + t] + bias;
        }
        col += run;
      }
    }
  }

  /** dW += dY X_colᵀ over the whole batch (dW [Cout, K]). */
  weightGradient(x: Float64Array, dy: Float64Array, s: ConvShape, dW: Float64Array): void {
    const { kernel, mem } = this.scratch;
    const { K, Cout, P, N } = s;
    const Q = N * P;
    const kcQ = Math.min(this.tile, KC);
    // dW's partial sums stay at 0 in the kernel's memory for the whole batch, the panels after it.
    const pb = Cout * K;
    for (let q0 = 0; q0 < Q; q0 += kcQ) {
      const qc = Math.min(kcQ, Q - q0);
      const np = this.piecesOf(s, q0, qc);
      const pa = pb + roundUp4(K) * qc, edge = pa + roundUp4(Cout) * qc;
      zeroLastPanel(mem, pb, K, qc);
      packWindows(x, s, this.pieces, np, qc, 0, K, this.row, mem, pb, false, qc);
      zeroLastPanel(mem, pa, Cout, qc);
      packGradient(dy, s, this.pieces, np, qc, 0, Cout, this.row, mem, pa, false, qc);
      kernel.macro(pa * 8, pb * 8, 0, Cout, K, qc, K * 8, q0 > 0 ? 1 : 0, edge * 8);
    }
    for (let i = 0; i < Cout * K; i++) dW[i] += mem[i];
  }

  /** dx += col2im(Wᵀ dY). */
  inputGradient(W: Float64Array, dy: Float64Array, s: ConvShape, dx: Float64Array): void {
    const { kernel, mem } = this.scratch;
    const { K, Cout, P, N } = s;
    const nb = this.tile;
    const Q = N * P;
    for (let q0 = 0; q0 < Q; q0 += nb) {
      const count = Math.min(nb, Q - q0);
      const np = this.piecesOf(s, q0, count);
      // The dX_col tile [K, count] at 0, then the panels of dY and of Wᵀ.
      for (let o0 = 0; o0 < Cout; o0 += KC) {
        const oc = Math.min(KC, Cout - o0);
        const pb = K * nb, pa = pb + oc * nb, edge = pa + roundUp4(K) * oc;
        zeroLastPanel(mem, pb, count, oc);
        packGradient(dy, s, this.pieces, np, count, o0, oc, this.row, mem, pb, true, oc);
        packMatrix(W, o0 * K, 1, K, K, oc, mem, pa);
        kernel.macro(pa * 8, pb * 8, 0, K, count, oc, count * 8, o0 > 0 ? 1 : 0, edge * 8);
      }
      addWindows(mem, count, s, this.pieces, np, dx);
    }
  }
}
