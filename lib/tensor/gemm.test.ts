import { Rng, gemm, gemmReference, relError, setGemmBackend } from "gradlab";

// These tests are for the JavaScript kernels of gemm.ts: the WebAssembly path has its own
// (gemm_wasm.test.ts), and the automatic choice is tested in gemm_backend.test.ts.
beforeAll(() => setGemmBackend("js"));
afterAll(() => setGemmBackend("auto"));

// Random normal matrices cut from one pool at moving offsets (drawing fresh normals for every
// one of the ~1000 products would dominate the test's time).
const rng = new Rng(2024);
const pool = new Float64Array(60000).map(() => rng.normal());
let offset = 0;
const randomArray = (n: number): Float64Array => {
  if (offset + n > pool.length) offset = 0;
  const a = pool.slice(offset, offset + n);
  offset += 7919; // a prime stride, so successive arrays overlap at different shifts
  return a;
};
const TRANS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

describe("gemm: hand-worked 2×3 · 3×2", () => {
  // A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]], A·B = [[58,64],[139,154]].
  const A = [1, 2, 3, 4, 5, 6];
  const At = [1, 4, 2, 5, 3, 6]; // Aᵀ stored row-major (3×2)
  const B = [7, 8, 9, 10, 11, 12];
  const Bt = [7, 9, 11, 8, 10, 12]; // Bᵀ stored row-major (2×3)

  test.each(TRANS)("transA=%s transB=%s", (transA, transB) => {
    const a = Float64Array.from(transA ? At : A);
    const b = Float64Array.from(transB ? Bt : B);
    const C = new Float64Array([-1, -1, -1, -1]); // overwritten without accumulate
    gemm(transA, transB, 2, 2, 3, a, b, C);
    expect(Array.from(C)).toEqual([58, 64, 139, 154]);
    gemm(transA, transB, 2, 2, 3, a, b, C, true); // C += A·B
    expect(Array.from(C)).toEqual([116, 128, 278, 308]);
    expect(Array.from(gemmReference(transA, transB, 2, 2, 3, a, b))).toEqual([58, 64, 139, 154]);
    // Inputs are not modified.
    expect(Array.from(a)).toEqual(transA ? At : A);
    expect(Array.from(b)).toEqual(transB ? Bt : B);
  });
});

describe("gemm against gemmReference", () => {
  // Sizes that are not multiples of the 4-wide unrolling, and K beyond the 128-row block.
  const sizes = [1, 3, 5, 7, 130];

  test.each(TRANS)("every M, N, K in {1, 3, 5, 7, 130}, transA=%s transB=%s, with and without accumulate", (transA, transB) => {
    let worst = 0;
    for (const M of sizes) {
      for (const N of sizes) {
        for (const K of sizes) {
          const A = randomArray(M * K);
          const B = randomArray(K * N);
          const ref = gemmReference(transA, transB, M, N, K, A, B);

          const C = randomArray(M * N); // stale values must be overwritten
          gemm(transA, transB, M, N, K, A, B, C);
          worst = Math.max(worst, relError(C, ref));

          const C0 = randomArray(M * N);
          const acc = C0.slice();
          gemm(transA, transB, M, N, K, A, B, acc, true);
          const expected = C0.map((c, i) => c + ref[i]);
          worst = Math.max(worst, relError(acc, expected));
        }
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  test.each(TRANS)("K = 300 (two full blocks and a tail), 130×131, transA=%s transB=%s", (transA, transB) => {
    const [M, N, K] = [130, 131, 300];
    const A = randomArray(M * K);
    const B = randomArray(K * N);
    const C = new Float64Array(M * N);
    gemm(transA, transB, M, N, K, A, B, C);
    expect(relError(C, gemmReference(transA, transB, M, N, K, A, B))).toBeLessThan(1e-12);
  });

  test("gemmReference itself against a dot product written out", () => {
    const [M, N, K] = [3, 2, 4];
    const A = randomArray(M * K);
    const B = randomArray(K * N);
    const C = gemmReference(false, false, M, N, K, A, B);
    const c12 = A[1 * K + 0] * B[0 * N + 1] + A[1 * K + 1] * B[1 * N + 1] + A[1 * K + 2] * B[2 * N + 1] + A[1 * K + 3] * B[3 * N + 1];
    expect(C[1 * N + 1]).toBeCloseTo(c12, 14);
  });
});

describe("gemm: edges and errors", () => {
  test("only the first M·N entries of C are touched (C may be a larger buffer)", () => {
    const A = Float64Array.from([1, 2]);
    const B = Float64Array.from([3, 4]);
    const C = Float64Array.from([9, 9, 9, 9, 9, 9]);
    gemm(false, false, 2, 2, 1, A, B, C); // [[1],[2]]·[[3, 4]] = [[3, 4], [6, 8]]
    expect(Array.from(C)).toEqual([3, 4, 6, 8, 9, 9]);
  });

  test("K = 0 gives zeros, or leaves C unchanged when accumulating; M = 0 or N = 0 is a no-op", () => {
    const C = Float64Array.from([5, 5, 5, 5]);
    gemm(false, false, 2, 2, 0, new Float64Array(0), new Float64Array(0), C, true);
    expect(Array.from(C)).toEqual([5, 5, 5, 5]);
    gemm(false, false, 2, 2, 0, new Float64Array(0), new Float64Array(0), C);
    expect(Array.from(C)).toEqual([0, 0, 0, 0]);
    expect(() => gemm(true, true, 0, 3, 2, new Float64Array(0), new Float64Array(6), new Float64Array(0))).not.toThrow();
  });

  test("arrays too short for the sizes, and bad sizes, are errors instead of silent NaN", () => {
    const a = new Float64Array(6);
    expect(() => gemm(false, false, 2, 2, 3, a, new Float64Array(5), new Float64Array(4))).toThrow(
      "gemm: arrays too short for M=2, N=2, K=3: A has 6 values (needs 6), B has 5 (needs 6), C has 4 (needs 4)",
    );
    expect(() => gemm(false, false, 2, 2, 3, a, a, new Float64Array(3))).toThrow("C has 3 (needs 4)");
    expect(() => gemm(false, false, -1, 2, 3, a, a, a)).toThrow("gemm: sizes must be non-negative integers, got M=-1, N=2, K=3");
    expect(() => gemm(false, false, 2, 1.5, 3, a, a, a)).toThrow("got M=2, N=1.5, K=3");
  });
});
