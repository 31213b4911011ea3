import { Rng, gemm, gemmReference, relError, setGemmBackend } from "gradlab";
import { gemmWasmScratchBuffer } from "./gemm_wasm";

// Every product here goes through the WebAssembly path, and is compared with the plain triple
// loop `gemmReference`. Sizes cross every edge of the blocking: the 4×4 micro-block (1, 3, 5,
// 7, 17, 33, 129, 257 are all odd), KC = 256 steps of k (K = 300, 513), MC = 128 rows of A
// (M = 129, 257), and the 1024×1024 tile of C (M or N = 1030).
beforeAll(() => setGemmBackend("wasm"));
afterAll(() => setGemmBackend("auto"));

const rng = new Rng(7);
const pool = new Float64Array(1 << 16).map(() => rng.normal());
let offset = 0;
/** Normal values cut from one pool at moving offsets (fresh normals for every product would dominate the time). */
const randomArray = (n: number): Float64Array => {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = pool[(offset + i) & 0xffff];
  offset = (offset + 7919) & 0xffff;
  return a;
};
const FORMS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

/** Worst relError over C = op(A)op(B) and C0 + op(A)op(B) against the reference. */
function worstError(transA: boolean, transB: boolean, M: number, N: number, K: number): number {
  const A = randomArray(M * K);
  const B = randomArray(K * N);
  const ref = gemmReference(transA, transB, M, N, K, A, B);
  const C = randomArray(M * N); // stale values must be overwritten
  gemm(transA, transB, M, N, K, A, B, C);
  const C0 = randomArray(M * N);
  const acc = C0.slice();
  gemm(transA, transB, M, N, K, A, B, acc, true);
  return Math.max(relError(C, ref), relError(acc, C0.map((c, i) => c + ref[i])));
}

