/**
 * Conv2d's fast path: the three matrix products of im2col on gemm's WebAssembly SIMD kernel,
 * with all the data movement in WebAssembly too.
 *
 *   fprop:  Y = W X_col + b      [Cout, K]·[K, P] per image, written straight in y's layout
 *   dW:     dW += dY X_colᵀ      [Cout, P]·[P, K] per image, summed over the batch
 *   dx:     dX_col = Wᵀ dY       [K, Cout]·[Cout, P] per image, then col2im adds it onto dx
 *
 * Why not im2col + `gemm` (conv2d_columns.ts, still the path of the "js" backend): on MNIST-sized
 * layers most of the time went into moving data, not into multiplying. X_col was written as a
 * matrix, `gemm` copied it again into panels, and the product was copied into scratch, then into
 * a [Cout, N·P] matrix, then into y's [N, Cout, P] order; likewise for dY and dX_col in bprop;
 * and JavaScript moves a double in 1.5–2.5 ns where WebAssembly takes 0.6–0.8.
 *
 * Here a group of images is copied into the kernel's memory with one `set`; the packed panels
 * are gathered there by the kernel module's `gather` from tables computed once per layer shape
 * (conv2d_panels.ts); fprop's product lands in y's own layout (one image's Y [Cout, P] is
 * y[n]) on top of the bias, and goes back with one `set`; col2im is the table-driven
 * `scatterAdd`. Nothing of the size of X_col is kept between fprop and bprop: bprop gathers its
 * panels from x again, which costs what a copy of them would.
 *
 * The memory is gemm's (gemmWasmScratch), of fixed size; a group holds as many images as fit
 * (and at most `columnLimit`/(K·P), at least 1). A layer whose one image does not fit takes the
 * im2col + gemm path. Every element of Y, dW and dX_col receives its products in increasing order
 * of the shared dimension, as in gemm; the results match conv2dReference to rounding.
 */
import { KC } from "../tensor/gemm_panels";
import type { GemmScratch } from "../tensor/gemm_wasm";
import { ConvShape, ConvTables, convTables, packMatrix, roundUp4 } from "./conv2d_panels";

/** Doubles of the kernel's parking space for an edge block (4×4). */
const EDGE = 16;

/** Where everything goes in the kernel's memory, in doubles; per-image regions hold `group` images. */
interface Layout {
  group: number;
  tables: number;
  /** x, then y (fprop) or dy (bprop), then dx: `group` images each. */
  x: number;
  y: number;
  dx: number;
  /** Panels of one image and the product's scratch (see `layout`). */
  panels: number;
  end: number;
}

/** Ints of the tables for fprop (windows) and bprop (the other four), placed from 0 and shared by both. */
function tableInts(s: ConvShape): number {
  const { K, P, Cout } = s;
  const K4 = roundUp4(K), P4 = roundUp4(P), C4 = roundUp4(Cout);
  return Math.max(P4 * K, K4 * P + C4 * P + P4 * Cout + K * P);
}

/** Doubles of one image's panels and product scratch, the larger of fprop's and bprop's. */
function panelDoubles(s: ConvShape): number {
  const { K, P, Cout } = s;
  const K4 = roundUp4(K), P4 = roundUp4(P), C4 = roundUp4(Cout);
  const forward = C4 * K + P4 * K; // W panels, X_col panels
  const backward = C4 * K4 + K4 * Cout + K4 * P + C4 * P + P4 * Cout + K4 * P + Cout; // dW, Wᵀ, X_colᵀ, dY (two ways), dX_col, db
  return Math.max(forward, backward) + EDGE;
}

/**
 * Images per group for this shape in `capacity` doubles: as many as fit (at most
 * columnLimit/(K·P), but at least 1); 0 when not even one image fits. Independent of the batch
 * size N, so batches of changing size (the last one of an epoch) keep the same layer state.
 */
