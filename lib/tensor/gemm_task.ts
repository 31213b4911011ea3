/**
 * One multi-threaded product as the threads see it: a control block of Int32 words at the
 * start of the shared WebAssembly memory, which the main thread fills and every thread reads,
 * and the loop by which any thread takes parts of the product (chunks) until none are left.
 * Used on the main thread by gemm_threads.ts and in each worker by gemm_worker.ts.
 *
 * A product is split into chunks of whole columns of C (or of rows, when C is taller than
 * wide). A thread takes the next chunk with one atomic add, computes it with the blocked loops
 * of gemm_panels.ts into C in the shared memory, marks it done and wakes the main thread. As the
 * main thread takes chunks too, a product never waits for a worker that is slow to start or
 * busy elsewhere, and the chunks spread over whichever threads are free. Every chunk gives the
 * same bits whoever computes it (gemm_panels.ts), so the result does not depend on the split.
 */
import { Operand, PanelSpace, columnsFrom, multiplyPanels, panelSpace, rowsFrom } from "./gemm_panels";
import { GemmKernel } from "./wasm/gemm_kernel";

/** Int32 words of the control block. */
export enum Word {
  /** Task counter: the main thread adds 1 and wakes the workers for each new product. */
  Seq = 0,
  /** Nonzero: workers leave their loop. */
  Stop = 1,
  /** Index of the next chunk to take (atomically incremented); CLOSED while a task is being set up. */
  Next = 2,
  /** Chunks finished in this task; the main thread sleeps on it. */
  Done = 3,
  /** Workers that have started and wait for tasks. */
  Ready = 4,
  /** Chunks computed by workers since the pool started (for tests and diagnostics). */
  WorkerChunks = 5,
  /** Workers 1 … Active take part; the others (after setGemmThreads lowered the count) sit out. */
  Active = 6,
  TransA = 8,
  TransB = 9,
  M = 10,
  N = 11,
  K = 12,
  /** Where A, B and C are in the memory, in doubles. */
  A = 13,
  B = 14,
  C = 15,
  Accumulate = 16,
  /** 1: chunks are columns of C; 0: rows. */
  ByColumns = 17,
  /** Columns (or rows) per chunk; the last chunk may have fewer. */
  ChunkWidth = 18,
  Chunks = 19,
  /** One word per chunk from here: 1 once the chunk is done (for recovery if a worker dies). */
  ChunkDone = 32,
}

/** At most this many chunks per product. */
export const MAX_CHUNKS = 64;
/** Bytes of the control block (a multiple of 8, so the doubles after it are aligned). */
export const CONTROL_BYTES = 4 * (Word.ChunkDone + MAX_CHUNKS);
/** `Next` while no task is open: any chunk index taken then is past the end. */
export const CLOSED = 1 << 30;

/** The product a task describes, read back from the control block. */
export interface Product {
  M: number;
  N: number;
  K: number;
  A: Operand;
  B: Operand;
  c: number;
  accumulate: boolean;
  byColumns: boolean;
  width: number;
  chunks: number;
}

export function readProduct(ctl: Int32Array, mem: Float64Array): Product {
  const M = ctl[Word.M], N = ctl[Word.N], K = ctl[Word.K];
  const transA = ctl[Word.TransA] === 1, transB = ctl[Word.TransB] === 1;
  return {
    M,
    N,
    K,
    A: { data: mem, base: ctl[Word.A], ld: transA ? M : K, trans: transA },
    B: { data: mem, base: ctl[Word.B], ld: transB ? K : N, trans: transB },
    c: ctl[Word.C],
    accumulate: ctl[Word.Accumulate] === 1,
    byColumns: ctl[Word.ByColumns] === 1,
    width: ctl[Word.ChunkWidth],
    chunks: ctl[Word.Chunks],
  };
}

/** Computes chunk `index` of the product: its columns (or rows) of C, in place in the memory. */
export function computeChunk(kernel: GemmKernel, mem: Float64Array, space: PanelSpace, p: Product, index: number): void {
  const start = index * p.width;
  if (p.byColumns) {
    const n = Math.min(p.width, p.N - start);
    multiplyPanels(kernel, mem, space, p.M, n, p.K, p.A, columnsFrom(p.B, start), p.c + start, p.N, p.accumulate);
  } else {
    const m = Math.min(p.width, p.M - start);
    multiplyPanels(kernel, mem, space, m, p.N, p.K, rowsFrom(p.A, start), p.B, p.c + start * p.N, p.N, p.accumulate);
  }
}

/**
 * Takes and computes chunks until none are left; returns how many this thread did.
 * `spaceStart` is where this thread's own region for packed panels begins (in doubles), and
 * `view()` gives a view of the whole memory (renewed when the main thread has grown it).
 *
 * The task's words are read again for every chunk: a thread still in here when the main thread
 * has finished one product and opened the next must compute the chunks of the new one.
 */
export function takeChunks(kernel: GemmKernel, view: () => Float64Array, ctl: Int32Array, spaceStart: number): number {
  let did = 0;
  for (;;) {
    const index = Atomics.add(ctl, Word.Next, 1);
    // Read after taking: the main thread writes a task before it opens `Next`, so an index
    // below `Chunks` always belongs to the task whose words are in place.
    if (index >= Atomics.load(ctl, Word.Chunks)) return did;
    const mem = view();
    const product = readProduct(ctl, mem);
    const space = panelSpace(spaceStart, product.byColumns ? product.width : product.N, product.K);
    computeChunk(kernel, mem, space, product, index);
    Atomics.store(ctl, Word.ChunkDone + index, 1);
    Atomics.add(ctl, Word.Done, 1);
    Atomics.notify(ctl, Word.Done);
    did++;
  }
}