describe("gemm, WebAssembly path, against gemmReference (relError < 1e-12)", () => {
  test("hand-worked 2×3 · 3×2 in all four forms, overwrite and accumulate", () => {
    // A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]], A·B = [[58,64],[139,154]].
    const A = [1, 2, 3, 4, 5, 6], At = [1, 4, 2, 5, 3, 6];
    const B = [7, 8, 9, 10, 11, 12], Bt = [7, 9, 11, 8, 10, 12];
    for (const [transA, transB] of FORMS) {
      const C = Float64Array.from([-1, -1, -1, -1, 99]);
      gemm(transA, transB, 2, 2, 3, Float64Array.from(transA ? At : A), Float64Array.from(transB ? Bt : B), C);
      expect(Array.from(C)).toEqual([58, 64, 139, 154, 99]);
      gemm(transA, transB, 2, 2, 3, Float64Array.from(transA ? At : A), Float64Array.from(transB ? Bt : B), C, true);
      expect(Array.from(C)).toEqual([116, 128, 278, 308, 99]); // the fifth value is not C's
    }
  });

  test.each(FORMS)("every M, N, K in {1, 3, 5, 7, 17, 33}, transA=%s transB=%s", (transA, transB) => {
    const sizes = [1, 3, 5, 7, 17, 33];
    let worst = 0;
    for (const M of sizes) for (const N of sizes) for (const K of sizes) worst = Math.max(worst, worstError(transA, transB, M, N, K));
    expect(worst).toBeLessThan(1e-12);
  });

  test.each(FORMS)("129 and 257 against odd and blocked sizes, transA=%s transB=%s", (transA, transB) => {
    const shapes: [number, number, number][] = [
      [129, 7, 257],
      [5, 257, 129],
      [257, 129, 33],
      [33, 17, 513], // three blocks of k, the last one short
      [257, 3, 300],
      [1030, 5, 9], // two tiles of rows of C
      [3, 1030, 300], // two tiles of columns, two blocks of k
      [1, 1, 1000],
      [1000, 1, 1],
    ];
    let worst = 0;
    for (const [M, N, K] of shapes) worst = Math.max(worst, worstError(transA, transB, M, N, K));
    expect(worst).toBeLessThan(1e-12);
  });

  test.each(FORMS)("inputs and output are subarrays at odd offsets; nothing around them changes, transA=%s transB=%s", (transA, transB) => {
    const [M, N, K] = [37, 21, 45];
    const bufA = randomArray(M * K + 20), bufB = randomArray(K * N + 20), bufC = randomArray(M * N + 20);
    const A = bufA.subarray(13, 13 + M * K), B = bufB.subarray(5, 5 + K * N), C = bufC.subarray(7, 7 + M * N);
    const ref = gemmReference(transA, transB, M, N, K, A, B);
    const before = bufC.slice();
    const [A0, B0] = [bufA.slice(), bufB.slice()];
    gemm(transA, transB, M, N, K, A, B, C, true);
    expect(relError(C, Float64Array.from(ref, (r, i) => r + before[7 + i]))).toBeLessThan(1e-12);
    gemm(transA, transB, M, N, K, A, B, C);
    expect(relError(C, ref)).toBeLessThan(1e-12);
    expect(Array.from(bufC.subarray(0, 7))).toEqual(Array.from(before.subarray(0, 7)));
    expect(Array.from(bufC.subarray(7 + M * N))).toEqual(Array.from(before.subarray(7 + M * N)));
    expect(bufA).toEqual(A0); // inputs untouched
    expect(bufB).toEqual(B0);
  });

  test("a C longer than M·N (and not a subarray): only the first M·N entries change", () => {
    const [M, N, K] = [9, 8, 10];
    const A = randomArray(M * K), B = randomArray(K * N);
    const C = new Float64Array(M * N + 5).fill(3);
    gemm(false, false, M, N, K, A, B, C, true);
    const ref = gemmReference(false, false, M, N, K, A, B);
    expect(relError(C.subarray(0, M * N), ref.map((r) => r + 3))).toBeLessThan(1e-12);
    expect(Array.from(C.subarray(M * N))).toEqual([3, 3, 3, 3, 3]);
  });

  test("NaN and Inf stay in their row and column, as in the reference (padding does not leak)", () => {
    const [M, N, K] = [6, 7, 5]; // edge blocks in both directions
    const A = randomArray(M * K), B = randomArray(K * N);
    A[5 * K + 2] = NaN; // row 5 of A, the edge block
    B[1 * N + 6] = Infinity; // column 6 of B, the edge block
    const C = new Float64Array(M * N);
    gemm(false, false, M, N, K, A, B, C);
    const ref = gemmReference(false, false, M, N, K, A, B);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        const [c, r] = [C[i * N + j], ref[i * N + j]];
        if (i === 5) expect(c).toBeNaN();
        else if (j === 6) expect(c).toBe(r); // ±Infinity with the reference's sign
        else expect(Math.abs(c - r)).toBeLessThan(1e-12 * (Math.abs(c) + Math.abs(r)) + 1e-300);
      }
    }
    expect(ref[0 * N + 6]).toBe(A[0 * K + 1] > 0 ? Infinity : -Infinity);
  });
});

describe("gemm, WebAssembly path: memory", () => {
  test("the memory is made once and never grows, so no ArrayBuffer is ever detached", () => {
    const run = (M: number, N: number, K: number): void => gemm(false, true, M, N, K, randomArray(M * K), randomArray(K * N), new Float64Array(M * N));
    run(64, 48, 80);
    const buffer = gemmWasmScratchBuffer();
    expect(buffer).toBeDefined();
    const bytes = (buffer as ArrayBuffer).byteLength;
    // Big enough for a whole 1024×1024 tile of C and the packed panels; a growth would detach
    // `buffer` (its byteLength would become 0) and slow all typed-array code in the process.
    expect(bytes).toBeGreaterThanOrEqual(1024 * 1024 * 8);
    run(2000, 1100, 300); // several tiles in both directions and two blocks of k
    run(20000, 4, 4);
    expect(gemmWasmScratchBuffer()).toBe(buffer);
    expect((buffer as ArrayBuffer).byteLength).toBe(bytes);
  });
});
