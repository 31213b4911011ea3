/**
 * The packing loops of Conv2d's fast path (conv2d_wasm.ts): they write the operands of its three
 * matrix products straight into the panel layout the WebAssembly kernel reads, so the im2col
 * matrix X_col is never stored as a matrix of its own.
 *
 * The products have columns q = (n, i, j) in image-major order, q = n·P + i·Wo + j with
 * P = Ho·Wo: column q of X_col is the window of output pixel (i, j) of image n, and row
 * k = (c, a, b), k = (c·kH + a)·kW + b, is one kernel tap. So
 *
 *   X_col[k, q] = x[n, c, i·s_h − p_h + a, j·s_w − p_w + b]   (0 in the padding)
 *   dY[o, q]    = dy[n, o, i, j]
 *
 * A panel (gemm_kernel.ts) holds 4 rows of an operand (rows of op(A), or columns of op(B)) for
 * `steps` steps of the shared dimension: element (r, s) sits at ((r >> 2)·steps + s)·4 + (r & 3)
 * (`panelIndex`), rows past the last are zeros. A range of columns [q0, q0 + count) is walked
 * as "pieces", one per output row it touches (`rowPieces`), so the inner loops are strided copies
 * along j with the padding decided once per row, not per value.
 */

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

/** Where element (r, s) of a block of panels with `steps` steps lives, from the block's start. */
export function panelIndex(r: number, s: number, steps: number): number {
  return ((r >> 2) * steps + s) * 4 + (r & 3);
}

/** Zeros the last panel of a block of `rows` rows when it is only partly filled (rows % 4 ≠ 0). */
export function zeroLastPanel(dst: Float64Array, out: number, rows: number, steps: number): void {
  if (rows % 4 !== 0) dst.fill(0, out + (rows >> 2) * 4 * steps, out + ((rows >> 2) + 1) * 4 * steps);
}

/** Values per piece in a `rowPieces` array: image n, output row i, columns j0 … j1 − 1, and the piece's first column relative to q0. */
export const PIECE = 5;

/** Room for the pieces of any `count` consecutive columns (each output row touched, plus one). */
export function piecesFor(s: ConvShape, count: number): number {
  return (Math.ceil(count / s.Wo) + 1) * PIECE;
}

/** Splits columns [q0, q0 + count) into runs within one output row; returns how many (see PIECE). */
export function rowPieces(s: ConvShape, q0: number, count: number, out: Int32Array): number {
  const n0 = Math.floor(q0 / s.P);
  const p0 = q0 - n0 * s.P;
  let n = n0, i = Math.floor(p0 / s.Wo), j = p0 - i * s.Wo;
  let pieces = 0;
  for (let col = 0; col < count; pieces++) {
    const run = Math.min(s.Wo - j, count - col);
    const at = pieces * PIECE;
    out[at] = n;
    out[at + 1] = i;
    out[at + 2] = j;
    out[at + 3] = j + run;
    out[at + 4] = col;
    col += run;
    j = 0;
    if (++i === s.Ho) {
      i = 0;
      n++;
    }
  }
  return pieces;
}

/**
 * The first output column j whose input column j·s + offset is ≥ 0, and one past the last whose
 * input is ≤ W − 1 (never below the first, so an empty range stays empty).
 */
export function firstInside(offset: number, s: number, Wo: number): number {
  return offset >= 0 ? 0 : Math.min(Wo, Math.ceil(-offset / s));
}

export function lastInside(offset: number, s: number, W: number, Wo: number, first: number): number {
  return Math.max(first, Math.min(Wo, Math.floor((W - 1 - offset) / s) + 1));
}

/**
 * Packs rows k0 … k0 + kc − 1 of X_col over the pieces' `count` columns into panels, fusing
 * im2col with the packing:
 * - `byColumn` true (fprop's op(B) = X_col): panels of 4 columns, kc steps of k:
 *   X_col[k0 + t, q0 + col] at panelIndex(col, t, kc);
 * - false (the dW product's op(B) = X_colᵀ): panels of 4 taps, `steps` steps of the columns:
 *   X_col[k0 + t, q0 + col] at panelIndex(t, col, steps).
 * For panels of columns, each row of X_col is first gathered into `row` (contiguous writes, the
 * padding decided once per piece) and then spread into the panels four values at a time: two
 * simple loops were faster than one computing panelIndex for every value. Panels of taps take
 * a row as every fourth value, written directly.
 * The caller zeros a partial last panel first (`zeroLastPanel`); every other value is written.
 */
export function packWindows(
  x: Float64Array, s: ConvShape, pieces: Int32Array, np: number, count: number, k0: number, kc: number,
  row: Float64Array, dst: Float64Array, out: number, byColumn: boolean, steps: number,
): void {
  const { C, kH, kW } = s;
  let k = 0;
  for (let c = 0; c < C; c++) {
    for (let a = 0; a < kH; a++) {
      for (let b = 0; b < kW; b++, k++) {
        if (k < k0 || k >= k0 + kc) continue;
        if (byColumn) {
          windowRow(x, s, pieces, np, c, a, b, row, 0, 1);
          spreadAcross(row, count, dst, out, k - k0, kc);
        } else {
          windowRow(x, s, pieces, np, c, a, b, dst, out + panelIndex(k - k0, 0, steps), 4);
        }
      }
    }
  }
}

