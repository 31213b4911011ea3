/**
 * The fast gemm path on one thread: C (M×N) = op(A)·op(B), or C += …, with the WebAssembly
 * SIMD kernel of wasm/gemm_kernel.ts and the blocked loops of gemm_panels.ts. Same contract as
 * `gemm` in gemm.ts, which checks the arguments and decides when this path pays off.
 *
 * A and B are packed straight from the caller's arrays; C is computed in tiles of at most
 * MB×NB in the kernel's memory (copied in first when accumulating) and copied back, so the
 * scratch memory stays bounded (about 10.8 MB) however large the product.
 *
 * The scratch memory is created once, at that largest size, and never grown. Growing a
 * WebAssembly memory detaches its old ArrayBuffer, and the first detach anywhere in a process
 * makes V8 drop an assumption ("no ArrayBuffer was ever detached") that its optimised code
 * relies on: from then on every typed-array access checks for detachment, and small-network
 * training ran ~20% slower here (498k → 394k samples/s for the tiny net of bench/, whatever
 * had caused the detach). The untouched part of the memory costs address space, not RAM:
 * Linux maps zero pages lazily. Repeated products allocate no typed arrays (the views used to
 * copy C are cached by length).
 */
import { NB, Operand, columnsFrom, multiplyPanels, panelDoubles, panelSpace, rowsFrom } from "./gemm_panels";
import { GemmKernel, instantiateGemmKernel } from "./wasm/gemm_kernel";

/** Rows of the tile of C held in scratch (its columns are gemm_panels' NB): ≤ 8 MB in all. */
const MB = 1024;

/** Pages of 64 KiB that hold the largest tile of C and the packed panels. */
const SCRATCH_PAGES = Math.ceil(((MB * NB + panelDoubles(NB, Infinity)) * 8) / 65536);

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
  const m = scratch();
  const k = kernel as GemmKernel;
  const mbMax = Math.min(MB, M), nbMax = Math.min(NB, N);
  const space = panelSpace(mbMax * nbMax, nbMax, K); // after the tile of C, which starts at 0
  const a: Operand = { data: A, base: 0, ld: transA ? M : K, trans: transA };
  const b: Operand = { data: B, base: 0, ld: transB ? K : N, trans: transB };

  for (let j0 = 0; j0 < N; j0 += NB) {
    const nb = Math.min(NB, N - j0);
    for (let i0 = 0; i0 < M; i0 += MB) {
      const mb = Math.min(MB, M - i0);
      const whole = nb === N; // the tile is mb full rows of C: one contiguous run
      if (accumulate) {
        if (whole && i0 === 0 && C.length === mb * N) prefixView(mb * N).set(C);
        else for (let i = 0; i < mb; i++) for (let j = 0, s = (i0 + i) * N + j0, d = i * nb; j < nb; j++) m[d + j] = C[s + j];
      }
      multiplyPanels(k, m, space, mb, nb, K, rowsFrom(a, i0), columnsFrom(b, j0), 0, nb, accumulate);
      if (whole) C.set(prefixView(mb * N), i0 * N);
      else for (let i = 0; i < mb; i++) for (let j = 0, d = (i0 + i) * N + j0, s = i * nb; j < nb; j++) C[d + j] = m[s + j];
    }
  }
}

/** The one-thread kernel and a view of its whole memory, for a caller that packs its own panels. */
export interface GemmScratch {
  kernel: GemmKernel;
  mem: Float64Array;
}

/**
 * The kernel and its memory for callers that pack their panels themselves (Conv2d's fast path,
 * lib/nn/conv2d_wasm.ts). The memory is the one gemmWasm uses, so it must not be held across a
 * call of `gemm`; its size is fixed (it never grows, see above). Throws like gemmWasm when
 * WebAssembly SIMD is unavailable.
 */
export function gemmWasmScratch(): GemmScratch {
  const m = scratch();
  return { kernel: kernel as GemmKernel, mem: m };
}

/** The fast path's WebAssembly memory (undefined before its first use): for the tests that it never grows. */
export function gemmWasmScratchBuffer(): ArrayBuffer | undefined {
  return kernel?.memory.buffer;
}
