// The multi-threaded gemm path (gemm_threads.ts) with real worker threads: the same bits as the
// one-thread path and the plain triple loop's numbers, whatever the split; workers really take
// part; the memory grows for bigger products; a dead worker costs nothing but a warning.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { gemm, gemmReference } from "./gemm";
import { PARALLEL_MIN_WORK, gemmParallelWorth, gemmThreadsState, getGemmThreads, resetGemmThreads, setGemmThreads } from "./gemm_threads";
import { relError } from "../check/rel_error";
import { Rng } from "./random";

const rng = new Rng(11);
const randomArray = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal());

/** C from gemm with the given number of threads, starting from `init` (accumulate) or zeros. */
function product(threads: number, transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float64Array, B: Float64Array, init?: Float64Array): Float64Array {
  setGemmThreads(threads);
  const C = init ? Float64Array.from(init) : new Float64Array(M * N);
  gemm(transA, transB, M, N, K, A, B, C, init !== undefined);
  return C;
}

/** Where two arrays first differ ("none" if they are the same bits): jest's toEqual is slow on big arrays. */
function firstDifference(a: Float64Array, b: Float64Array): string {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `index ${i}: ${a[i]} and ${b[i]}`;
  return "none";
}

const initialThreads = getGemmThreads();
afterAll(async () => {
  setGemmThreads(initialThreads);
  await resetGemmThreads();
});

describe("gemm on several threads", () => {
  // Column splits (N ≥ M) and row splits (M > N), every transpose, edges that are not
  // multiples of 4 and a last chunk narrower than the others.
  const shapes: [boolean, boolean, number, number, number][] = [
    [false, false, 130, 258, 131],
    [false, true, 128, 256, 200],
    [true, false, 301, 67, 90],
    [true, true, 97, 413, 61],
    [false, false, 1030, 40, 33],
  ];

  test.each(shapes)("transA=%s transB=%s, %i×%i·K=%i: the one-thread bits, and the triple loop's numbers", (transA, transB, M, N, K) => {
    // Each shape is big enough for the threads (else this would test the one-thread path twice).
    expect(M * N * K).toBeGreaterThanOrEqual(PARALLEL_MIN_WORK);
    setGemmThreads(2);
    expect(gemmParallelWorth(M, N, K)).toBe(true);
    const A = randomArray(M * K), B = randomArray(K * N), C0 = randomArray(M * N);
    const one = product(1, transA, transB, M, N, K, A, B);
    const two = product(2, transA, transB, M, N, K, A, B);
    expect(firstDifference(two, one)).toBe("none");
    expect(relError(two, gemmReference(transA, transB, M, N, K, A, B))).toBeLessThan(1e-12);
    const oneAcc = product(1, transA, transB, M, N, K, A, B, C0);
    const twoAcc = product(3, transA, transB, M, N, K, A, B, C0);
    expect(firstDifference(twoAcc, oneAcc)).toBe("none");
    expect(relError(twoAcc, gemmReference(transA, transB, M, N, K, A, B).map((v, i) => v + C0[i]))).toBeLessThan(1e-12);
  });

  test("arrays longer than needed: only the first M·N values of C change", () => {
    const [M, N, K] = [128, 160, 96];
    const A = randomArray(M * K + 7), B = randomArray(K * N + 3);
    setGemmThreads(2);
    const C = new Float64Array(M * N + 5).fill(3);
    gemm(false, false, M, N, K, A, B, C);
    expect(relError(C.subarray(0, M * N), gemmReference(false, false, M, N, K, A, B))).toBeLessThan(1e-12);
    expect(Array.from(C.subarray(M * N))).toEqual([3, 3, 3, 3, 3]);
  });

  test("workers start, take chunks, and a bigger product grows the shared memory", async () => {
    await resetGemmThreads();
    setGemmThreads(2);
    const [M, N, K] = [192, 256, 128];
    const A = randomArray(M * K), B = randomArray(K * N);
    const expected = gemmReference(false, false, M, N, K, A, B);
    // The first products may all be done by the main thread while the worker starts (from the
    // TypeScript sources it compiles them first); keep multiplying until it has joined in.
    const until = Date.now() + 60_000;
    while (gemmThreadsState().workerChunks === 0 && Date.now() < until) {
      const C = new Float64Array(M * N);
      gemm(false, false, M, N, K, A, B, C);
      expect(relError(C, expected)).toBeLessThan(1e-12);
    }
    const state = gemmThreadsState();
    expect(state.workers).toHaveLength(1);
    expect(state.ready).toBe(1);
    expect(state.workerChunks).toBeGreaterThan(0);
    // 700×700·700: A, B and C take 11.8 MB, more than the memory's first size.
    const n = 700;
    const X = randomArray(n * n), Y = randomArray(n * n);
    expect(firstDifference(product(2, false, true, n, n, n, X, Y), product(1, false, true, n, n, n, X, Y))).toBe("none");
    const C = product(2, false, false, M, N, K, A, B); // and smaller ones still come out right
    expect(relError(C, expected)).toBeLessThan(1e-12);
    expect(gemmThreadsState().broken).toBeUndefined();
  }, 90_000);

  test("a worker that dies: a warning, and products carry on, correct, on one thread", async () => {
    setGemmThreads(2);
    const [M, N, K] = [128, 128, 128];
    const A = randomArray(M * K), B = randomArray(K * N);
    gemm(false, false, M, N, K, A, B, new Float64Array(M * N)); // the pool exists
    const emitWarning = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      const [worker] = gemmThreadsState().workers;
    expect(worker).toBeDefined();
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      await worker.terminate();
      await exited;
      await new Promise((resolve) => setImmediate(resolve)); // let the pool's 'exit' handler run
      expect(gemmThreadsState().broken).toMatch(/a worker thread exited with code 1/);
      const C = new Float64Array(M * N);
      gemm(false, false, M, N, K, A, B, C);
      expect(relError(C, gemmReference(false, false, M, N, K, A, B))).toBeLessThan(1e-12);
      expect(emitWarning).toHaveBeenCalledWith("gemm: a worker thread exited with code 1; large matrix products continue on one thread", "GradlabWarning");
    } finally {
      emitWarning.mockRestore();
    }
    await resetGemmThreads(); // a new pool for the next product
    gemm(false, false, M, N, K, A, B, new Float64Array(M * N));
    expect(gemmThreadsState().broken).toBeUndefined();
  }, 30_000);

  test("the thread count is a whole number ≥ 1", () => {
    expect(() => setGemmThreads(0)).toThrow("setGemmThreads: the number of gemm threads must be a whole number ≥ 1 (1 = the main thread only), got 0");
    expect(() => setGemmThreads(1.5)).toThrow("got 1.5");
    setGemmThreads(1);
    expect(getGemmThreads()).toBe(1);
    expect(gemmParallelWorth(512, 512, 512)).toBe(false);
  });
});

