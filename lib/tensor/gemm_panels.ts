/**
 * The blocked loops of the WebAssembly gemm, shared by the one-thread path (gemm_wasm.ts,
 * which reads A and B from ordinary arrays) and by the threads of gemm_threads.ts (which read
 * them from a shared memory): packing op(A) and op(B) into panels, and driving the kernel.
 *
 * The classic Goto/BLIS scheme:
 *
 *   for each block of NB columns of C:
 *     for each block of KC steps of k:
 *       pack op(B)[k block, the columns]         into panels of NR columns   (L3)
 *       for each MC rows of C:
 *         pack op(A)[rows, k block]              into panels of MR rows      (L2)
 *         kernel: C rows (+)= packed A · packed B                            (B panel in L1)
 *
 * Packing reads A and B in whatever order they are stored, so the transposes cost nothing
 * extra and the kernel only ever reads contiguous memory; it is O(MK + KN) copies against
 * O(MNK) multiply-adds. Panels are padded with zero rows/columns up to MR and NR; the kernel
 * writes only the valid part of an edge block of C.
 *
 * Every element of C receives its products in the same order of k (block after block), so
 * any split of C into parts, computed by any thread, gives the same bits as the whole product.
 */
import { GemmKernel, MR, NR } from "./wasm/gemm_kernel";

/** Steps of k per packed block: a KC×NR panel of B (8 KB) stays in L1 next to an A panel. */
export const KC = 256;
/** Rows per packed block of A: MC×KC doubles (256 KB) stay in L2 while all B panels pass. */
export const MC = 128;
/** Columns of C per packed block of B (KC×NB doubles, 2 MB: L3). */
export const NB = 1024;

if (MR !== 4 || NR !== 4) throw new Error("gemm_panels: the packing loops below are written for 4×4 micro-blocks");

/**
 * A matrix operand stored row-major in `data` from index `base`, with `ld` values between the
 * starts of consecutive stored rows (the leading dimension), used as is or transposed.
 */
export interface Operand {
  data: Float64Array;
  base: number;
  ld: number;
  trans: boolean;
}

/** Where the packed panels go, in doubles from the start of the kernel's memory. */
export interface PanelSpace {
  /** Packed B: KC·(NB + NR − 1) doubles at most. */
  b: number;
  /** Packed A: (MC + MR − 1)·KC doubles at most. */
  a: number;
  /** MR·NR doubles where the kernel parks an edge block. */
  edge: number;
}

/** Doubles a PanelSpace needs for products with at most `n` columns of C and `k` steps of k. */
export function panelDoubles(n: number, k: number): number {
  const nb = Math.min(NB, n), kc = Math.min(KC, k);
  return kc * (nb + NR - 1) + (MC + MR - 1) * kc + MR * NR;
}

/** Consecutive panel regions from double `start`, for products with at most `n` columns and `k` steps. */
export function panelSpace(start: number, n: number, k: number): PanelSpace {
  const nb = Math.min(NB, n), kc = Math.min(KC, k);
  const b = start;
  const a = b + kc * (nb + NR - 1);
  return { b, a, edge: a + (MC + MR - 1) * kc };
}

/** op(A) from row i0 on (rows of C), as an operand of its own. */
export function rowsFrom(A: Operand, i0: number): Operand {
  return { data: A.data, base: A.base + (A.trans ? i0 : i0 * A.ld), ld: A.ld, trans: A.trans };
}

/** op(B) from column j0 on (columns of C), as an operand of its own. */
export function columnsFrom(B: Operand, j0: number): Operand {
  return { data: B.data, base: B.base + (B.trans ? j0 * B.ld : j0), ld: B.ld, trans: B.trans };
}

/**
 * Packs rows p0 … p0+pn−1, steps k0 … k0+kc−1 of a matrix X whose element (p, k) is
 * X[base + p·ps + k] (each row contiguous along k: A as stored, or a transposed B) into panels
 * of 4 rows: element (p0 + 4t + r, k0 + k) goes to dst[out + 4t·kc + 4k + r]; missing rows of
 * the last panel are 0.
 */
function packRows(X: Float64Array, base: number, ps: number, p0: number, pn: number, k0: number, kc: number, dst: Float64Array, out: number): void {
  let d = out;
  let p = 0;
  for (; p + 4 <= pn; p += 4) {
    const s0 = base + (p0 + p) * ps + k0, s1 = s0 + ps, s2 = s1 + ps, s3 = s2 + ps;
    for (let k = 0; k < kc; k++, d += 4) {
      dst[d] = X[s0 + k];
      dst[d + 1] = X[s1 + k];
      dst[d + 2] = X[s2 + k];
      dst[d + 3] = X[s3 + k];
    }
  }
  if (p < pn) {
    for (let r = 0; r < 4; r++) {
      const s = base + (p0 + p + r) * ps + k0;
      if (p + r < pn) for (let k = 0; k < kc; k++) dst[d + 4 * k + r] = X[s + k];
      else for (let k = 0; k < kc; k++) dst[d + 4 * k + r] = 0;
    }
  }
}

/**
 * The same panels from a matrix whose element (p, k) is X[base + p + k·ks] (contiguous along p:
 * B as stored, or a transposed A): one step of k at a time, four values per panel.
 */
function packColumns(X: Float64Array, base: number, ks: number, p0: number, pn: number, k0: number, kc: number, dst: Float64Array, out: number): void {
  const full = pn - (pn % 4), step = 4 * kc;
  for (let k = 0; k < kc; k++) {
    const s = base + (k0 + k) * ks + p0;
    let d = out + 4 * k;
    let p = 0;
    for (; p < full; p += 4, d += step) {
      dst[d] = X[s + p];
      dst[d + 1] = X[s + p + 1];
      dst[d + 2] = X[s + p + 2];
      dst[d + 3] = X[s + p + 3];
    }
    if (p < pn) for (let r = 0; r < 4; r++) dst[d + r] = p + r < pn ? X[s + p + r] : 0;
  }
}

/**
 * C (M×N) = op(A)·op(B), or C += … with `accumulate`, where C lives in the kernel's memory at
 * double `c` with `ldc` doubles per row; `mem` views that memory and `space` says where the
 * panels go in it. M, N, K ≥ 1.
 */
export function multiplyPanels(
  kernel: GemmKernel,
  mem: Float64Array,
  space: PanelSpace,
  M: number,
  N: number,
  K: number,
  A: Operand,
  B: Operand,
  c: number,
  ldc: number,
  accumulate: boolean,
): void {
  for (let j0 = 0; j0 < N; j0 += NB) {
    const nb = Math.min(NB, N - j0);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0);
      // op(B)[k, j] is B[k·ld + j], or B[j·ld + k] when transposed.
      if (B.trans) packRows(B.data, B.base, B.ld, j0, nb, k0, kc, mem, space.b);
      else packColumns(B.data, B.base, B.ld, j0, nb, k0, kc, mem, space.b);
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = Math.min(MC, M - i0);
        // op(A)[i, k] is A[i·ld + k], or A[k·ld + i] when transposed.
        if (A.trans) packColumns(A.data, A.base, A.ld, i0, mc, k0, kc, mem, space.a);
        else packRows(A.data, A.base, A.ld, i0, mc, k0, kc, mem, space.a);
        const add = accumulate || k0 > 0 ? 1 : 0;
        kernel.macro(space.a * 8, space.b * 8, (c + i0 * ldc + j0) * 8, mc, nb, kc, ldc * 8, add, space.edge * 8);
      }
    }
  }
}
