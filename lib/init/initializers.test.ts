import {
  Initializer,
  Linear,
  Rng,
  Tensor,
  constant,
  fans,
  getInitializer,
  heNormal,
  heUniform,
  initScale,
  initializers,
  lecunNormal,
  lecunUniform,
  normalFanIn,
  pytorchDefault,
  relError,
  xavierNormal,
  xavierUniform,
  zeros,
} from "gradlab";

/**
 * Sample moments about the true mean 0: m2 estimates var w, m4/m2² the kurtosis
 * (9/5 = 1.8 for a uniform distribution, 3 for a normal one).
 */
function moments(t: Tensor): { n: number; mean: number; m2: number; kurtosis: number; min: number; max: number } {
  let s1 = 0, s2 = 0, s4 = 0, min = Infinity, max = -Infinity;
  for (const v of t.data) {
    s1 += v;
    s2 += v * v;
    s4 += v * v * v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const n = t.size;
  const m2 = s2 / n;
  return { n, mean: s1 / n, m2, kurtosis: s4 / n / (m2 * m2), min, max };
}

/**
 * Checks mean ≈ 0 and var ≈ `variance` within 4 standard errors. For n samples of a zero-mean
 * distribution with fourth moment μ4, the mean of w² has standard error √((μ4 − σ⁴)/n);
 * μ4 = 3σ⁴ for a normal and 9σ⁴/5 for a uniform distribution.
 */
function expectMoments(t: Tensor, variance: number, kind: "uniform" | "normal"): void {
  const { n, mean, m2, kurtosis } = moments(t);
  const mu4 = (kind === "normal" ? 3 : 9 / 5) * variance * variance;
  expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(variance / n));
  expect(Math.abs(m2 - variance)).toBeLessThan(4 * Math.sqrt((mu4 - variance * variance) / n));
  // The shape of the distribution, not just its scale: with n ≥ 36 000 samples the kurtosis
  // has standard error ≤ √(24/n) ≈ 0.026, and 1.8 vs 3 is far apart.
  expect(Math.abs(kurtosis - (kind === "normal" ? 3 : 1.8))).toBeLessThan(0.1);
}

/** Every value in [−bound, bound), and the extremes come close to both ends. */
function expectWithin(t: Tensor, bound: number): void {
  const { min, max } = moments(t);
  expect(min).toBeGreaterThanOrEqual(-bound);
  expect(max).toBeLessThan(bound);
  // With n ≥ 36 000 samples, P(no value within 1e-3·b of an end) = (1 − 5e-4)^n < e^−18.
  expect(min).toBeLessThan(-bound * (1 - 1e-3));
  expect(max).toBeGreaterThan(bound * (1 - 1e-3));
}

describe("fans", () => {
  test("Linear weights [out, in]", () => {
    expect(fans([3, 5])).toEqual({ fanIn: 5, fanOut: 3 });
  });

  test("convolution weights [Cout, Cin, kH, kW] and [Cout, Cin, k] count the receptive field", () => {
    expect(fans([8, 4, 3, 5])).toEqual({ fanIn: 4 * 3 * 5, fanOut: 8 * 3 * 5 });
    expect(fans([6, 2, 7])).toEqual({ fanIn: 14, fanOut: 42 });
  });

  test("shapes that are not weights are rejected", () => {
    expect(() => fans([5])).toThrow("fans: a weight needs at least 2 dimensions [out, in, ...], got [5]");
    expect(() => fans([3, -2])).toThrow("fans: invalid shape [3, -2]: sizes must be non-negative integers");
    expect(() => fans([3, 2.5])).toThrow("fans: invalid shape [3, 2.5]");
  });
});

