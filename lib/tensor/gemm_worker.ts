/**
 * A worker thread of the multi-threaded gemm (gemm_threads.ts starts it). It instantiates the
 * kernel on the shared memory it is given, then sleeps until the main thread opens a task and
 * takes chunks of it (gemm_task.ts) until none are left, for as long as the process lives.
 */
import { workerData } from "worker_threads";
import { CONTROL_BYTES, Word, takeChunks } from "./gemm_task";
import { instantiateSharedGemmKernel } from "./wasm/gemm_kernel";

/** What gemm_threads.ts passes to each worker. */
export interface GemmWorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** This worker's number, 1, 2, …; the main thread is 0. */
  index: number;
  /** Where this worker's region for packed panels begins, in doubles. */
  spaceStart: number;
}

function serve({ module, memory, index, spaceStart }: GemmWorkerData): void {
  const kernel = instantiateSharedGemmKernel(module, memory);
  const ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  let mem = new Float64Array(memory.buffer);
  // The main thread grows the memory for bigger products; a shared memory's old views stay
  // valid (it never moves) but only cover the old length.
  const view = (): Float64Array => {
    if (mem.length * 8 !== memory.buffer.byteLength) mem = new Float64Array(memory.buffer);
    return mem;
  };
  let seen = Atomics.load(ctl, Word.Seq);
  Atomics.add(ctl, Word.Ready, 1);
  Atomics.notify(ctl, Word.Ready);
  for (;;) {
    Atomics.wait(ctl, Word.Seq, seen);
    seen = Atomics.load(ctl, Word.Seq);
    if (Atomics.load(ctl, Word.Stop) !== 0) return;
    if (index <= Atomics.load(ctl, Word.Active)) Atomics.add(ctl, Word.WorkerChunks, takeChunks(kernel, view, ctl, spaceStart));
  }
}

serve(workerData as GemmWorkerData);
