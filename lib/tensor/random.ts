/**
 * A seeded pseudo-random generator that gives the same numbers on every machine.
 *
 * The core is xoshiro128** 1.1 (Blackman & Vigna), which needs only 32-bit integer
 * arithmetic: JavaScript does that exactly with `Math.imul` and `>>> 0`, so no floating-point
 * rounding (which could differ between platforms) enters the integer stream. Doubles are built
 * from 53 random bits, normals by Box–Muller with V8's deterministic `Math.log`/`Math.cos`.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second Box–Muller normal, kept so that each pair of uniforms yields two normals. */
  private spareNormal: number | null = null;

  /**
   * Seeds the 128-bit state from an integer seed with splitmix32, as the authors advise.
   * The seed is taken modulo 2³² (so -1 and 2³² − 1 are the same seed).
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new Error(`Rng: seed must be an integer, got ${seed}`);
    }
    let x = seed >>> 0;
    const splitmix32 = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
  }

  /** A generator with the given raw state (for testing against the reference C code). */
  static fromState(state: [number, number, number, number]): Rng {
    if (!Array.isArray(state) || state.length !== 4 || !state.every((v) => Number.isInteger(v) && v >= 0 && v < 0x100000000)) {
      throw new Error(`Rng.fromState: the state must be four 32-bit unsigned integers, got [${String(state)}]`);
    }
    if (state.every((v) => v === 0)) throw new Error("Rng.fromState: the state must not be all zeros");
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state;
    return rng;
  }

  /** The next 32-bit unsigned integer of the xoshiro128** stream. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new Error(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    // Rejection sampling: draw from the largest multiple of n below 2^32.
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new Error(`Rng.permutation: n must be a non-negative integer, got ${n}`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * The generator layers and data sets use when none is passed, like PyTorch's default
 * generator: deterministic from a fixed seed (0) at start-up, reset with `manualSeed`.
 */
let defaultGenerator = new Rng(0);

export function globalRng(): Rng {
  return defaultGenerator;
}

/** Resets the default generator, so that a notebook re-run from the top gives the same numbers. */
export function manualSeed(seed: number): void {
  defaultGenerator = new Rng(seed);
}
