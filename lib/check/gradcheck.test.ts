import { Linear, Module, Param, Rng, Tensor, gradcheck } from "gradlab";

// Deliberately broken layers: each is a correct Linear with one classic bprop mistake, so
// the tests show that gradcheck catches it (and says where).

/** dx with the wrong sign. */
class NegatedDx extends Linear {
  override bprop(dy: Tensor): Tensor {
    return super.bprop(dy).neg();
  }
}

/** dW transposed (the layer is square, so the shape is right and only the values are wrong). */
class TransposedDW extends Linear {
  override bprop(dy: Tensor): Tensor {
    const before = this.W.grad.clone();
    const dx = super.bprop(dy);
    const increment = this.W.grad.sub(before).transpose();
    this.W.grad.data.set(before.add(increment).data);
    return dx;
  }
}

/** db averaged over the batch instead of summed: off by a factor N. */
class MeanBias extends Linear {
  override bprop(dy: Tensor): Tensor {
    const b = this.b!;
    const before = b.grad.clone();
    const dx = super.bprop(dy);
    const N = dy.shape[0];
    b.grad.data.set(before.add(b.grad.sub(before).div(N)).data);
    return dx;
  }
}

/** Overwrites the parameter gradients (grad = …) instead of adding to them (grad += …). */
class Overwrites extends Linear {
  override bprop(dy: Tensor): Tensor {
    this.zeroGrad();
    return super.bprop(dy);
  }
}

/** dx off by a relative 1e-5: small, but far above round-off. */
class SlightlyOff extends Linear {
  override bprop(dy: Tensor): Tensor {
    return super.bprop(dy).mul(1 + 1e-5);
  }
}

/** Returns dx flattened to [N·in]. */
class FlatDx extends Linear {
  override bprop(dy: Tensor): Tensor {
    return super.bprop(dy).reshape([-1]);
  }
}

/** Counts its forward passes. */
class CountingLinear extends Linear {
  calls = 0;
  override fprop(x: Tensor): Tensor {
    this.calls++;
    return super.fprop(x);
  }
}

/** y = x ⊙ m with a fresh random mask m on every fprop, like Dropout's. */
class RandomMask extends Module {
  rng = new Rng(0);
  private mask: Tensor | null = null;
  fprop(x: Tensor): Tensor {
    this.mask = Tensor.rand(x.shape, this.rng, 0.5, 1.5);
    return x.mul(this.mask);
  }
  bprop(dy: Tensor): Tensor {
    return dy.mul(this.mask!);
  }
}

const entry = (report: ReturnType<typeof gradcheck>, name: string) => report.entries.find((e) => e.name === name)!;

