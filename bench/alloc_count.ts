/**
 * Counts the Float64Arrays a piece of code creates, by replacing the global `Float64Array` with
 * a subclass whose constructor counts. Installed only after timing (a subclass changes the
 * shapes V8 sees and would slow the timed code), in the benchmark's own child process.
 *
 * Two kinds are counted apart:
 * - storage: a new Float64Array with its own memory (`new Float64Array(n)`, `.slice()`, `.map()`,
 *   `Float64Array.from`), which is what "a training step allocates no new Float64Array" is about;
 * - views: a Float64Array object over existing memory (`subarray`, `new Float64Array(buffer, …)`),
 *   a small object and no numbers copied.
 * Arrays created inside Node's internals (which keep their own reference to the original
 * constructor) are not seen; the library's are, because compiled TypeScript looks up the global
 * `Float64Array` at each `new`, and `slice`/`subarray`/`map`/`filter` find the counting class
 * through the species (also on arrays made before the swap). Swapping the species disables
 * some V8 fast paths for the rest of the process: count only after timing.
 */
export interface AllocCounts {
  storage: number;
  views: number;
}

export interface AllocCounter {
  read(): AllocCounts;
  reset(): void;
  uninstall(): void;
}

export function installFloat64ArrayCounter(): AllocCounter {
  const Original = Float64Array;
  const counts: AllocCounts = { storage: 0, views: 0 };
  class CountingFloat64Array extends Original {
    constructor(...args: unknown[]) {
      // By tag rather than instanceof: an ArrayBuffer from another realm (jest's vm) counts too.
      const tag = Object.prototype.toString.call(args[0]);
      if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") counts.views++;
      else counts.storage++;
      super(...(args as [ArrayBuffer, number?, number?]));
    }
    // Arrays made before the swap are still Float64Arrays to `x instanceof Float64Array`.
    static override [Symbol.hasInstance](v: unknown): boolean {
      return v instanceof Original;
    }
  }
  const g = globalThis as unknown as { Float64Array: Float64ArrayConstructor };
  g.Float64Array = CountingFloat64Array as unknown as Float64ArrayConstructor;
  // Arrays made BEFORE the swap (a layer's buffers) create theirs in slice/subarray/map/filter
  // through their constructor's species: point it at the counting class as well.
  Object.defineProperty(Original, Symbol.species, { get: () => CountingFloat64Array, configurable: true });
  return {
    read: () => ({ ...counts }),
    reset: () => {
      counts.storage = 0;
      counts.views = 0;
    },
    uninstall: () => {
      g.Float64Array = Original;
      delete (Original as unknown as Record<symbol, unknown>)[Symbol.species];
    },
  };
}

/** Float64Arrays created per call of `step`, averaged over `calls` calls after `warmup` calls. */
export function allocationsPerCall(step: () => void, warmup = 3, calls = 20): AllocCounts {
  const counter = installFloat64ArrayCounter();
  try {
    for (let i = 0; i < warmup; i++) step();
    counter.reset();
    for (let i = 0; i < calls; i++) step();
    const c = counter.read();
    return { storage: c.storage / calls, views: c.views / calls };
  } finally {
    counter.uninstall();
  }
}
