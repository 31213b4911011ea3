import { adam } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

describe("adam", () => {
  test("the lecture's defaults: β1 0.9, β2 0.999, η 0.001, ε 1e-8", () => {
    expect(adam.defaults).toEqual({ lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  });

  test("the first step moves every weight with a nonzero gradient by exactly lr, whatever the scale", () => {
    const g = Float64Array.from([1e-6, -3e4, 0.7, -2.5e-3, 0]);
    const w = new Float64Array(5);
    // ε tiny so that "exactly" holds to rounding: m̂ = g, v̂ = g², Δ = −lr g/|g|.
    adam.step(w, g, adam.init(5), { ...adam.defaults, lr: 0.01, eps: 1e-30 }, 1);
    expectClose(w, [-0.01, 0.01, -0.01, 0.01, 0], 1e-17);
  });

  test("two steps by hand, with the bias corrections", () => {
    const w = Float64Array.from([0.5, -0.5]);
    const state = adam.init(2);
    const hp = { ...adam.defaults, eps: 1e-30 };
    adam.step(w, Float64Array.from([1, 2]), state, hp, 1);
    // m = 0.1 g = [0.1, 0.2], v = 0.001 g² = [0.001, 0.004]; m̂ = g, v̂ = g²: Δ = −0.001 sign(g)
    expectClose(state.m, [0.1, 0.2], 2e-16);
    expectClose(state.v, [0.001, 0.004], 1e-17);
    expectClose(w, [0.499, -0.501]);
    adam.step(w, Float64Array.from([-1, 2]), state, hp, 2);
    // m = [0.09 − 0.1, 0.18 + 0.2] = [−0.01, 0.38], m̂ = m/(1 − 0.81) = [−1/19, 2]
    // v = [0.000999 + 0.001, 0.003996 + 0.004] = [0.001999, 0.007996], v̂ = v/(1 − 0.998001) = [1, 4]
    // Δ = −0.001·[−1/19 / 1, 2 / 2] = [0.001/19, −0.001]
    expectClose(state.m, [-0.01, 0.38], 2e-16);
    expectClose(state.v, [0.001999, 0.007996], 1e-17);
    expectClose(w, [0.499 + 0.001 / 19, -0.502]);
  });

  test("with the default ε the same steps agree to lr·ε/|g|", () => {
    const w = Float64Array.from([0.5, -0.5]);
    const state = adam.init(2);
    adam.step(w, Float64Array.from([1, 2]), state, { ...adam.defaults }, 1);
    adam.step(w, Float64Array.from([-1, 2]), state, { ...adam.defaults }, 2);
    expectClose(w, [0.499 + 0.001 / 19, -0.502], 2e-11);
  });

  test("ε sits outside the square root, √v̂ + ε: two steps by hand with ε = 1", () => {
    // With ε = 1 the two placements differ at once: g = 3 gives m̂ = 3, v̂ = 9, and
    // 3/(√9 + 1) = 0.75 while 3/√(9 + 1) = 0.9487.
    const w = Float64Array.from([0, 0]);
    const state = adam.init(2);
    const hp = { ...adam.defaults, lr: 0.1, eps: 1 };
    adam.step(w, Float64Array.from([3, -0.5]), state, hp, 1);
    // weight 1: m̂ = −0.5, v̂ = 0.25 → −0.5/(0.5 + 1) = −1/3
    expectClose(w, [-0.075, 0.1 / 3], 1e-16);
    adam.step(w, Float64Array.from([1, -0.5]), state, hp, 2);
    // weight 0: m = 0.9·0.3 + 0.1·1 = 0.37, m̂ = 0.37/0.19; v = 0.999·0.009 + 0.001·1 = 0.009991,
    // v̂ = 0.009991/0.001999 = 4.998: Δ = −0.1·(0.37/0.19)/(√4.998 + 1). Weight 1 sees −0.5 twice:
    // m̂ = −0.5, v̂ = 0.25 again, Δ = 0.1/3.
    const m0 = 0.37 / 0.19;
    const v0 = 0.009991 / 0.001999;
    expectClose(w, [-0.075 - (0.1 * m0) / (Math.sqrt(v0) + 1), 0.2 / 3], 1e-15);
    // The inside placement would have moved weight 0 by 0.1·3/√10 on the first step instead.
    expect(Math.abs(-0.075 - (-0.3 / Math.sqrt(10)))).toBeGreaterThan(0.01);
  });

  test("bad hyperparameters and step numbers are rejected", () => {
    const ok = adam.defaults;
    expect(() => adam.validate({ ...ok, beta1: 1 })).toThrow("adam: beta1 must be a finite number >= 0 and < 1, got 1");
    expect(() => adam.validate({ ...ok, beta2: 1.5 })).toThrow("adam: beta2 must be a finite number >= 0 and < 1, got 1.5");
    expect(() => adam.validate({ ...ok, eps: -1e-8 })).toThrow("adam: eps must be a finite number > 0, got -1e-8");
    expect(() => adam.step(new Float64Array(1), new Float64Array(1), adam.init(1), { ...ok }, 0)).toThrow(
      "adam.step: t must be the 1-based step number (1, 2, ...) for the bias correction, got 0",
    );
  });
});