describe("gradcheck on a correct layer", () => {
  test("Linear passes for x, W and b, checking every coordinate", () => {
    const rng = new Rng(1);
    const layer = new Linear(5, 4, { rng });
    layer.b!.value.data.set(Tensor.randn([4], rng).data); // a non-zero bias
    const report = gradcheck(layer, Tensor.randn([3, 5], rng));
    expect(report.ok).toBe(true);
    expect(report.tol).toBe(1e-7);
    expect(report.entries.map((e) => [e.name, e.shape, e.checked])).toEqual([
      ["x", [3, 5], 15],
      ["W", [4, 5], 20],
      ["b", [4], 4],
    ]);
    for (const e of report.entries) {
      expect(e.ok).toBe(true);
      expect(e.accumulates).toBe(true);
      expect(e.relError).toBeLessThan(1e-7);
    }
    const text = report.toString();
    expect(text.split("\n")[0]).toBe("gradcheck Linear: passed (tolerance 1e-7)");
    expect(text).toMatch(/^ {2}ok {3}x {12}\[3, 5\] +relError \d\.\d\de-\d+$/m);
    expect(text).not.toContain("FAIL");
  });

  test("x and the parameters are restored exactly; the grads hold one bprop's values", () => {
    const rng = new Rng(2);
    const layer = new Linear(6, 3, { rng });
    const x = Tensor.randn([4, 6], rng);
    const xBefore = Array.from(x.data);
    const WBefore = Array.from(layer.W.value.data);
    const bBefore = Array.from(layer.b!.value.data);
    layer.W.grad.data.fill(123); // stale gradients are cleared first
    const report = gradcheck(layer, x);
    expect(Array.from(x.data)).toEqual(xBefore);
    expect(Array.from(layer.W.value.data)).toEqual(WBefore);
    expect(Array.from(layer.b!.value.data)).toEqual(bBefore);
    // Left holding the analytic gradient that was checked (not doubled by the accumulation test).
    const w = entry(report, "W").worst;
    expect(layer.W.grad.data[w.index]).toBe(w.analytic);
    expect(Math.abs(w.analytic - w.numeric)).toBeLessThan(1e-7 * (Math.abs(w.analytic) + 1e-8));
  });

  test("x and the parameters are restored when fprop throws part-way", () => {
    const rng = new Rng(3);
    class Fails extends Linear {
      failAt = 0;
      calls = 0;
      override fprop(x: Tensor): Tensor {
        if (++this.calls === this.failAt) throw new Error("fprop failed");
        return super.fprop(x);
      }
    }
    const x = Tensor.randn([2, 3], rng);
    const xBefore = Array.from(x.data);
    // Passes 1-2 are dy and the accumulation test, then two per coordinate: x's 6 coordinates
    // take passes 3-14, so pass 9 has x[3] + h in place and pass 16 has W[0] − h.
    for (const failAt of [9, 16]) {
      const layer = new Fails(3, 2, { rng });
      layer.failAt = failAt;
      const WBefore = Array.from(layer.W.value.data);
      expect(() => gradcheck(layer, x)).toThrow("fprop failed");
      expect(layer.calls).toBe(failAt);
      expect(Array.from(x.data)).toEqual(xBefore);
      expect(Array.from(layer.W.value.data)).toEqual(WBefore);
    }
  });

  test("maxChecks samples only that many coordinates per tensor", () => {
    const rng = new Rng(4);
    const x = Tensor.randn([8, 30], rng);
    const sampled = new CountingLinear(30, 20, { rng });
    const sampledReport = gradcheck(sampled, x, { maxChecks: 5 });
    expect(sampledReport.ok).toBe(true);
    expect(sampledReport.entries.map((e) => e.checked)).toEqual([5, 5, 5]);

    const full = new CountingLinear(30, 20, { rng });
    const fullReport = gradcheck(full, x);
    expect(fullReport.entries.map((e) => e.checked)).toEqual([240, 600, 20]);
    // Each checked coordinate costs two forward passes; everything else is the same.
    expect(full.calls - sampled.calls).toBe(2 * (860 - 15));
    expect(sampled.calls).toBeLessThan(2 * 15 + 5);
  });

  test("beforeForward replays randomness, without which the check fails", () => {
    const x = Tensor.randn([3, 4], new Rng(5));
    const layer = new RandomMask();
    expect(gradcheck(layer, x).ok).toBe(false);
    const replayed = gradcheck(layer, x, { beforeForward: () => (layer.rng = new Rng(7)) });
    expect(replayed.ok).toBe(true);
    expect(replayed.entries[0].relError).toBeLessThan(1e-7);
  });
});

