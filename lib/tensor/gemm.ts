/**
 * General matrix multiply on row-major Float64Arrays: C (M×N) = op(A) · op(B), or C += … .
 *
 * op(A) is M×K: A itself (M×K) or, with `transA`, the transpose of a K×M A; likewise op(B) is
 * K×N. Two implementations give the same numbers (to rounding; tested to relError < 1e-12
 * against `gemmReference`, the plain triple loop kept for reading):
 *
 * - "js", this file: the three forms a linear layer needs (x·Wᵀ in fprop, dy·W and dyᵀ·x in
 *   bprop) are each a loop order in which the innermost loop walks contiguous memory, and each
 *   works on a small block (four rows of C times two k, or a 2×4 block of dot products) held in
 *   local variables, so that every value loaded from memory serves several multiply-adds. About
 *   2–3 GFLOP/s; nothing to set up, so it is the fastest for small products.
 * - "wasm", gemm_wasm.ts: packed panels and a WebAssembly SIMD micro-kernel, 5–7× faster on
 *   large products (about 17 GFLOP/s at 1024×1024 against 2.5 on a 2-core AMD EPYC, node 20),
 *   but with a fixed cost per call (copying A, B and C into its memory).
 *
 *   Large products on the "wasm" path are shared between threads (gemm_threads.ts; one per
 *   core by default, `setGemmThreads`/GRADLAB_THREADS), with the same numbers bit for bit.
 *
 * By default ("auto") `gemmPath` picks per call: the crossover was measured with
 * lib/tensor/wasm/gemm_speed.ts (see `WASM_MIN_WORK`). `setGemmBackend` or the environment
 * variable GRADLAB_GEMM=js|wasm|auto forces a path (for tests and benchmarks).
 */
import { gemmParallel } from "./gemm_threads";
import { GemmScratch, gemmWasm, gemmWasmScratch } from "./gemm_wasm";

export type GemmBackend = "js" | "wasm" | "auto";
const BACKENDS: readonly GemmBackend[] = ["js", "wasm", "auto"];

function parseBackend(value: string, where: string): GemmBackend {
  if (!(BACKENDS as readonly string[]).includes(value)) {
    throw new Error(`${where}: unknown gemm backend ${JSON.stringify(value)}, expected one of "js", "wasm", "auto"`);
  }
  return value as GemmBackend;
}

let backend: GemmBackend = parseBackend(process.env.GRADLAB_GEMM ?? "auto", "GRADLAB_GEMM");
/** Set when WebAssembly (with SIMD) is unavailable here: "auto" then stays on the JS path. */
let wasmBroken: Error | undefined;

/** Forces the JS or the WebAssembly path for every following product, or goes back to "auto". */
export function setGemmBackend(b: GemmBackend): void {
  backend = parseBackend(b, "setGemmBackend");
}

/** The backend set by `setGemmBackend` (or GRADLAB_GEMM); "auto" unless forced. */
export function getGemmBackend(): GemmBackend {
  return backend;
}

/**
 * "auto" uses WebAssembly when the product has at least WASM_MIN_WORK multiply-adds (M·N·K)
 * and op(A) has at least WASM_MIN_WIDTH rows and op(B) as many columns (the kernel's unit is a
 * 4×4 block of C; thinner products waste most of it). Measured with gemm_speed.ts (speed of
 * WebAssembly over JS): 1.0× at 8×8×8, 1.5× at 12×12×12, 2.4× at 16×16×16; for the tiny
 * 2-100-3 net at batch 32, 3.0× on 32×100×2 and 2.4× on 32×3×100 but 1.0–1.07× with N = 2; for
 * an MLP 784-256-10 at batch 128, 5.3–6.2× on its big products and 3–4.4× on the small ones.
 */
const WASM_MIN_WORK = 1024;
const WASM_MIN_WIDTH = 3;

