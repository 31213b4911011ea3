/**
 * The fastest documented options of the library, used when the built package has them, so the
 * benchmark measures what a user who reads the docs gets. Detected at run time (the benchmark
 * must also run against versions without them) and reported in the results.
 */
import * as gradlab from "gradlab";

interface MaybeReusable {
  reuseBuffers?: (on?: boolean) => unknown;
}

/** Calls `model.reuseBuffers()` when modules have it (layers then keep their output buffers). */
export function fastModel<M extends object>(model: M): { model: M; options: string[] } {
  const m = model as MaybeReusable;
  if (typeof m.reuseBuffers === "function") {
    m.reuseBuffers();
    return { model, options: ["reuseBuffers()"] };
  }
  return { model, options: [] };
}

/** Library-wide settings applied once per benchmark process; returns what was set. */
export function applyGlobalOptions(): string[] {
  const lib = gradlab as unknown as Record<string, unknown>;
  const used: string[] = [];
  if (typeof lib.setGemmBackend === "function") used.push("setGemmBackend: present, left at its automatic choice");
  return used;
}

interface MaybeThreaded {
  setGemmThreads?: (n: number) => unknown;
  getGemmThreads?: () => number;
}

/**
 * Asks the library for `n` threads in large matrix products, when this build has them, and
 * returns the count getGemmThreads() then reports (so the report shows what was in effect, not
 * only what was asked for); null when the build has no threads: it runs on the main thread only.
 */
export function applyGemmThreads(n: number): number | null {
  const lib = gradlab as unknown as MaybeThreaded;
  if (typeof lib.setGemmThreads !== "function" || typeof lib.getGemmThreads !== "function") return null;
  lib.setGemmThreads(n);
  return lib.getGemmThreads();
}
