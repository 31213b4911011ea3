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