describe("the built package's threads", () => {
  test("dist/lib/tensor/gemm_worker.js joins in outside jest, with the one-thread bits (run `npm run build` first)", () => {
    const root = path.resolve(__dirname, "../..");
    const worker = path.join(root, "dist/lib/tensor/gemm_worker.js");
    expect(fs.existsSync(worker) ? worker : "dist/ is not built: run npm run build").toBe(worker);
    // Products of 192×256·128 (6.3M multiply-adds) until the worker has taken chunks.
    const script = `
      const g = require(${JSON.stringify(path.join(root, "dist/lib/index.js"))});
      const t = require(${JSON.stringify(path.join(root, "dist/lib/tensor/gemm_threads.js"))});
      const [M, N, K] = [192, 256, 128];
      const A = Float64Array.from({ length: M * K }, (_, i) => Math.sin(i)), B = Float64Array.from({ length: K * N }, (_, i) => Math.cos(i));
      g.setGemmThreads(1);
      const one = new Float64Array(M * N);
      g.gemm(false, false, M, N, K, A, B, one);
      g.setGemmThreads(2);
      const two = new Float64Array(M * N);
      const until = Date.now() + 30000;
      do g.gemm(false, false, M, N, K, A, B, two); while (t.gemmThreadsState().workerChunks === 0 && Date.now() < until);
      console.log(JSON.stringify({ workerChunks: t.gemmThreadsState().workerChunks, same: two.every((v, i) => Object.is(v, one[i])) }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 })) as { workerChunks: number; same: boolean };
    expect(out.workerChunks).toBeGreaterThan(0);
    expect(out.same).toBe(true);
  }, 90_000);
});