/** Which path `gemm` takes for these sizes under the current backend setting. */
export function gemmPath(M: number, N: number, K: number): "js" | "wasm" {
  if (backend !== "auto") return backend;
  if (wasmBroken) return "js";
  return M * N * K >= WASM_MIN_WORK && M >= WASM_MIN_WIDTH && N >= WASM_MIN_WIDTH ? "wasm" : "js";
}

/**
 * The one-thread WebAssembly kernel and its memory (gemm_wasm.ts's `gemmWasmScratch`) for code
 * that packs its own panels, such as Conv2d; null where `gemm` itself would stay in JavaScript:
 * under the "js" backend, or where WebAssembly SIMD is unavailable (found out here as in `gemm`).
 */
export function gemmScratch(): GemmScratch | null {
  if (backend === "js" || wasmBroken) return null;
  try {
    return gemmWasmScratch();
  } catch (e) {
    if (backend === "wasm" || !(e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError)) throw e;
    wasmBroken = e;
    return null;
  }
}

/** How many rows of the shared dimension are processed per block (keeps a B panel in cache). */
const K_BLOCK = 128;

/**
 * C = op(A)·op(B) (C is M×N), or C += op(A)·op(B) with `accumulate`. A, B and C are read from
 * index 0 (pass a subarray for an offset); only the first M·N entries of C are written.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate = false,
): void {
  // A short array would read `undefined` and fill C with NaN silently; say so instead.
  if (!(M >= 0 && N >= 0 && K >= 0 && Number.isInteger(M) && Number.isInteger(N) && Number.isInteger(K))) {
    throw new Error(`gemm: sizes must be non-negative integers, got M=${M}, N=${N}, K=${K}`);
  }
  if (A.length < M * K || B.length < K * N || C.length < M * N) {
    throw new Error(
      `gemm: arrays too short for M=${M}, N=${N}, K=${K}: A has ${A.length} values (needs ${M * K}), ` +
        `B has ${B.length} (needs ${K * N}), C has ${C.length} (needs ${M * N})`,
    );
  }
  if (M === 0 || N === 0) return;
  if (K === 0) {
    if (!accumulate) C.fill(0, 0, M * N);
    return;
  }
  if (gemmPath(M, N, K) === "wasm") {
    try {
      if (gemmParallel(transA, transB, M, N, K, A, B, C, accumulate)) return;
      gemmWasm(transA, transB, M, N, K, A, B, C, accumulate);
      return;
    } catch (e) {
      // Under "auto", a runtime without WebAssembly SIMD falls back to JS for good, and a
      // product too big for the WebAssembly memory falls back once (gemmWasm fails before
      // writing to C in both cases).
      if (backend === "wasm") throw e;
      if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) wasmBroken = e;
      else if (!(e instanceof RangeError)) throw e;
    }
  }
  if (!accumulate) C.fill(0, 0, M * N);
  if (!transA && !transB) gemmNN(M, N, K, A, B, C);
  else if (!transA && transB) gemmNT(M, N, K, A, B, C);
  else if (transA && !transB) gemmTN(M, N, K, A, B, C);
  else {
    // Aᵀ·Bᵀ = (B·A)ᵀ: rare, so compute B·A into scratch and transpose it into C.
    const tmp = new Float64Array(M * N);
    gemmNN(N, M, K, B, A, tmp);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) C[i * N + j] += tmp[j * M + i];
  }
}

/** C += A·B with A M×K, B K×N: i-k-j order, a 4-row × 2-k block per pass over a row of C, K blocked. */
function gemmNN(M: number, N: number, K: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  for (let k0 = 0; k0 < K; k0 += K_BLOCK) {
    const k1 = Math.min(K, k0 + K_BLOCK);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const c0 = i * N, c1 = c0 + N, c2 = c1 + N, c3 = c2 + N;
      const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
      let k = k0;
      // Two rows of B per pass: each load and store of C then serves two multiply-adds.
      for (; k + 2 <= k1; k += 2) {
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        const y0 = A[a0 + k + 1], y1 = A[a1 + k + 1], y2 = A[a2 + k + 1], y3 = A[a3 + k + 1];
        const b = k * N, bn = b + N;
        for (let j = 0; j < N; j++) {
          const u = B[b + j], v = B[bn + j];
          C[c0 + j] += x0 * u + y0 * v;
          C[c1 + j] += x1 * u + y1 * v;
          C[c2 + j] += x2 * u + y2 * v;
          C[c3 + j] += x3 * u + y3 * v;
        }
      }
      for (; k < k1; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        const b = k * N;
        for (let j = 0; j < N; j++) {
          const bv = B[b + j];
          C[c0 + j] += x0 * bv;
          C[c1 + j] += x1 * bv;
          C[c2 + j] += x2 * bv;
          C[c3 + j] += x3 * bv;
        }
      }
    }
    for (; i < M; i++) {
      const c = i * N, a = i * K;
      for (let k = k0; k < k1; k++) {
        const x = A[a + k];
        const b = k * N;
        for (let j = 0; j < N; j++) C[c + j] += x * B[b + j];
      }
    }
  }
}

