import { Rng, globalRng, manualSeed } from "gradlab";

// Statistical checks use fixed seeds (so they are deterministic) and bounds of about five
// standard errors of the statistic (so a correct generator passes them for any seed).

describe("Rng: the xoshiro128** stream", () => {
  test("raw outputs from state (1, 2, 3, 4) equal the authors' C reference", () => {
    const rng = Rng.fromState([1, 2, 3, 4]);
    const got = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  test("outputs are unsigned 32-bit integers", () => {
    const rng = Rng.fromState([0xffffffff, 0x80000000, 1, 0xdeadbeef]);
    let bad = 0;
    for (let i = 0; i < 1000; i++) {
      const r = rng.nextUint32();
      if (!(Number.isInteger(r) && r >= 0 && r < 2 ** 32)) bad++;
    }
    expect(bad).toBe(0);
  });

  test("golden values of new Rng(42).uniform(), so a change of algorithm is caught", () => {
    // Computed with a C program: splitmix32 seeding, the authors' xoshiro128**, and
    // (hi >> 5 · 2^26 + lo >> 6) / 2^53 (the same values as this implementation).
    const rng = new Rng(42);
    const got = Array.from({ length: 5 }, () => rng.uniform());
    expect(got).toEqual([0.66061572080016207, 0.11170196395322241, 0.079105645614491404, 0.015209237180418, 0.88068708274502538]);
    // Other seeds, including a negative one (taken modulo 2^32: -1 is 4294967295).
    expect(new Rng(0).uniform()).toBe(0.8868539502021594);
    expect(new Rng(-1).uniform()).toBe(0.19461841469507213);
    expect(new Rng(2 ** 32 - 1).uniform()).toBe(0.19461841469507213);
  });

  test("golden values of normal() (Box–Muller; C's libm agrees to the last bit or two)", () => {
    const rng = new Rng(42);
    const expected = [1.1226591822802088, 0.94914743518948108, 0.40412785633822706, 0.0387374413085134];
    for (const e of expected) expect(Math.abs(rng.normal() - e)).toBeLessThan(1e-15);
  });

  test("the same seed gives the same sequence; different seeds differ", () => {
    const draw = (seed: number): number[] => {
      const rng = new Rng(seed);
      return [rng.uniform(), rng.normal(), rng.int(1000), rng.normal(), rng.uniform()];
    };
    expect(draw(123)).toEqual(draw(123));
    expect(draw(123)).not.toEqual(draw(124));
    const firsts = new Set(Array.from({ length: 100 }, (_, s) => new Rng(s).nextUint32()));
    expect(firsts.size).toBe(100);
  });

  test("manualSeed resets the global generator", () => {
    manualSeed(5);
    const a = [globalRng().uniform(), globalRng().uniform()];
    manualSeed(5);
    expect([globalRng().uniform(), globalRng().uniform()]).toEqual(a);
    expect(a[0]).toBe(new Rng(5).uniform());
    manualSeed(0);
  });
});

describe("Rng: distributions", () => {
  const n = 100000;

  test("uniform() lies in [0, 1) with mean 1/2 and variance 1/12", () => {
    const rng = new Rng(1);
    let s = 0;
    let s2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      s += u;
      s2 += u * u;
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    // Standard error of the mean: sqrt(1/12 / n) ≈ 9.1e-4; of the variance: sqrt((1/80 − 1/144)/n) ≈ 2.4e-4.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  test("uniformIn(low, high) is scaled into [low, high)", () => {
    const rng = new Rng(2);
    let s = 0;
    let outside = 0;
    for (let i = 0; i < 10000; i++) {
      const u = rng.uniformIn(-3, 5);
      if (!(u >= -3 && u < 5)) outside++;
      s += u;
    }
    expect(outside).toBe(0);
    // mean 1, standard deviation of the mean 8/sqrt(12·10000) ≈ 0.023
    expect(Math.abs(s / 10000 - 1)).toBeLessThan(0.12);
  });

  test("normal() has mean 0, variance 1 and 95% of its mass within ±1.96", () => {
    const rng = new Rng(3);
    let s = 0;
    let s2 = 0;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
      if (Math.abs(z) < 1.959964) inside++;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(inside / n - 0.95)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / n));
  });

  test("int(n) is in range and uniform (chi-squared)", () => {
    const rng = new Rng(4);
    const counts = new Array<number>(10).fill(0);
    const draws = 50000;
    for (let i = 0; i < draws; i++) counts[rng.int(10)]++; // an out-of-range k would add a key
    expect(counts).toHaveLength(10);
    expect(counts.reduce((a, c) => a + c, 0)).toBe(draws); // and one below 0 would be missing here
    const expected = draws / 10;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88); // the 0.999 quantile of chi-squared with 9 degrees of freedom
    expect(new Rng(4).int(1)).toBe(0);
  });

  test("int(n) has no modulo bias for n close to 2^32", () => {
    // With n = 3·2^30, plain r % n would give [0, 2^30) twice the probability (1/2 instead of 1/3).
    const rng = new Rng(5);
    const n = 3 * 2 ** 30;
    const draws = 30000;
    let low = 0;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const k = rng.int(n);
      if (!(Number.isInteger(k) && k >= 0 && k < n)) outside++;
      if (k < 2 ** 30) low++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(low / draws - 1 / 3)).toBeLessThan(5 * Math.sqrt((1 / 3) * (2 / 3) / draws));
    expect(rng.int(2 ** 32)).toBeLessThan(2 ** 32);
  });

  test("permutation(n) is a permutation, and each of the 3! orders is equally likely", () => {
    const rng = new Rng(6);
    const p = rng.permutation(50);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(rng.permutation(0))).toEqual([]);
    expect(Array.from(rng.permutation(1))).toEqual([0]);

    const counts = new Map<string, number>();
    const draws = 12000;
    for (let i = 0; i < draws; i++) {
      const key = Array.from(rng.permutation(3)).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["012", "021", "102", "120", "201", "210"]);
    const expected = draws / 6;
    const chi2 = [...counts.values()].reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(20.52); // the 0.999 quantile of chi-squared with 5 degrees of freedom
  });
});