describe("initializers: distributions match the closed forms", () => {
  test("xavierUniform: U[−b, b], b = √6/√(fan_in + fan_out), var = 2/(fan_in + fan_out)", () => {
    const W = xavierUniform()([150, 250], new Rng(1)); // fan_in 250, fan_out 150
    const bound = Math.sqrt(6) / Math.sqrt(400);
    expectWithin(W, bound);
    expectMoments(W, 2 / 400, "uniform");
  });

  test("xavierUniform's gain scales the bound", () => {
    const a = xavierUniform()([40, 60], new Rng(2));
    const b = xavierUniform(2)([40, 60], new Rng(2));
    expect(relError(b, a.mul(2))).toBeLessThan(1e-15);
  });

  test("xavierNormal: N(0, 2/(fan_in + fan_out)), gain² times that with a gain", () => {
    expectMoments(xavierNormal()([150, 250], new Rng(3)), 2 / 400, "normal");
    expectMoments(xavierNormal(0.5)([150, 250], new Rng(4)), 0.25 * (2 / 400), "normal");
  });

  test("heNormal on a conv weight: N(0, 2/fan_in), fan_in = Cin·kH·kW", () => {
    expectMoments(heNormal()([64, 64, 3, 3], new Rng(5)), 2 / (64 * 9), "normal");
  });

  test("heUniform: U[−b, b], b = √(6/fan_in), var = 2/fan_in", () => {
    const W = heUniform()([160, 250], new Rng(6));
    expectWithin(W, Math.sqrt(6 / 250));
    expectMoments(W, 2 / 250, "uniform");
  });

  test("normalFanIn: N(0, σ²/fan_in); σ = 1 gives lecture 001's var w = 1/N_x", () => {
    expectMoments(normalFanIn(0.5)([100, 400], new Rng(7)), 0.25 / 400, "normal");
    expectMoments(normalFanIn()([100, 400], new Rng(8)), 1 / 400, "normal");
  });

  test("zeros and constant fill exactly", () => {
    expect(zeros()([2, 3], new Rng(0)).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(constant(0.25)([2, 2], new Rng(0)).toArray()).toEqual([[0.25, 0.25], [0.25, 0.25]]);
  });

  test("Linear's default initializer is Xavier uniform over its [out, in] weight", () => {
    const layer = new Linear(250, 160, { rng: new Rng(9) });
    expectWithin(layer.W.value, Math.sqrt(6) / Math.sqrt(410));
    expectMoments(layer.W.value, 2 / 410, "uniform");
    expect(layer.b!.value.toArray()).toEqual(new Array(160).fill(0)); // biases start at 0 (lecture 004)
  });
});

describe("initializers: options, LeCun, PyTorch's default", () => {
  test("He with mode fanOut: N(0, 2/fan_out) and U[−b, b], b = √(6/fan_out)", () => {
    expectMoments(heNormal({ mode: "fanOut" })([150, 250], new Rng(10)), 2 / 150, "normal");
    const W = heUniform({ mode: "fanOut" })([160, 250], new Rng(11));
    expectWithin(W, Math.sqrt(6 / 160));
    expectMoments(W, 2 / 160, "uniform");
  });

  test("He with a gain: std = gain/√fan; a leaky ReLU's √(2/(1 + a²)) and gain 1 (LeCun)", () => {
    const a = 0.2;
    expectMoments(heNormal({ gain: Math.sqrt(2 / (1 + a * a)) })([150, 250], new Rng(12)), 2 / (1 + a * a) / 250, "normal");
    const W = heUniform({ gain: 1, mode: "fanOut" })([160, 250], new Rng(13));
    expectWithin(W, Math.sqrt(3 / 160));
    expectMoments(W, 1 / 160, "uniform");
  });

  test("LeCun: N(0, 1/fan_in) and U[−√(3/fan_in), √(3/fan_in)]", () => {
    expectMoments(lecunNormal()([150, 250], new Rng(14)), 1 / 250, "normal");
    const W = lecunUniform()([160, 250], new Rng(15));
    expectWithin(W, Math.sqrt(3 / 250));
    expectMoments(W, 1 / 250, "uniform");
  });

  test("PyTorch's default Linear/Conv2d weight init: U[−1/√fan_in, 1/√fan_in], var 1/(3 fan_in)", () => {
    const W = pytorchDefault()([64, 16, 3, 3], new Rng(16)); // fan_in 144
    expectWithin(W, 1 / 12);
    expectMoments(W, 1 / (3 * 144), "uniform");
    expect(new Linear(3, 2, { init: "pytorchDefault", rng: new Rng(0) }).W.value.data.every((v) => Math.abs(v) < 1 / Math.sqrt(3))).toBe(true);
  });

  test("the defaults draw exactly N(0, 2/fan_in), U[±√6/√(fan_in + fan_out)], … from the generator", () => {
    const shape = [7, 5, 3];
    const { fanIn, fanOut } = fans(shape); // 15, 21
    const same = (a: Tensor, b: Tensor) => expect(Array.from(a.data)).toEqual(Array.from(b.data));
    same(heNormal()(shape, new Rng(1)), Tensor.randn(shape, new Rng(1), 0, Math.sqrt(2 / fanIn)));
    same(heUniform()(shape, new Rng(1)), Tensor.rand(shape, new Rng(1), -Math.sqrt(6 / fanIn), Math.sqrt(6 / fanIn)));
    const b = Math.sqrt(6) / Math.sqrt(fanIn + fanOut);
    same(xavierUniform()(shape, new Rng(1)), Tensor.rand(shape, new Rng(1), -b, b));
    same(xavierNormal()(shape, new Rng(1)), Tensor.randn(shape, new Rng(1), 0, Math.sqrt(2 / (fanIn + fanOut))));
    same(normalFanIn()(shape, new Rng(1)), Tensor.randn(shape, new Rng(1), 0, 1 / Math.sqrt(fanIn)));
  });

  test("the older call forms normalFanIn(σ) and xavierUniform(gain) are the options { sigma } and { gain }", () => {
    expect(normalFanIn(0.5)([4, 6], new Rng(2)).data).toEqual(normalFanIn({ sigma: 0.5 })([4, 6], new Rng(2)).data);
    expect(xavierUniform(2)([4, 6], new Rng(2)).data).toEqual(xavierUniform({ gain: 2 })([4, 6], new Rng(2)).data);
    expect(xavierNormal(0.5)([4, 6], new Rng(2)).data).toEqual(xavierNormal({ gain: 0.5 })([4, 6], new Rng(2)).data);
  });

  test("unknown options and bad values are errors, also from plain JavaScript", () => {
    expect(() => heNormal({ mod: "fanOut" } as never)).toThrow('heNormal: unknown option "mod"; known options are "mode", "gain"');
    expect(() => heNormal({ mode: "fanout" as never })).toThrow('heNormal: mode must be "fanIn" or "fanOut", got "fanout"');
    expect(() => heUniform({ gain: -1 })).toThrow("heUniform: gain must be a finite number >= 0, got -1");
    expect(() => xavierUniform({ mode: "fanOut" } as never)).toThrow('xavierUniform: unknown option "mode"; known options are "gain"');
    expect(() => normalFanIn({ std: 0.1 } as never)).toThrow('normalFanIn: unknown option "std"; known options are "sigma"');
    expect(() => lecunNormal({ gain: 2 } as never)).toThrow('lecunNormal: unknown option "gain"; known options are ');
    expect(() => pytorchDefault({ mode: "fanIn" } as never)).toThrow('pytorchDefault: unknown option "mode"');
    expect(() => zeros({ value: 1 } as never)).toThrow('zeros: unknown option "value"');
  });
});

describe("initScale: the std or bound for given fans", () => {
  const f = { fanIn: 512, fanOut: 256 };

  test("hand-worked values for every named initializer", () => {
    const expected: Record<string, [string, number, number | null]> = {
      // name: [distribution, variance, bound]
      heNormal: ["normal", 2 / 512, null],
      heUniform: ["uniform", 2 / 512, Math.sqrt(6 / 512)],
      xavierNormal: ["normal", 2 / 768, null],
      xavierUniform: ["uniform", 2 / 768, Math.sqrt(6 / 768)],
      normalFanIn: ["normal", 1 / 512, null],
      lecunNormal: ["normal", 1 / 512, null],
      lecunUniform: ["uniform", 1 / 512, Math.sqrt(3 / 512)],
      pytorchDefault: ["uniform", 1 / (3 * 512), 1 / Math.sqrt(512)],
      zeros: ["constant", 0, null],
    };
    expect(Object.keys(expected).sort()).toEqual(Object.keys(initializers).sort());
    for (const [name, [distribution, variance, bound]] of Object.entries(expected)) {
      const s = initScale(name, f);
      expect(s.distribution).toBe(distribution);
      expect(Math.abs(s.variance - variance)).toBeLessThanOrEqual(1e-15 * variance);
      expect(Math.abs(s.std - Math.sqrt(variance))).toBeLessThanOrEqual(1e-15 * Math.sqrt(variance));
      if (bound === null) expect(s.bound).toBeNull();
      else expect(Math.abs(s.bound! - bound)).toBeLessThanOrEqual(1e-15 * bound);
    }
    expect(initScale("heNormal", f).std).toBe(0.0625);
  });

  test("options are reflected: He fan-out, a gain, a constant; the shape form gives the same", () => {
    expect(initScale(heNormal({ mode: "fanOut" }), f).variance).toBeCloseTo(2 / 256, 17);
    expect(initScale(heNormal({ mode: "fanOut" }), f).formula).toBe("N(0, 2/fan_out)");
    expect(initScale(xavierUniform({ gain: 2 }), f).bound).toBeCloseTo((2 * Math.sqrt(6)) / Math.sqrt(768), 16);
    expect(initScale(constant(0.5), f)).toEqual({ distribution: "constant", mean: 0.5, std: 0, variance: 0, bound: null, formula: "0.5" });
    expect(initScale("xavierUniform", [256, 512])).toEqual(initScale("xavierUniform", f));
    expect(initScale("pytorchDefault", f).formula).toBe("U(−b, b), b = 1/√fan_in");
  });

  test("the stated scale is what the initializer draws (a sample of 40 000)", () => {
    const shape = [160, 250];
    for (const init of [heUniform({ mode: "fanOut" }), pytorchDefault(), lecunNormal()]) {
      const s = initScale(init, shape);
      expectMoments(init(shape, new Rng(17)), s.variance, s.distribution as "normal" | "uniform");
    }
  });

  test("a hand-written function or bad fans are errors", () => {
    const custom: Initializer = (shape) => Tensor.full(shape, 7);
    expect(() => initScale(custom, f)).toThrow("initScale: this initializer is a hand-written function, whose scale is unknown");
    expect(() => initScale("he", f)).toThrow('initScale: unknown initializer "he"');
    expect(() => initScale("heNormal", { fanIn: 0, fanOut: 3 })).toThrow("heNormal.scale: fanIn must be an integer >= 1, got 0");
    expect(() => initScale("heNormal", [5])).toThrow("fans: a weight needs at least 2 dimensions");
  });
});

describe("initializers: seeds, names and bad arguments", () => {
  const names = Object.keys(initializers);

  test.each(names)("%s is deterministic from a seed", (name) => {
    const init = getInitializer(name, "test");
    const a = init([20, 30], new Rng(42));
    expect(init([20, 30], new Rng(42)).data).toEqual(a.data);
    if (name !== "zeros") {
      expect(init([20, 30], new Rng(43)).data).not.toEqual(a.data);
      // The generator advances: a second draw from the same Rng is different.
      const rng = new Rng(42);
      init([20, 30], rng);
      expect(init([20, 30], rng).data).not.toEqual(a.data);
    }
  });

  test("names give the same initializer as the functions with default arguments", () => {
    expect(names.sort()).toEqual(["heNormal", "heUniform", "lecunNormal", "lecunUniform", "normalFanIn", "pytorchDefault", "xavierNormal", "xavierUniform", "zeros"]);
    expect(getInitializer("heNormal", "t")([5, 4], new Rng(1)).data).toEqual(heNormal()([5, 4], new Rng(1)).data);
    expect(getInitializer("xavierUniform", "t")([5, 4], new Rng(1)).data).toEqual(xavierUniform()([5, 4], new Rng(1)).data);
    const custom: Initializer = (shape) => Tensor.full(shape, 7);
    expect(getInitializer(custom, "t")).toBe(custom);
  });

  test("unknown names are rejected, including Object.prototype's", () => {
    expect(() => getInitializer("glorot", "Linear")).toThrow(
      'Linear: unknown initializer "glorot"; known: zeros, normalFanIn, xavierUniform, xavierNormal, heNormal, heUniform, lecunNormal, lecunUniform, pytorchDefault (or pass a function)',
    );
    expect(() => getInitializer("toString", "Linear")).toThrow('Linear: unknown initializer "toString"');
    expect(() => getInitializer("constructor", "Conv2d")).toThrow('Conv2d: unknown initializer "constructor"');
    expect(() => new Linear(2, 2, { init: "__proto__" })).toThrow('Linear: unknown initializer "__proto__"');
  });

  test("bad hyperparameters, shapes and generators are rejected", () => {
    expect(() => xavierUniform(-1)).toThrow("xavierUniform: gain must be a finite number >= 0, got -1");
    expect(() => xavierNormal(NaN)).toThrow("xavierNormal: gain must be a finite number >= 0, got NaN");
    expect(() => normalFanIn(-0.1)).toThrow("normalFanIn: sigma must be a finite number >= 0, got -0.1");
    expect(() => constant(Infinity)).toThrow("constant initializer: value must be a finite number, got Infinity");
    expect(() => heNormal()([10], new Rng(0))).toThrow("fans: a weight needs at least 2 dimensions [out, in, ...], got [10]");
    expect(() => heUniform()([3, 4], undefined as never)).toThrow(
      "heUniform: expected a seeded Rng as the second argument, e.g. init(shape, new Rng(0)), got undefined",
    );
    expect(() => xavierUniform()([3, 4], {} as never)).toThrow("xavierUniform: expected a seeded Rng");
  });
});