describe("gradcheck catches broken layers", () => {
  const rng = new Rng(6);
  const x = Tensor.randn([3, 4], rng);

  test("a negated dx", () => {
    const report = gradcheck(new NegatedDx(4, 4, { rng }), x);
    expect(report.ok).toBe(false);
    const e = entry(report, "x");
    expect(e.ok).toBe(false);
    expect(e.relError).toBeCloseTo(1, 6); // |g − (−g)| / (|g| + |g|)
    expect(e.worst.analytic).toBeCloseTo(-e.worst.numeric, 6);
    expect(entry(report, "W").ok).toBe(true);
    expect(entry(report, "b").ok).toBe(true);
    const text = report.toString();
    expect(text).toContain("gradcheck NegatedDx: FAILED (tolerance 1e-7)");
    expect(text).toMatch(/FAIL x +\[3, 4\] +relError 1\.00e\+0 {2}worst at \d+: bprop -?\d\.\d{5} vs numeric -?\d\.\d{5}/);
    expect(text).toMatch(/ok {3}W /);
  });

  test("a transposed dW", () => {
    const report = gradcheck(new TransposedDW(4, 4, { rng }), x);
    expect(report.ok).toBe(false);
    expect(entry(report, "W").ok).toBe(false);
    expect(entry(report, "W").relError).toBeGreaterThan(0.1);
    expect(entry(report, "x").ok).toBe(true);
    expect(report.toString()).toMatch(/FAIL W +\[4, 4\] +relError .* worst at \d+/);
  });

  test("db averaged over the batch instead of summed (off by N = 3)", () => {
    const layer = new MeanBias(4, 2, { rng });
    const report = gradcheck(layer, x);
    expect(report.ok).toBe(false);
    const e = entry(report, "b");
    expect(e.relError).toBeCloseTo((1 - 1 / 3) / (1 + 1 / 3), 6); // = 0.5
    expect(e.worst.numeric / e.worst.analytic).toBeCloseTo(3, 6);
    expect(entry(report, "W").ok).toBe(true);
  });

  test("gradients overwritten instead of accumulated", () => {
    const report = gradcheck(new Overwrites(4, 3, { rng }), x);
    expect(report.ok).toBe(false);
    for (const name of ["W", "b"]) {
      const e = entry(report, name);
      expect(e.ok).toBe(false);
      expect(e.accumulates).toBe(false);
      expect(e.relError).toBeLessThan(1e-7); // one bprop from zero is right; only += is missing
    }
    expect(entry(report, "x").ok).toBe(true);
    expect(report.toString()).toContain("bprop overwrites W's grad instead of adding to it (+=)");
    expect(report.toString()).toContain("bprop overwrites b's grad instead of adding to it (+=)");
  });

  test("a small relative error of 1e-5 fails the default tolerance of 1e-7 but passes 1e-4", () => {
    const layer = new SlightlyOff(4, 3, { rng });
    const strict = gradcheck(layer, x);
    expect(strict.ok).toBe(false);
    expect(entry(strict, "x").relError).toBeCloseTo(1e-5 / (2 + 1e-5), 8);
    expect(gradcheck(layer, x, { tol: 1e-4 }).ok).toBe(true);
  });

  test("a dx of the wrong shape is an error naming both shapes", () => {
    expect(() => gradcheck(new FlatDx(4, 2, { rng }), x)).toThrow(
      "gradcheck: FlatDx.bprop returned dx with shape [12], expected [3, 4] (the shape of x)",
    );
  });
});

describe("gradcheck options", () => {
  const layer = new Linear(2, 2, { rng: new Rng(0) });
  const x = Tensor.zeros([1, 2]);

  test("unknown options and bad values are rejected", () => {
    expect(() => gradcheck(layer, x, { tolerance: 1e-7 } as never)).toThrow('gradcheck: unknown option "tolerance"');
    expect(() => gradcheck(layer, x, { tol: -1 })).toThrow("gradcheck: tol must be a finite number > 0, got -1");
    expect(() => gradcheck(layer, x, { h: 0 })).toThrow("gradcheck: h must be a finite number > 0, got 0");
    expect(() => gradcheck(layer, x, { maxChecks: 1.5 })).toThrow("gradcheck: maxChecks must be an integer >= 0, got 1.5");
    expect(() => gradcheck(layer, x, { seed: NaN })).toThrow("gradcheck: seed must be an integer, got NaN");
    expect(() => gradcheck(layer, x, { beforeForward: 3 as never })).toThrow(
      "gradcheck: beforeForward must be a function or null, got number",
    );
  });

  test("a module without parameters checks only x", () => {
    class Square extends Module {
      private x: Tensor | null = null;
      fprop(x: Tensor): Tensor {
        this.x = x;
        return x.mul(x);
      }
      bprop(dy: Tensor): Tensor {
        return dy.mul(this.x!).mul(2);
      }
      override params(): Param[] {
        return [];
      }
    }
    const report = gradcheck(new Square(), Tensor.randn([2, 3], new Rng(8)));
    expect(report.ok).toBe(true);
    expect(report.entries.map((e) => e.name)).toEqual(["x"]);
  });
});