describe("Rng: bad arguments", () => {
  test("seeds must be integers", () => {
    expect(() => new Rng(1.5)).toThrow("Rng: seed must be an integer, got 1.5");
    expect(() => new Rng(NaN)).toThrow("got NaN");
    expect(() => new Rng(Infinity)).toThrow("got Infinity");
    expect(() => new Rng("7" as never)).toThrow("seed must be an integer");
  });

  test("fromState needs four 32-bit unsigned integers, not all zero", () => {
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow("Rng.fromState: the state must not be all zeros");
    // 2^32 would wrap to 0 and leave the generator stuck at zero forever.
    expect(() => Rng.fromState([2 ** 32, 0, 0, 0])).toThrow("four 32-bit unsigned integers, got [4294967296,0,0,0]");
    expect(() => Rng.fromState([-1, 0, 0, 1])).toThrow("four 32-bit unsigned integers");
    expect(() => Rng.fromState([1, 2, 3] as never)).toThrow("four 32-bit unsigned integers");
    expect(() => Rng.fromState([1.5, 2, 3, 4])).toThrow("four 32-bit unsigned integers");
  });

  test("int and permutation reject sizes that are not positive integers", () => {
    const rng = new Rng(0);
    expect(() => rng.int(0)).toThrow("Rng.int: n must be an integer in [1, 2^32], got 0");
    expect(() => rng.int(-3)).toThrow("got -3");
    expect(() => rng.int(2.5)).toThrow("got 2.5");
    expect(() => rng.int(2 ** 32 + 1)).toThrow("got 4294967297");
    expect(() => rng.permutation(-1)).toThrow("Rng.permutation: n must be a non-negative integer, got -1");
    expect(() => rng.permutation(2.5)).toThrow("got 2.5");
  });
});