/** Row (c, a, b) of X_col over the pieces' columns: column col to row[at + col·gap]. */
function windowRow(
  x: Float64Array, s: ConvShape, pieces: Int32Array, np: number, c: number, a: number, b: number,
  row: Float64Array, at: number, gap: number,
): void {
  const { C, H, W, sh, sw, ph, pw, Wo } = s;
  const jLo = firstInside(b - pw, sw, Wo);
  const jHi = lastInside(b - pw, sw, W, Wo, jLo);
  for (let e = 0; e < np * PIECE; e += PIECE) {
    const n = pieces[e], j0 = pieces[e + 2], j1 = pieces[e + 3];
    const ii = pieces[e + 1] * sh - ph + a;
    const rowInside = ii >= 0 && ii < H;
    const lo = rowInside ? Math.min(j1, Math.max(j0, jLo)) : j1; // [lo, hi): inside the image
    const hi = rowInside ? Math.max(lo, Math.min(j1, jHi)) : j1;
    const src = (n * C + c) * H * W + ii * W + b - pw; // + j·sw for output column j
    const d = at + (pieces[e + 4] - j0) * gap; // + j·gap
    for (let j = j0; j < lo; j++) row[d + j * gap] = 0;
    for (let j = lo; j < hi; j++) row[d + j * gap] = x[src + j * sw];
    for (let j = hi; j < j1; j++) row[d + j * gap] = 0;
  }
}

/** row[col] (col < count) to out + panelIndex(col, t, steps): step t of panels of 4 columns. */
function spreadAcross(row: Float64Array, count: number, dst: Float64Array, out: number, t: number, steps: number): void {
  const full = count - (count % 4);
  let d = out + 4 * t;
  let col = 0;
  for (; col < full; col += 4, d += 4 * steps) {
    dst[d] = row[col];
    dst[d + 1] = row[col + 1];
    dst[d + 2] = row[col + 2];
    dst[d + 3] = row[col + 3];
  }
  for (let r = 0; col < count; col++, r++) dst[d + r] = row[col];
}

/**
 * Packs dY[o0 … o0 + on − 1, the pieces' `count` columns] into panels (panels of columns
 * through `row`, as above):
 * - `byColumn` true (the dx product's op(B) = dY): panels of 4 columns, `on` steps of o:
 *   dY[o0 + t, q0 + col] at panelIndex(col, t, on);
 * - false (the dW product's op(A) = dY): panels of 4 channels, `steps` steps of the columns:
 *   dY[o0 + t, q0 + col] at panelIndex(t, col, steps).
 */
export function packGradient(
  dy: Float64Array, s: ConvShape, pieces: Int32Array, np: number, count: number, o0: number, on: number,
  row: Float64Array, dst: Float64Array, out: number, byColumn: boolean, steps: number,
): void {
  const { Cout, Wo, P } = s;
  for (let t = 0; t < on; t++) {
    for (let e = 0; e < np * PIECE; e += PIECE) {
      const j0 = pieces[e + 2], j1 = pieces[e + 3];
      const src = (pieces[e] * Cout + o0 + t) * P + pieces[e + 1] * Wo; // + j
      if (byColumn) {
        const d = pieces[e + 4] - j0; // + j
        for (let j = j0; j < j1; j++) row[d + j] = dy[src + j];
      } else {
        const d = out + panelIndex(t, pieces[e + 4] - j0, steps); // + 4j
        for (let j = j0; j < j1; j++) dst[d + 4 * j] = dy[src + j];
      }
    }
    if (byColumn) spreadAcross(row, count, dst, out, t, on);
  }
}

/**
 * Packs a rows × steps block of a matrix whose element (r, t) is M[base + r·rowStride + t·stepStride]
 * into panels of 4 rows (a partial last panel padded with zeros): the weights, as W for fprop
 * and as Wᵀ for the dx product.
 */
export function packMatrix(
  M: Float64Array, base: number, rowStride: number, stepStride: number, rows: number, steps: number,
  dst: Float64Array, out: number,
): void {
  zeroLastPanel(dst, out, rows, steps);
  for (let r = 0; r < rows; r++) {
    const d = out + panelIndex(r, 0, steps);
    const src = base + r * rowStride;
    for (let t = 0; t < steps; t++) dst[d + 4 * t] = M[src + t * stepStride];
  }
}

/**
 * col2im from a tile of dX_col: adds tile[k, col] (row k at k·ldc) to the input pixel it was copied
 * from, dx[n, c, i·s_h − p_h + a, j·s_w − p_w + b] for the pieces' columns; the padding is dropped.
 */
export function addWindows(
  tile: Float64Array, ldc: number, s: ConvShape, pieces: Int32Array, np: number, dx: Float64Array,
): void {
  const { C, H, W, kH, kW, sh, sw, ph, pw, Wo } = s;
  const plane = H * W;
  let k = 0;
  for (let c = 0; c < C; c++) {
    for (let a = 0; a < kH; a++) {
      for (let b = 0; b < kW; b++, k++) {
        const jLo = firstInside(b - pw, sw, Wo);
        const jHi = lastInside(b - pw, sw, W, Wo, jLo);
        for (let e = 0; e < np * PIECE; e += PIECE) {
          const ii = pieces[e + 1] * sh - ph + a;
          if (ii < 0 || ii >= H) continue;
          const j0 = pieces[e + 2], j1 = pieces[e + 3];
          const lo = Math.min(j1, Math.max(j0, jLo));
          const hi = Math.max(lo, Math.min(j1, jHi));
          const dst = (pieces[e] * C + c) * plane + ii * W + b - pw;
          const src = k * ldc + pieces[e + 4] - j0;
          for (let j = lo; j < hi; j++) dx[dst + j * sw] += tile[src + j];
        }
      }
    }
  }
}