/** C += A·Bᵀ with A M×K, B N×K: dot products of contiguous rows, a 2×4 block of C at a time. */
function gemmNT(M: number, N: number, K: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  let i = 0;
  for (; i + 2 <= M; i += 2) {
    const a0 = i * K, a1 = a0 + K, c0 = i * N, c1 = c0 + N;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const b0 = j * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k];
        const y0 = B[b0 + k], y1 = B[b1 + k], y2 = B[b2 + k], y3 = B[b3 + k];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      C[c0 + j] += s00; C[c0 + j + 1] += s01; C[c0 + j + 2] += s02; C[c0 + j + 3] += s03;
      C[c1 + j] += s10; C[c1 + j + 1] += s11; C[c1 + j + 2] += s12; C[c1 + j + 3] += s13;
    }
    for (; j < N; j++) {
      const b = j * K;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) {
        s0 += A[a0 + k] * B[b + k];
        s1 += A[a1 + k] * B[b + k];
      }
      C[c0 + j] += s0;
      C[c1 + j] += s1;
    }
  }
  for (; i < M; i++) {
    const a = i * K, c = i * N;
    for (let j = 0; j < N; j++) {
      const b = j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a + k] * B[b + k];
      C[c + j] += s;
    }
  }
}

/** C += Aᵀ·B with A K×M, B K×N: k outer (two at a time), rows of C updated from two rows of B. */
function gemmTN(M: number, N: number, K: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  let k = 0;
  for (; k + 2 <= K; k += 2) {
    const a = k * M, an = a + M, b = k * N, bn = b + N;
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const x0 = A[a + i], x1 = A[a + i + 1], x2 = A[a + i + 2], x3 = A[a + i + 3];
      const y0 = A[an + i], y1 = A[an + i + 1], y2 = A[an + i + 2], y3 = A[an + i + 3];
      const c0 = i * N, c1 = c0 + N, c2 = c1 + N, c3 = c2 + N;
      for (let j = 0; j < N; j++) {
        const u = B[b + j], v = B[bn + j];
        C[c0 + j] += x0 * u + y0 * v;
        C[c1 + j] += x1 * u + y1 * v;
        C[c2 + j] += x2 * u + y2 * v;
        C[c3 + j] += x3 * u + y3 * v;
      }
    }
    for (; i < M; i++) {
      const x = A[a + i], y = A[an + i], c = i * N;
      for (let j = 0; j < N; j++) C[c + j] += x * B[b + j] + y * B[bn + j];
    }
  }
  for (; k < K; k++) {
    const a = k * M, b = k * N;
    for (let i = 0; i < M; i++) {
      const x = A[a + i], c = i * N;
      for (let j = 0; j < N; j++) C[c + j] += x * B[b + j];
    }
  }
}

/** The textbook triple loop, C = op(A)·op(B): the readable definition the fast kernels must match. */
export function gemmReference(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[k * M + i] : A[i * K + k];
        const b = transB ? B[j * K + k] : B[k * N + j];
        s += a * b;
      }
      C[i * N + j] = s;
    }
  }
  return C;
}
