import { adam, adamw } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

describe("adamw", () => {
  test("two steps by hand: θ ← θ(1 − ηλ), then the Adam step", () => {
    expect(adamw.defaults.weightDecay).toBe(0.01);
    const w = Float64Array.from([1, -2]);
    const state = adamw.init(2);
    const hp = { ...adamw.defaults, lr: 0.1, weightDecay: 0.5, eps: 1e-30 };
    adamw.step(w, Float64Array.from([1, 1]), state, hp, 1);
    // decay: [1, −2]·(1 − 0.05) = [0.95, −1.9]; Adam's first step: −0.1 sign(g) → [0.85, −2.0]
    expectClose(w, [0.85, -2.0]);
    adamw.step(w, Float64Array.from([-1, 1]), state, hp, 2);
    // decay: [0.85·0.95, −2·0.95] = [0.8075, −1.9]
    // Adam: m̂ = [−0.01, 0.19]/0.19 = [−1/19, 1], v̂ = [1, 1] → Δ = [0.1/19, −0.1]
    expectClose(w, [0.8075 + 0.1 / 19, -2.0], 2e-15);
  });

  test("decoupled decay is not Adam + L2: one step by hand with λ = 0.5 on weights with small and large gradients", () => {
    // w = [1, 4], g = [1, 100], η = 0.1, λ = 0.5.
    // AdamW: decay w(1 − ηλ) = [0.95, 3.8], then Adam's first step −η sign(g): [0.85, 3.7].
    // Adam + L2: g + λw = [1.5, 102]; Adam's first step is −η sign(g + λw) = [0.9, 3.9]: the
    // division by √v̂ has cancelled the penalty entirely, while AdamW shrank both weights by 5 %.
    const hp = { ...adamw.defaults, lr: 0.1, weightDecay: 0.5, eps: 1e-30 };
    const decoupled = Float64Array.from([1, 4]);
    adamw.step(decoupled, Float64Array.from([1, 100]), adamw.init(2), hp, 1);
    expectClose(decoupled, [0.85, 3.7], 1e-15);
    const coupled = Float64Array.from([1, 4]);
    const gL2 = Float64Array.from([1 + 0.5 * 1, 100 + 0.5 * 4]);
    adam.step(coupled, gL2, adam.init(2), { ...adam.defaults, lr: 0.1, eps: 1e-30 }, 1);
    expectClose(coupled, [0.9, 3.9], 1e-15);
  });

  test("with weightDecay 0 it is Adam", () => {
    const a = Float64Array.from([0.3, -0.7, 1.1]);
    const b = Float64Array.from(a);
    const sa = adam.init(3);
    const sb = adamw.init(3);
    for (let t = 1; t <= 5; t++) {
      const g = Float64Array.from([t, -2 * t, 0.5]);
      adam.step(a, g, sa, { ...adam.defaults, lr: 0.1 }, t);
      adamw.step(b, g, sb, { ...adamw.defaults, lr: 0.1, weightDecay: 0 }, t);
    }
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  test("bad hyperparameters are rejected; a size mismatch leaves w untouched", () => {
    expect(() => adamw.validate({ ...adamw.defaults, weightDecay: -0.1 })).toThrow(
      "adamw: weightDecay must be a finite number >= 0, got -0.1",
    );
    const w = Float64Array.from([1, 2]);
    expect(() => adamw.step(w, new Float64Array(3), adamw.init(2), { ...adamw.defaults }, 1)).toThrow(
      "adamw.step: g has 3 entries but w has 2",
    );
    expect(Array.from(w)).toEqual([1, 2]);
  });
});
