/**
 * The fast gemm path: C (M×N) = op(A)·op(B), or C += …, with the WebAssembly SIMD kernel of
 * wasm/gemm_kernel.ts. Same contract as `gemm` in gemm.ts, which checks the arguments and
 * decides when this path pays off (see there).
 *
 * The classic Goto/BLIS scheme, single-threaded, in blocks so that the scratch memory stays
 * bounded (about 10 MB however large the product):
 *
 *   for each tile of C of MB×NB:                 copied into scratch (or overwritten)
 *     for each block of KC steps of k:
 *       pack op(B)[k block, tile columns]        into panels of NR columns   (L3)
 *       for each MC rows of the tile:
 *         pack op(A)[rows, k block]              into panels of MR rows      (L2)
 *         kernel: tile rows (+)= packed A · packed B                         (B panel in L1)
 *     copy the tile back into C
 *
 * Packing reads A and B in whatever order they are stored, so the transposes cost nothing
 * extra and the kernel only ever reads contiguous memory; it is O(MK + KN) copies against
 * O(MNK) multiply-adds. Panels are padded with zero rows/columns up to MR and NR; the kernel
 * writes only the valid part of an edge block of C.
 *
 * The scratch memory is created once, at its largest size (the tile of C plus the packed
 * panels, about 10.8 MB), and never grown. Growing a WebAssembly memory detaches its old
 * ArrayBuffer, and the first detach anywhere in a process makes V8 drop an assumption
 * ("no ArrayBuffer was ever detached") that its optimised code relies on: from then on every
 * typed-array access checks for detachment, and small-network training ran ~20% slower here
 * (498k → 394k samples/s for the tiny net of bench/, whatever had caused the detach). The
 * untouched part of the memory costs address space, not RAM: Linux maps zero pages lazily.
 * Repeated products allocate nothing (the views used to copy C are cached by length).
 */
import { GemmKernel, MR, NR, instantiateGemmKernel } from "./wasm/gemm_kernel";

/** Steps of k per packed block: a KC×NR panel of B (8 KB) stays in L1 next to an A panel. */
const KC = 256;
/** Rows per packed block of A: MC×KC doubles (256 KB) stay in L2 while all B panels pass. */
const MC = 128;
/** Rows and columns of the tile of C held in scratch (≤ 8 MB), which bounds the memory used. */
const MB = 1024;
const NB = 1024;

if (MR !== 4 || NR !== 4) throw new Error("gemm_wasm: the packing loops below are written for 4×4 micro-blocks");

/** Offsets in doubles of the parts of the scratch memory for a product of at most mb×nb tiles and kc steps. */
function scratchLayout(mb: number, nb: number, kc: number): { bOff: number; aOff: number; tmpOff: number; end: number } {
  // The C tile (row stride = its width), packed B, packed A, a 4×4 spare for edge blocks.
  const bOff = mb * nb;
  const aOff = bOff + kc * (nb + NR - 1);
  const tmpOff = aOff + (Math.min(MC, mb) + MR - 1) * kc;
  return { bOff, aOff, tmpOff, end: tmpOff + MR * NR };
}

/** Pages of 64 KiB that hold the scratch of the largest product's tiles. */
const SCRATCH_PAGES = Math.ceil((scratchLayout(MB, NB, KC).end * 8) / 65536);

let kernel: GemmKernel | undefined;
let mem = new Float64Array(0); // view of the kernel's memory, made once
/** Views of the first `length` doubles of the memory (the C tile), by length: copying C in and out then allocates nothing. */
const prefixViews = new Map<number, Float64Array>();

/** Compiles the kernel and its memory on first use; returns a view of the whole memory. */
function scratch(): Float64Array {
  if (!kernel) {
    kernel = instantiateGemmKernel(SCRATCH_PAGES);
    mem = new Float64Array(kernel.memory.buffer);
  }
  return mem;
}

function prefixView(length: number): Float64Array {
  let view = prefixViews.get(length);
  if (!view) {
    if (prefixViews.size >= 64) prefixViews.clear(); // many different sizes: keep the cache small
    view = new Float64Array(mem.buffer, 0, length);
    prefixViews.set(length, view);
  }
  return view;
}

