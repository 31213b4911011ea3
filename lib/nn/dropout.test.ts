import { Dropout, Rng, Tensor, globalRng, gradcheck, manualSeed, relError } from "gradlab";

describe("Dropout", () => {
  test("eval mode is the exact identity, forward and backward", () => {
    const layer = new Dropout({ p: 0.5, rng: new Rng(1) }).eval();
    const x = Tensor.randn([4, 5], new Rng(2));
    const y = layer.fprop(x);
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
    expect(y.data).not.toBe(x.data);
    const dy = Tensor.randn([4, 5], new Rng(3));
    expect(Array.from(layer.bprop(dy).data)).toEqual(Array.from(dy.data));
    expect(layer.mask).toBeNull();
  });

  test("training: each unit is 0 or x/(1 − p), and the kept fraction is 1 − p within 5 standard deviations", () => {
    const p = 0.3;
    const n = 50_000;
    const layer = new Dropout({ p, rng: new Rng(4) });
    const x = Tensor.randn([n / 100, 100], new Rng(5));
    const y = layer.fprop(x);
    let kept = 0;
    let worst = 0; // largest relative deviation of a kept unit from x/(1 − p)
    for (let i = 0; i < n; i++) {
      if (y.data[i] === 0) continue;
      kept++;
      worst = Math.max(worst, Math.abs(y.data[i] - x.data[i] / (1 - p)) / Math.abs(y.data[i]));
    }
    expect(worst).toBeLessThanOrEqual(2.3e-16);
    const sigma = Math.sqrt((p * (1 - p)) / n); // binomial standard deviation of the fraction
    expect(Math.abs(kept / n - (1 - p))).toBeLessThan(5 * sigma);
    expect(layer.mask!.sum()).toBe(kept);
  });

  test("E[y] = x: the mean of y over many units, and each unit's mean over many draws", () => {
    const p = 0.5;
    const n = 50_000;
    const y = new Dropout({ p, rng: new Rng(6) }).fprop(Tensor.full([n], 2.5));
    // y is 2.5/(1−p) with probability 1 − p, else 0: standard deviation 2.5·√(p/(1−p)) per unit.
    expect(Math.abs(y.mean() - 2.5)).toBeLessThan(5 * 2.5 * Math.sqrt(p / (1 - p) / n));

    const layer = new Dropout({ p: 0.2, rng: new Rng(7) });
    const x = Tensor.randn([20], new Rng(8)).map((v) => v + Math.sign(v)); // |x| ≥ 1
    const draws = 2000;
    const avg = Tensor.zeros([20]);
    for (let r = 0; r < draws; r++) {
      const yr = layer.fprop(x);
      for (let i = 0; i < 20; i++) avg.data[i] += yr.data[i] / draws;
    }
    const sd = Math.sqrt(0.2 / 0.8 / draws);
    for (let i = 0; i < 20; i++) expect(Math.abs(avg.data[i] - x.data[i])).toBeLessThan(5 * sd * Math.abs(x.data[i]));
  });

  test("the same seed gives the same mask; another seed another; reseed replays", () => {
    const x = Tensor.ones([10, 10]);
    const a = new Dropout({ rng: new Rng(42) });
    const b = new Dropout({ rng: new Rng(42) });
    const c = new Dropout({ rng: new Rng(43) });
    a.fprop(x);
    b.fprop(x);
    c.fprop(x);
    expect(Array.from(a.mask!.data)).toEqual(Array.from(b.mask!.data));
    expect(Array.from(a.mask!.data)).not.toEqual(Array.from(c.mask!.data));
    a.reseed(9);
    const first = Array.from(a.fprop(x).data);
    a.reseed(9);
    expect(Array.from(a.fprop(x).data)).toEqual(first);
  });

  test("without an rng it draws from the global generator, so manualSeed reproduces it", () => {
    const x = Tensor.ones([64]);
    const layer = new Dropout();
    manualSeed(11);
    const first = Array.from(layer.fprop(x).data);
    manualSeed(11);
    expect(Array.from(layer.fprop(x).data)).toEqual(first);
    // and it really consumed the global stream: the same draws as a fresh Rng(11)
    manualSeed(11);
    const fresh = new Rng(11);
    layer.fprop(x);
    const expected = Array.from({ length: 64 }, () => (fresh.nextUint32() >= 2 ** 31 ? 2 : 0));
    manualSeed(11);
    expect(Array.from(layer.fprop(x).data)).toEqual(expected);
    expect(globalRng().nextUint32()).toBe(fresh.nextUint32());
  });

  test("bprop is dy ⊙ m / (1 − p) with the fprop's mask m", () => {
    const p = 0.4;
    const layer = new Dropout({ p, rng: new Rng(12) });
    layer.fprop(Tensor.randn([6, 7], new Rng(13)));
    const m = layer.mask!;
    expect(m.sum()).toBeGreaterThan(0);
    expect(m.sum()).toBeLessThan(42);
    const dy = Tensor.randn([6, 7], new Rng(14));
    expect(relError(layer.bprop(dy), dy.mul(m).div(1 - p))).toBeLessThan(1e-15);
  });

  test("bprop matches centred finite differences with the mask held fixed by reseeding", () => {
    const layer = new Dropout({ p: 0.3 });
    const x = Tensor.randn([5, 8], new Rng(15));
    const report = gradcheck(layer, x, { beforeForward: () => layer.reseed(16) });
    expect(report.entries[0].relError).toBeLessThan(1e-7);
    // not vacuous: some units were dropped and some kept
    const kept = layer.mask!.sum();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(40);
  });

  test("p = 0 keeps every unit unscaled in training", () => {
    const x = Tensor.randn([3, 3], new Rng(17));
    expect(Array.from(new Dropout({ p: 0 }).fprop(x).data)).toEqual(Array.from(x.data));
  });

  test("bad options and shapes are errors saying what was expected", () => {
    expect(() => new Dropout({ p: 1 })).toThrow("Dropout: p must be a finite number >= 0 and < 1, got 1");
    expect(() => new Dropout({ p: -0.1 })).toThrow("Dropout: p must be a finite number >= 0 and < 1, got -0.1");
    expect(() => new Dropout({ p: NaN })).toThrow("got NaN");
    expect(() => new Dropout({ rate: 0.5 } as never)).toThrow('Dropout: unknown option "rate"; known options are "p", "rng"');
    expect(() => new Dropout({ rng: 42 as never })).toThrow("Dropout: rng must be an Rng such as new Rng(0), got 42");
    const layer = new Dropout();
    expect(() => layer.bprop(Tensor.zeros([2]))).toThrow("Dropout.bprop: called before fprop");
    layer.fprop(Tensor.zeros([2, 3]));
    expect(() => layer.bprop(Tensor.zeros([3, 2]))).toThrow(
      "Dropout.bprop: dy has shape [3, 2] but the cached input x has shape [2, 3]",
    );
    expect(String(new Dropout({ p: 0.25 }))).toBe("Dropout(p=0.25)");
  });
});
