/**
 * The multi-threaded fast path of gemm: large products are shared between the main thread and
 * worker threads (worker_threads) that all run the WebAssembly kernel on one shared memory.
 *
 * Per product, the main thread copies A and B (and C when accumulating) into the shared memory,
 * describes the task in its control block and wakes the workers; then every thread, the main
 * one included, takes chunks of C until none are left (gemm_task.ts), and the main thread
 * copies C back once all chunks are done. The copies are O(MK + KN + MN) against O(MNK)
 * multiply-adds, so only products of at least PARALLEL_MIN_WORK multiply-adds come here.
 * The result is bit for bit that of the one-thread path, however the chunks were shared.
 *
 * Threads: `setGemmThreads(n)`, or GRADLAB_THREADS=n in the environment; by default one per
 * core (os.availableParallelism()). 1 turns this path off. Workers start on the first large
 * product, do not keep the process alive (unref) and sleep in Atomics.wait between products.
 *
 * If a worker dies or stops answering, the product still completes: after a generous deadline
 * the main thread computes the chunks left undone, warns once, and later products stay on one
 * thread. A worker that has not started yet costs nothing, as the main thread takes its chunks.
 *
 * The memory is shared, and a shared WebAssembly memory never moves or detaches when it grows,
 * so growing it for bigger products does not slow other typed-array code (see gemm_wasm.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { NB, panelDoubles, panelSpace } from "./gemm_panels";
import { CLOSED, CONTROL_BYTES, MAX_CHUNKS, Word, computeChunk, readProduct, takeChunks } from "./gemm_task";
import type { GemmWorkerData } from "./gemm_worker";
import { GemmKernel, compileSharedGemmKernel, instantiateSharedGemmKernel } from "./wasm/gemm_kernel";

/**
 * Products with fewer multiply-adds (M·N·K) stay on one thread: waking a worker and copying the
 * operands costs tens of microseconds. Measured with gemm_speed.ts --threads on the 2-core
 * AMD EPYC (node 20): two threads gave 0.98–1.04× at 64³–96³ (below this), 0.95–1.33× at
 * 128³, 1.15–1.9× at 160³ and 1.4–1.8× from 512³ and on an MLP 784-256-10's products at
 * batch 128 (noisy: other jobs shared the machine).
 */
export const PARALLEL_MIN_WORK = 1 << 20;
/** Narrowest chunk of C, in columns (or rows): a multiple of the kernel's 4-wide blocks. */
const MIN_CHUNK = 64;
/** Chunks per thread: a few, so that a thread slowed by other processes is not waited for. */
const CHUNKS_PER_THREAD = 2;
/** Most threads used, whatever the machine. */
const MAX_THREADS = 8;
/** The shared memory may grow to 1 GiB (16384 pages); products needing more use one thread. */
const MAX_PAGES = 16384;
/** Doubles of one thread's region for packed panels. */
const PANEL_DOUBLES = panelDoubles(NB, Infinity);

function coreCount(): number {
  const o = os as { availableParallelism?: () => number };
  return typeof o.availableParallelism === "function" ? o.availableParallelism() : os.cpus().length;
}