/**
 * Packs rows p0 … p0+pn−1, steps k0 … k0+kc−1 of a matrix X whose element (p, k) is X[p·ps + k]
 * (each row contiguous along k: A as stored, or a transposed B) into panels of 4 rows: element
 * (p0 + 4t + r, k0 + k) goes to dst[out + 4t·kc + 4k + r]; missing rows of the last panel are 0.
 */
function packRows(X: Float64Array, ps: number, p0: number, pn: number, k0: number, kc: number, dst: Float64Array, out: number): void {
  let d = out;
  let p = 0;
  for (; p + 4 <= pn; p += 4) {
    const s0 = (p0 + p) * ps + k0, s1 = s0 + ps, s2 = s1 + ps, s3 = s2 + ps;
    for (let k = 0; k < kc; k++, d += 4) {
      dst[d] = X[s0 + k];
      dst[d + 1] = X[s1 + k];
      dst[d + 2] = X[s2 + k];
      dst[d + 3] = X[s3 + k];
    }
  }
  if (p < pn) {
    for (let r = 0; r < 4; r++) {
      const s = (p0 + p + r) * ps + k0;
      if (p + r < pn) for (let k = 0; k < kc; k++) dst[d + 4 * k + r] = X[s + k];
      else for (let k = 0; k < kc; k++) dst[d + 4 * k + r] = 0;
    }
  }
}

/**
 * The same panels from a matrix whose element (p, k) is X[p + k·ks] (contiguous along p: B as
 * stored, or a transposed A): one step of k at a time, four values per panel.
 */
function packColumns(X: Float64Array, ks: number, p0: number, pn: number, k0: number, kc: number, dst: Float64Array, out: number): void {
  const full = pn - (pn % 4), step = 4 * kc;
  for (let k = 0; k < kc; k++) {
    const s = (k0 + k) * ks + p0;
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

/** C = op(A)·op(B), or C += … with `accumulate`. Arguments already checked by `gemm`; M, N, K ≥ 1. */
export function gemmWasm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate: boolean,
): void {
  const { bOff, aOff, tmpOff } = scratchLayout(Math.min(MB, M), Math.min(NB, N), Math.min(KC, K));
  const m = scratch();
  const k = kernel as GemmKernel;

  for (let j0 = 0; j0 < N; j0 += NB) {
    const nb = Math.min(NB, N - j0);
    for (let i0 = 0; i0 < M; i0 += MB) {
      const mb = Math.min(MB, M - i0);
      const whole = nb === N; // the tile is mb full rows of C: one contiguous run
      if (accumulate) {
        if (whole && i0 === 0 && C.length === mb * N) prefixView(mb * N).set(C);
        else for (let i = 0; i < mb; i++) for (let j = 0, s = (i0 + i) * N + j0, d = i * nb; j < nb; j++) m[d + j] = C[s + j];
      }
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = Math.min(KC, K - k0);
        // op(B)[k, j] is B[k·N + j], or B[j·K + k] when transposed.
        if (transB) packRows(B, K, j0, nb, k0, kc, m, bOff);
        else packColumns(B, N, j0, nb, k0, kc, m, bOff);
        for (let i1 = 0; i1 < mb; i1 += MC) {
          const mc = Math.min(MC, mb - i1);
          // op(A)[i, k] is A[i·K + k], or A[k·M + i] when transposed.
          if (transA) packColumns(A, M, i0 + i1, mc, k0, kc, m, aOff);
          else packRows(A, K, i0 + i1, mc, k0, kc, m, aOff);
          k.macro(aOff * 8, bOff * 8, i1 * nb * 8, mc, nb, kc, nb * 8, accumulate || k0 > 0 ? 1 : 0, tmpOff * 8);
        }
      }
      if (whole) C.set(prefixView(mb * N), i0 * N);
      else for (let i = 0; i < mb; i++) for (let j = 0, d = (i0 + i) * N + j0, s = i * nb; j < nb; j++) C[d + j] = m[s + j];
    }
  }
}

/** The fast path's WebAssembly memory (undefined before its first use): for the tests that it never grows. */
export function gemmWasmScratchBuffer(): ArrayBuffer | undefined {
  return kernel?.memory.buffer;
}
