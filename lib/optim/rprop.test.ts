import { rprop } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

describe("rprop", () => {
  test("step sizes grow ×1.2 while signs agree, up to stepMax, and halve on a flip (no move, gradient forgotten)", () => {
    const w = new Float64Array(2);
    const state = rprop.init(2);
    const hp = { ...rprop.defaults, lr: 0.1, stepMin: 0.01, stepMax: 0.15 };
    // weight 0 sees +, +, +, +; weight 1 sees −, −, +, +.
    const grads = [[1, -1], [2, -3], [0.5, 2], [1, 1]].map((g) => Float64Array.from(g));

    rprop.step(w, grads[0], state, hp, 1);
    // first step: Δ = lr for every weight (no previous gradient), θ −= sign(g)Δ
    expectClose(state.step, [0.1, 0.1]);
    expectClose(w, [-0.1, 0.1]);

    rprop.step(w, grads[1], state, hp, 2);
    // both agree: Δ = 0.1·1.2 = 0.12
    expectClose(state.step, [0.12, 0.12]);
    expectClose(w, [-0.22, 0.22]);

    rprop.step(w, grads[2], state, hp, 3);
    // weight 0 agrees: 0.144; weight 1 flips: 0.06, does not move, remembered gradient set to 0
    expectClose(state.step, [0.144, 0.06]);
    expectClose(w, [-0.364, 0.22]);
    expectClose(state.prev, [0.5, 0]);

    rprop.step(w, grads[3], state, hp, 4);
    // weight 0: 0.144·1.2 = 0.1728 capped at stepMax 0.15; weight 1: no previous sign, Δ stays 0.06
    expectClose(state.step, [0.15, 0.06]);
    expectClose(w, [-0.514, 0.16]);
  });

  test("step sizes do not fall below stepMin", () => {
    const w = new Float64Array(1);
    const state = rprop.init(1);
    const hp = { ...rprop.defaults, lr: 0.1, stepMin: 0.04 };
    const signs = [1, -1, 1, -1];
    signs.forEach((s, k) => rprop.step(w, Float64Array.from([s]), state, hp, k + 1));
    // 0.1 (θ = −0.1) → flip 0.05 (no move) → 0.05 (θ = −0.15) → flip 0.025, floored to 0.04 (no move)
    expectClose(state.step, [0.04]);
    expectClose(w, [-0.15]);
  });

  test("bad hyperparameters are rejected", () => {
    const ok = rprop.defaults;
    expect(ok).toEqual({ lr: 0.01, etaMinus: 0.5, etaPlus: 1.2, stepMin: 1e-6, stepMax: 50 });
    expect(() => rprop.validate({ ...ok, etaPlus: 0.9 })).toThrow("rprop: etaPlus must be a finite number > 1, got 0.9");
    expect(() => rprop.validate({ ...ok, etaMinus: 1 })).toThrow("rprop: etaMinus must be a finite number > 0 and < 1, got 1");
    expect(() => rprop.validate({ ...ok, stepMin: 1, stepMax: 0.5 })).toThrow("rprop: stepMax must be a finite number >= 1, got 0.5");
  });
});

describe("rprop clamps every step size to [stepMin, stepMax], the first one included (as PyTorch)", () => {
  test("lr above stepMax: the first step moves by stepMax, and Δ stays there while the signs agree", () => {
    const w = Float64Array.from([0, 0, 0]);
    const state = rprop.init(3);
    const hp = { ...rprop.defaults, lr: 2, stepMax: 0.5 };
    rprop.step(w, Float64Array.from([3, -1, 0]), state, hp, 1);
    // Δ = min(max(2, 1e-6), 0.5) = 0.5; the zero gradient does not move its weight.
    expectClose(state.step, [0.5, 0.5, 0.5]);
    expectClose(w, [-0.5, 0.5, 0]);
    rprop.step(w, Float64Array.from([1, -2, 0]), state, hp, 2);
    // agree: min(0.5·1.2, 0.5) = 0.5; the third weight's g·g_prev = 0 keeps Δ = 0.5
    expectClose(state.step, [0.5, 0.5, 0.5]);
    expectClose(w, [-1, 1, 0]);
  });

  test("lr below stepMin: the first step moves by stepMin", () => {
    const w = new Float64Array(1);
    const state = rprop.init(1);
    rprop.step(w, Float64Array.from([-4]), state, { ...rprop.defaults, lr: 1e-9, stepMin: 1e-4 }, 1);
    expectClose(state.step, [1e-4]);
    expectClose(w, [1e-4]);
  });
});
