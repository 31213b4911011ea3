import { allocationsPerCall, installFloat64ArrayCounter } from "./alloc_count";

describe("Float64Array counter", () => {
  test("counts new storage and views apart, and restores the constructor", () => {
    const Original = Float64Array;
    const before = new Float64Array(4);
    const counter = installFloat64ArrayCounter();
    try {
      const a = new Float64Array(8); // storage
      Float64Array.from([1, 2, 3]); // storage
      a.slice(0, 2); // storage, through the species
      a.subarray(2, 4); // view
      new Float64Array(a.buffer, 8, 2); // view
      expect(counter.read()).toEqual({ storage: 3, views: 2 });
      // Arrays made before the swap still count as Float64Arrays.
      expect(before instanceof Float64Array).toBe(true);
      expect(a instanceof Original).toBe(true);
    } finally {
      counter.uninstall();
    }
    expect(Float64Array).toBe(Original);
    expect(new Float64Array(3).slice(1).constructor).toBe(Original);
  });

  test("allocationsPerCall averages over the calls after warm-up", () => {
    let calls = 0;
    // Allocates on its first two calls only (like a layer creating its buffers), then two views a call.
    const buf = new Float64Array(16);
    const step = (): void => {
      if (calls++ < 2) new Float64Array(16);
      buf.subarray(0, 4);
      buf.subarray(4, 8);
    };
    expect(allocationsPerCall(step, 3, 10)).toEqual({ storage: 0, views: 2 });
    let n = 0;
    expect(allocationsPerCall(() => void (n += new Float64Array(2).length), 1, 4)).toEqual({ storage: 1, views: 0 });
    expect(n).toBe(10);
  });
});