export function imagesPerGroup(s: ConvShape, capacity: number, columnLimit: number): number {
  const fixed = Math.ceil(tableInts(s) / 2) + panelDoubles(s);
  const perImage = 2 * s.C * s.H * s.W + s.Cout * s.P;
  const fit = Math.floor((capacity - fixed) / perImage);
  if (fit < 1) return 0;
  return Math.max(1, Math.min(fit, Math.floor(columnLimit / (s.K * s.P))));
}

function layout(s: ConvShape, group: number): Layout {
  const tables = 0;
  const x = Math.ceil(tableInts(s) / 2);
  const y = x + group * s.C * s.H * s.W;
  const dx = y + group * s.Cout * s.P;
  const panels = dx + group * s.C * s.H * s.W;
  return { group, tables, x, y, dx, panels, end: panels + panelDoubles(s) };
}

/** The three products for one layer, with its tables (per shape) and views of the kernel's memory. */
export class WasmConv {
  private tablesKey = "";
  private tables: ConvTables | null = null;
  private readonly ints: Int32Array;
  /** Views of parts of the memory, by offset and length, so copying out allocates nothing after the first call. */
  private readonly views = new Map<string, Float64Array>();

  /** `group`: images per group, from `imagesPerGroup`. */
  constructor(private readonly scratch: GemmScratch, readonly group: number) {
    this.ints = new Int32Array(scratch.mem.buffer);
  }

  private tablesFor(s: ConvShape): ConvTables {
    const key = [s.C, s.H, s.W, s.Cout, s.kH, s.kW, s.sh, s.sw, s.ph, s.pw].join();
    if (this.tables === null || key !== this.tablesKey) {
      this.tables = convTables(s);
      this.tablesKey = key;
    }
    return this.tables;
  }

  private view(offset: number, length: number): Float64Array {
    const key = `${offset},${length}`;
    let v = this.views.get(key);
    if (!v) {
      if (this.views.size >= 16) this.views.clear();
      v = new Float64Array(this.scratch.mem.buffer, offset * 8, length);
      this.views.set(key, v);
    }
    return v;
  }

  /** Copies images n0 … n0 + g − 1 of a batch (`per` doubles each) into the memory at `at`. */
  private copyIn(data: Float64Array, n0: number, g: number, per: number, at: number, N: number): void {
    this.scratch.mem.set(g === N ? data : data.subarray(n0 * per, (n0 + g) * per), at);
  }

  /** y [N, Cout, P] = W X_col + b (W [Cout, K], b [Cout] or null). */
  forward(x: Float64Array, W: Float64Array, b: Float64Array | null, s: ConvShape, y: Float64Array): void {
    const { kernel, mem } = this.scratch;
    const { N, C, H, W: Wd, K, Cout, P } = s;
    const L = layout(s, this.group);
    const P4 = roundUp4(P), C4 = roundUp4(Cout);
    const plane = C * H * Wd, out = Cout * P;
    // Memory: the table, then per group x and Y, then W's panels (each k block) and one image's X_col panels.
    const aw = L.panels, bx = aw + C4 * K, edge = bx + P4 * K;
    this.ints.set(this.tablesFor(s).windows, L.tables * 2);
    for (let k0 = 0; k0 < K; k0 += KC) packMatrix(W, k0, K, 1, Cout, Math.min(KC, K - k0), mem, aw + C4 * k0);
    for (let n0 = 0; n0 < N; n0 += L.group) {
      const g = Math.min(L.group, N - n0);
      this.copyIn(x, n0, g, plane, L.x, N);
      for (let t = 0; t < g; t++) {
        const yt = L.y + t * out;
        for (let o = 0; o < Cout; o++) mem.fill(b ? b[o] : 0, yt + o * P, yt + (o + 1) * P);
        kernel.gather(bx * 8, (L.x + t * plane) * 8, L.tables * 8, P4 * K);
        for (let k0 = 0; k0 < K; k0 += KC) {
          kernel.macro((aw + C4 * k0) * 8, (bx + P4 * k0) * 8, yt * 8, Cout, P, Math.min(KC, K - k0), P * 8, 1, edge * 8);
        }
      }
      y.set(this.view(L.y, g * out), n0 * out);
    }
  }