function parseThreads(value: string | number, where: string): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${where}: the number of gemm threads must be a whole number ≥ 1 (1 = the main thread only), got ${JSON.stringify(value)}`);
  }
  return Math.min(n, MAX_THREADS);
}

let threads = process.env.GRADLAB_THREADS ? parseThreads(process.env.GRADLAB_THREADS, "GRADLAB_THREADS") : Math.min(coreCount(), MAX_THREADS);

/** Sets how many threads (the main one included) share large products; 1 keeps them on the main thread. */
export function setGemmThreads(n: number): void {
  threads = parseThreads(n, "setGemmThreads");
}

/** How many threads large products use now (GRADLAB_THREADS, `setGemmThreads`, or one per core). */
export function getGemmThreads(): number {
  return threads;
}

interface Pool {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  kernel: GemmKernel;
  ctl: Int32Array;
  mem: Float64Array;
  workers: Worker[];
  /** Where thread t's panel region starts (t = 0 is the main thread), in doubles. */
  spaceStart: (t: number) => number;
  /** Where A, B and C go, in doubles: after the control block and the panel regions of MAX_THREADS threads. */
  dataStart: number;
  /** Views of C's place in the memory, by length, so that copying C out allocates nothing. */
  cViews: Map<number, Float64Array>;
  /** Set when a worker failed: products then stay on one thread. */
  broken: Error | undefined;
}

let pool: Pool | undefined;
/** Why the pool could not be made (no worker_threads, no shared memory, …): not retried. */
let unavailable: Error | undefined;

/** The worker's script: the compiled file next to this one, or, from the TypeScript sources (under jest), a loader. */
function startWorker(data: GemmWorkerData): Worker {
  const compiled = path.join(__dirname, "gemm_worker.js");
  if (fs.existsSync(compiled)) return new Worker(compiled, { workerData: data });
  // Running from the .ts sources: compile them as they are required, with the typescript
  // development dependency (the published package always has the compiled file).
  const loader = `
    const fs = require("fs");
    const { workerData } = require("worker_threads");
    const ts = require(workerData.typescript);
    require.extensions[".ts"] = (module, filename) => {
      const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true };
      module._compile(ts.transpileModule(fs.readFileSync(filename, "utf8"), { fileName: filename, compilerOptions: options }).outputText, filename);
    };
    require(workerData.entry);`;
  return new Worker(loader, {
    eval: true,
    workerData: { ...data, entry: path.join(__dirname, "gemm_worker.ts"), typescript: require.resolve("typescript") },
  });
}

function markBroken(p: Pool, why: Error): void {
  if (p.broken) return;
  p.broken = why;
  Atomics.store(p.ctl, Word.Stop, 1);
  Atomics.add(p.ctl, Word.Seq, 1);
  Atomics.notify(p.ctl, Word.Seq);
  for (const w of p.workers) void w.terminate();
  process.emitWarning(`gemm: ${why.message}; large matrix products continue on one thread`, "GradlabWarning");
}

function makePool(): Pool {
  const dataStart = CONTROL_BYTES / 8 + MAX_THREADS * PANEL_DOUBLES;
  const initialPages = Math.ceil((dataStart * 8) / 65536) + 64; // and 4 MiB for operands, grown when needed
  const module = compileSharedGemmKernel(MAX_PAGES);
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: MAX_PAGES, shared: true });
  const ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  Atomics.store(ctl, Word.Next, CLOSED);
  const spaceStart = (t: number): number => CONTROL_BYTES / 8 + t * PANEL_DOUBLES;
  const p: Pool = {
    module,
    memory,
    kernel: instantiateSharedGemmKernel(module, memory),
    ctl,
    mem: new Float64Array(memory.buffer),
    workers: [],
    spaceStart,
    dataStart,
    cViews: new Map(),
    broken: undefined,
  };
  return p;
}

/** Starts workers until there are `threads − 1` of them, and lets just that many take part. */
function addWorkers(p: Pool): void {
  while (p.workers.length < threads - 1) {
    const t = p.workers.length + 1;
    const worker = startWorker({ module: p.module, memory: p.memory, index: t, spaceStart: p.spaceStart(t) });
    worker.on("error", (e: Error) => markBroken(p, new Error(`a worker thread failed (${e.message})`)));
    worker.on("exit", (code) => {
      if (!p.broken && code !== 0) markBroken(p, new Error(`a worker thread exited with code ${code}`));
    });
    worker.unref();
    p.workers.push(worker);
  }
  Atomics.store(p.ctl, Word.Active, threads - 1);
}

function getPool(): Pool | undefined {
  if (unavailable) return undefined;
  if (!pool) {
    try {
      pool = makePool();
    } catch (e) {
      unavailable = e as Error;
      return undefined;
    }
  }
  if (pool.broken) return undefined;
  try {
    addWorkers(pool);
  } catch (e) {
    markBroken(pool, new Error(`could not start a worker thread (${(e as Error).message})`));
    return undefined;
  }
  return pool;
}

/** Grows the memory to hold `doubles` values; false when that is beyond its maximum. */
function ensureDoubles(p: Pool, doubles: number): boolean {
  const bytes = doubles * 8;
  if (bytes > MAX_PAGES * 65536) return false;
  const have = p.memory.buffer.byteLength;
  if (have < bytes) {
    try {
      p.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false; // the system refused the memory: this product stays on one thread
    }
  }
  if (p.mem.length * 8 !== p.memory.buffer.byteLength) {
    p.mem = new Float64Array(p.memory.buffer);
    p.cViews.clear();
  }
  return true;
}

function cView(p: Pool, length: number): Float64Array {
  let v = p.cViews.get(length);
  if (!v) {
    if (p.cViews.size >= 64) p.cViews.clear();
    v = new Float64Array(p.memory.buffer, p.dataStart * 8, length);
    p.cViews.set(length, v);
  }
  return v;
}

/** Whether `gemm` hands this product to the threads (with the current thread count). */
export function gemmParallelWorth(M: number, N: number, K: number): boolean {
  return threads > 1 && M * N * K >= PARALLEL_MIN_WORK && Math.max(M, N) >= 2 * MIN_CHUNK;
}

/**
 * C = op(A)·op(B), or C += …, on several threads. Arguments already checked by `gemm`.
 * Returns false, having touched nothing, when the product is not worth it or threads are unavailable.
 */
export function gemmParallel(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate: boolean,
): boolean {
  if (!gemmParallelWorth(M, N, K)) return false;
  const p = getPool();
  if (!p) return false;
  const c = p.dataStart, a = c + M * N, b = a + M * K;
  if (!ensureDoubles(p, b + K * N)) return false;

  // Columns of C as chunks when C is wider than tall (each chunk then packs all of A), else rows.
  const byColumns = N >= M;
  const dim = byColumns ? N : M;
  let width = Math.ceil(dim / Math.min(MAX_CHUNKS, threads * CHUNKS_PER_THREAD));
  width = Math.max(MIN_CHUNK, Math.ceil(width / 4) * 4);
  const chunks = Math.ceil(dim / width);

  const { ctl, mem } = p;
  Atomics.store(ctl, Word.Next, CLOSED); // no thread takes a chunk while the task is written
  mem.set(A.length === M * K ? A : A.subarray(0, M * K), a);
  mem.set(B.length === K * N ? B : B.subarray(0, K * N), b);
  if (accumulate) mem.set(C.length === M * N ? C : C.subarray(0, M * N), c);
  const words: [Word, number][] = [
    [Word.TransA, transA ? 1 : 0], [Word.TransB, transB ? 1 : 0], [Word.M, M], [Word.N, N], [Word.K, K],
    [Word.A, a], [Word.B, b], [Word.C, c], [Word.Accumulate, accumulate ? 1 : 0],
    [Word.ByColumns, byColumns ? 1 : 0], [Word.ChunkWidth, width], [Word.Chunks, chunks], [Word.Done, 0],
  ];
  for (const [w, v] of words) Atomics.store(ctl, w, v);
  for (let i = 0; i < chunks; i++) Atomics.store(ctl, Word.ChunkDone + i, 0);
  Atomics.store(ctl, Word.Next, 0); // open
  Atomics.add(ctl, Word.Seq, 1);
  Atomics.notify(ctl, Word.Seq);

  takeChunks(p.kernel, () => p.mem, ctl, p.spaceStart(0));
  waitForChunks(p, chunks, M * N * K);
  Atomics.store(ctl, Word.Next, CLOSED);
  C.set(cView(p, M * N));
  return true;
}

/** The fixed part of the deadline for the workers' chunks, in ms (see `waitForChunks`). */
let patienceMs = 10_000;

/** For tests: sets the fixed part of the deadline (default 10 000 ms), so a hung worker is given up quickly. */
export function setGemmWorkerPatience(ms: number): void {
  if (!(Number.isFinite(ms) && ms > 0)) throw new Error(`setGemmWorkerPatience: ms must be a positive number, got ${ms}`);
  patienceMs = ms;
}

/**
 * Sleeps until all chunks are done. A worker that holds a chunk far beyond any plausible time
 * (10 s plus 0.1 s per 10⁷ multiply-adds, i.e. 0.2 GFLOP/s) is given up: the main thread
 * computes what is missing and the pool is retired.
 */
function waitForChunks(p: Pool, chunks: number, work: number): void {
  const allowed = patienceMs + work / 1e5;
  const deadline = Date.now() + allowed;
  for (;;) {
    const done = Atomics.load(p.ctl, Word.Done);
    if (done >= chunks) return;
    Atomics.wait(p.ctl, Word.Done, done, Math.min(100, allowed));
    if (Date.now() > deadline && Atomics.load(p.ctl, Word.Done) < chunks) {
      markBroken(p, new Error(`a worker thread did not finish its part of a product within ${(allowed / 1000).toFixed(1)} s`));
      finishAlone(p, chunks);
      return;
    }
  }
}

/** Computes, on this thread, every chunk of the open task not marked done. */
function finishAlone(p: Pool, chunks: number): void {
  const product = readProduct(p.ctl, p.mem);
  const space = panelSpace(p.spaceStart(0), product.byColumns ? product.width : product.N, product.K);
  for (let i = 0; i < chunks; i++) {
    if (Atomics.load(p.ctl, Word.ChunkDone + i) !== 1) computeChunk(p.kernel, p.mem, space, product, i);
  }
}

/**
 * For tests and diagnostics: the pool's workers, how many chunks they have computed, how many
 * times the workers were woken (once per product handed to the threads, and once to stop), and
 * why the pool was retired if it was.
 */
export function gemmThreadsState(): { workers: Worker[]; ready: number; workerChunks: number; wakeups: number; broken: string | undefined } {
  if (!pool) return { workers: [], ready: 0, workerChunks: 0, wakeups: 0, broken: undefined };
  return {
    workers: [...pool.workers],
    ready: Atomics.load(pool.ctl, Word.Ready),
    workerChunks: Atomics.load(pool.ctl, Word.WorkerChunks),
    wakeups: Atomics.load(pool.ctl, Word.Seq),
    broken: pool.broken?.message,
  };
}

/** Retires the pool (its workers stop) so that the next large product starts a new one; for tests. */
export async function resetGemmThreads(): Promise<void> {
  const old = pool;
  pool = undefined;
  unavailable = undefined;
  if (!old) return;
  old.broken = new Error("reset");
  Atomics.store(old.ctl, Word.Stop, 1);
  Atomics.add(old.ctl, Word.Seq, 1);
  Atomics.notify(old.ctl, Word.Seq);
  await Promise.all(old.workers.map((w) => w.terminate()));
}
