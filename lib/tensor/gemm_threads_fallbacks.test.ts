// The threaded gemm's fallbacks, each forced for real: a worker that cannot start, memory the
// system refuses, and a worker that takes a chunk and never finishes it. Every product still
// comes out right, on one thread. ("A worker that dies" is in gemm_threads.test.ts.)
// Each case loads fresh copies of gemm and gemm_threads, some with a stand-in worker_threads.Worker.
import type * as GemmModule from "./gemm";
import type * as ThreadsModule from "./gemm_threads";
import { Word } from "./gemm_task";
import { relError } from "../check/rel_error";
import { Rng } from "./random";

type Modules = { gemm: typeof GemmModule; threads: typeof ThreadsModule };

/** Fresh gemm + gemm_threads, with `Worker` replaced when a stand-in is given. */
function load(FakeWorker?: unknown): Modules {
  let loaded: Modules | undefined;
  jest.isolateModules(() => {
    if (FakeWorker) jest.doMock("worker_threads", () => ({ ...jest.requireActual("worker_threads"), Worker: FakeWorker }));
    else jest.dontMock("worker_threads");
    loaded = { gemm: require("./gemm"), threads: require("./gemm_threads") };
  });
  return loaded!;
}

const rng = new Rng(5);
const randomArray = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal());
// 192×256·128: 6.3M multiply-adds, above PARALLEL_MIN_WORK; 4 chunks of 64 columns on 2 threads.
const [M, N, K] = [192, 256, 128];
const A = randomArray(M * K), B = randomArray(K * N);

function multiply({ gemm }: Modules, m = M, n = N, k = K, a = A, b = B): Float64Array {
  const C = new Float64Array(m * n);
  gemm.gemm(false, false, m, n, k, a, b, C);
  return C;
}

let emitWarning: jest.SpyInstance;
beforeEach(() => {
  emitWarning = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
});
afterEach(() => emitWarning.mockRestore());

test("a worker that cannot start: a warning, and the product is done on one thread", async () => {
  class Unstartable {
    constructor() {
      throw new Error("no threads in this sandbox");
    }
  }
  const mods = load(Unstartable);
  mods.threads.setGemmThreads(2);
  const expected = mods.gemm.gemmReference(false, false, M, N, K, A, B);
  expect(relError(multiply(mods), expected)).toBeLessThan(1e-12);
  expect(mods.threads.gemmThreadsState().broken).toBe("could not start a worker thread (no threads in this sandbox)");
  expect(emitWarning).toHaveBeenCalledWith(
    "gemm: could not start a worker thread (no threads in this sandbox); large matrix products continue on one thread",
    "GradlabWarning",
  );
  expect(relError(multiply(mods), expected)).toBeLessThan(1e-12); // and it stays that way, without retrying
  expect(emitWarning).toHaveBeenCalledTimes(1);
  await mods.threads.resetGemmThreads();
});

test("memory the system refuses: that product stays on one thread, correct, and the pool lives on", async () => {
  const mods = load();
  mods.threads.setGemmThreads(2);
  multiply(mods); // the pool exists, with room for this product's operands
  const wakeups = mods.threads.gemmThreadsState().wakeups;
  // 600×600·600 needs 8.6 MB for A, B and C, more than the memory's first size: it must grow.
  const n = 600;
  const X = randomArray(n * n), Y = randomArray(n * n);
  const expected = mods.gemm.gemmReference(false, false, n, n, n, X, Y);
  // Only the threads' shared memory is refused; the one-thread kernel's own memory may grow.
  const originalGrow = WebAssembly.Memory.prototype.grow;
  const grow = jest.spyOn(WebAssembly.Memory.prototype, "grow").mockImplementation(function (this: WebAssembly.Memory, pages: number) {
    if (this.buffer instanceof SharedArrayBuffer) throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    return originalGrow.call(this, pages);
  });
  // With the backend forced to "wasm", gemm does not fall back to JavaScript on a RangeError:
  // the product must be declined by the threaded path and done by the one-thread kernel.
  mods.gemm.setGemmBackend("wasm");
  try {
    expect(relError(multiply(mods, n, n, n, X, Y), expected)).toBeLessThan(1e-12);
    expect(grow.mock.contexts.some((m) => (m as WebAssembly.Memory).buffer instanceof SharedArrayBuffer)).toBe(true);
  } finally {
    grow.mockRestore();
    mods.gemm.setGemmBackend("auto");
  }
  const state = mods.threads.gemmThreadsState();
  expect(state.wakeups).toBe(wakeups); // the workers were not handed that product
  expect(state.broken).toBeUndefined();
  expect(emitWarning).not.toHaveBeenCalled();
  // Once memory is available again, the same product goes to the threads.
  expect(relError(multiply(mods, n, n, n, X, Y), expected)).toBeLessThan(1e-12);
  expect(mods.threads.gemmThreadsState().wakeups).toBe(wakeups + 1);
  await mods.threads.resetGemmThreads();
}, 30_000);

test("a worker that takes a chunk and never finishes it: after the deadline the main thread does it, warns, and stays alone", async () => {
  // A stand-in for the worker script: it waits for a product, takes one chunk, and hangs.
  const script = `
    const { workerData } = require("worker_threads");
    const { memory, words } = workerData;
    const ctl = new Int32Array(memory.buffer, 0, words.ChunkDone);
    let seen = Atomics.load(ctl, words.Seq);
    Atomics.add(ctl, words.Ready, 1);
    for (;;) {
      Atomics.wait(ctl, words.Seq, seen);
      seen = Atomics.load(ctl, words.Seq);
      if (Atomics.load(ctl, words.Stop) !== 0) break;
      if (Atomics.add(ctl, words.Next, 1) < Atomics.load(ctl, words.Chunks)) Atomics.wait(ctl, words.Stop, 0);
    }`;
  const words = { Seq: Word.Seq, Stop: Word.Stop, Next: Word.Next, Ready: Word.Ready, Chunks: Word.Chunks, ChunkDone: Word.ChunkDone };
  const RealWorker = jest.requireActual("worker_threads").Worker;
  class HangingWorker extends RealWorker {
    constructor(_script: string, options: { workerData: object }) {
      super(script, { eval: true, workerData: { ...options.workerData, words } });
    }
  }
  const mods = load(HangingWorker);
  mods.threads.setGemmThreads(2);
  mods.threads.setGemmWorkerPatience(200);
  const expected = mods.gemm.gemmReference(false, false, M, N, K, A, B);
  // The main thread may take every chunk before the stand-in wakes: multiply until it has held
  // one. A new B each time, so that a chunk left undone cannot pass with the previous product's C.
  const until = Date.now() + 20_000;
  do {
    const b = randomArray(K * N);
    expect(relError(multiply(mods, M, N, K, A, b), mods.gemm.gemmReference(false, false, M, N, K, A, b))).toBeLessThan(1e-12);
  } while (mods.threads.gemmThreadsState().broken === undefined && Date.now() < until);
  const message = "a worker thread did not finish its part of a product within 0.3 s";
  expect(mods.threads.gemmThreadsState().broken).toBe(message);
  expect(emitWarning).toHaveBeenCalledWith(`gemm: ${message}; large matrix products continue on one thread`, "GradlabWarning");
  const wakeups = mods.threads.gemmThreadsState().wakeups;
  expect(relError(multiply(mods), expected)).toBeLessThan(1e-12);
  expect(mods.threads.gemmThreadsState().wakeups).toBe(wakeups); // later products stay on one thread
  await mods.threads.resetGemmThreads();
}, 30_000);