  /**
   * dW += dY X_colᵀ (dW [Cout, K]), db += the sums of dY's rows (unless db is null) and, unless `dx`
   * is null, dx = col2im(Wᵀ dY) (dx is overwritten).
   */
  backward(
    x: Float64Array, W: Float64Array, dy: Float64Array, s: ConvShape,
    dW: Float64Array, db: Float64Array | null, dx: Float64Array | null,
  ): void {
    const { kernel, mem } = this.scratch;
    const { N, C, H, W: Wd, K, Cout, P } = s;
    const L = layout(s, this.group);
    const K4 = roundUp4(K), P4 = roundUp4(P), C4 = roundUp4(Cout);
    const plane = C * H * Wd, out = Cout * P;
    const tables = this.tablesFor(s);
    // Tables: X_colᵀ, dY as A, dY as B, col2im; then per group x, dy, dx; then dW's sums, Wᵀ's
    // panels, one image's panels of X_colᵀ, dY (twice) and its dX_col [K4, P], and db's sums.
    const tWindowsT = L.tables * 2, tGradient = tWindowsT + K4 * P, tGradientT = tGradient + C4 * P, tCol2im = tGradientT + P4 * Cout;
    this.ints.set(tables.windowsT, tWindowsT);
    this.ints.set(tables.gradient, tGradient);
    this.ints.set(tables.gradientT, tGradientT);
    this.ints.set(tables.col2im, tCol2im);
    const sums = L.panels, awt = sums + C4 * K4, bxt = awt + K4 * Cout, ady = bxt + K4 * P, bdy = ady + C4 * P;
    const dcols = bdy + P4 * Cout, biasSums = dcols + K4 * P, edge = biasSums + Cout;
    mem.fill(0, sums, sums + C4 * K4);
    mem.fill(0, biasSums, biasSums + Cout);
    if (dx) for (let o0 = 0; o0 < Cout; o0 += KC) packMatrix(W, o0 * K, 1, K, K, Math.min(KC, Cout - o0), mem, awt + K4 * o0);
    for (let n0 = 0; n0 < N; n0 += L.group) {
      const g = Math.min(L.group, N - n0);
      this.copyIn(x, n0, g, plane, L.x, N);
      this.copyIn(dy, n0, g, out, L.y, N);
      if (dx) mem.fill(0, L.dx, L.dx + g * plane);
      for (let t = 0; t < g; t++) {
        const xt = (L.x + t * plane) * 8, dyt = (L.y + t * out) * 8;
        // dW: rows and columns padded to multiples of 4 (the padding is zeros), so no edge blocks.
        kernel.gather(bxt * 8, xt, tWindowsT * 4, K4 * P);
        kernel.gather(ady * 8, dyt, tGradient * 4, C4 * P);
        for (let q0 = 0; q0 < P; q0 += KC) {
          kernel.macro((ady + C4 * q0) * 8, (bxt + K4 * q0) * 8, sums * 8, C4, K4, Math.min(KC, P - q0), K4 * 8, 1, edge * 8);
        }
        if (db) kernel.addRowSums(biasSums * 8, dyt, Cout, P);
        if (!dx) continue;
        kernel.gather(bdy * 8, dyt, tGradientT * 4, P4 * Cout);
        for (let o0 = 0; o0 < Cout; o0 += KC) {
          kernel.macro((awt + K4 * o0) * 8, (bdy + P4 * o0) * 8, dcols * 8, K4, P, Math.min(KC, Cout - o0), P * 8, o0 > 0 ? 1 : 0, edge * 8);
        }
        kernel.scatterAdd((L.dx + t * plane) * 8, dcols * 8, tCol2im * 4, K * P);
      }
      if (dx) dx.set(this.view(L.dx, g * plane), n0 * plane);
    }
    for (let o = 0; o < Cout; o++) for (let k = 0; k < K; k++) dW[o * K + k] += mem[sums + o * K4 + k];
    if (db) for (let o = 0; o < Cout; o++) db[o] += mem[biasSums + o];
  }
}
