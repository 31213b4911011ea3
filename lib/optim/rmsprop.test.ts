import { rmsprop } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

// β = 0.75 and these gradients keep v = [1, 4] after both steps, so the square roots are easy.
const g1 = Float64Array.from([2, -4]);
const g2 = Float64Array.from([1, 2]);

describe("rmsprop", () => {
  test("ε inside (lecture): v ← βv + (1 − β)g², θ ← θ − η g/√(v + ε), two steps by hand", () => {
    const w = new Float64Array(2);
    const state = rmsprop.init(2);
    const hp = { lr: 1, beta: 0.75, eps: 3, epsPlacement: "inside" as const };
    rmsprop.step(w, g1, state, hp, 1);
    // v = 0.25·[4, 16] = [1, 4]; Δ = −[2/√4, −4/√7] = [−1, 4/√7]
    expectClose(state.v, [1, 4]);
    expectClose(w, [-1, 4 / Math.sqrt(7)]);
    rmsprop.step(w, g2, state, hp, 2);
    // v = 0.75·[1, 4] + 0.25·[1, 4] = [1, 4]; Δ = −[1/√4, 2/√7]; θ = [−1.5, 2/√7 = 0.7559289460184544]
    expectClose(state.v, [1, 4]);
    expectClose(w, [-1.5, 0.7559289460184544], 4e-16);
  });

  test("ε outside (PyTorch): θ ← θ − η g/(√v + ε), two steps by hand", () => {
    const w = new Float64Array(2);
    const state = rmsprop.init(2);
    const hp = { lr: 1, beta: 0.75, eps: 1, epsPlacement: "outside" as const };
    rmsprop.step(w, g1, state, hp, 1);
    // Δ = −[2/(1 + 1), −4/(2 + 1)] = [−1, 4/3]
    expectClose(w, [-1, 4 / 3]);
    rmsprop.step(w, g2, state, hp, 2);
    // Δ = −[1/2, 2/3]
    expectClose(w, [-1.5, 2 / 3], 4e-16);
  });

  test("a zero gradient leaves a weight in place (ε keeps 0/0 out)", () => {
    const w = Float64Array.from([0.25, 0.5]);
    rmsprop.step(w, new Float64Array(2), rmsprop.init(2), { ...rmsprop.defaults }, 1);
    expectClose(w, [0.25, 0.5], 0);
  });

  test("bad hyperparameters are rejected", () => {
    const ok = rmsprop.defaults;
    expect(() => rmsprop.validate({ ...ok, beta: 1 })).toThrow("rmsprop: beta must be a finite number >= 0 and < 1, got 1");
    expect(() => rmsprop.validate({ ...ok, lr: -1 })).toThrow("rmsprop: lr must be a finite number >= 0, got -1");
  });
});
