import { adagrad } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

// ε = 16 is far larger than in practice, so that the two placements give visibly different numbers.
const g1 = Float64Array.from([3, 4]);
const g2 = Float64Array.from([4, 3]);

describe("adagrad", () => {
  test("ε inside (lecture): r ← r + g², θ ← θ − η g/√(ε + r), two steps by hand", () => {
    const w = new Float64Array(2);
    const state = adagrad.init(2);
    const hp = { lr: 1, eps: 16, epsPlacement: "inside" as const };
    adagrad.step(w, g1, state, hp, 1);
    // r = [9, 16]; Δ = −[3/√25, 4/√32] = −[0.6, 1/√2]
    expectClose(state.r, [9, 16]);
    expectClose(w, [-0.6, -0.7071067811865476]);
    adagrad.step(w, g2, state, hp, 2);
    // r = [25, 25]; Δ = −[4/√41, 3/√41] = −[0.6246950475544243, 0.4685212856658182]
    expectClose(state.r, [25, 25]);
    expectClose(w, [-1.2246950475544243, -1.1756280668523655], 4e-16);
  });

  test("ε outside (PyTorch): θ ← θ − η g/(√r + ε), two steps by hand", () => {
    const w = new Float64Array(2);
    const state = adagrad.init(2);
    const hp = { lr: 1, eps: 16, epsPlacement: "outside" as const };
    adagrad.step(w, g1, state, hp, 1);
    // Δ = −[3/(3 + 16), 4/(4 + 16)] = −[3/19, 1/5]
    expectClose(w, [-3 / 19, -0.2]);
    adagrad.step(w, g2, state, hp, 2);
    // Δ = −[4/(5 + 16), 3/(5 + 16)] = −[4/21, 1/7]
    expectClose(w, [-3 / 19 - 4 / 21, -0.2 - 1 / 7], 4e-16);
  });

  test("the lecture's placement is the default, with the book's δ = 1e-7", () => {
    expect(adagrad.defaults).toEqual({ lr: 0.01, eps: 1e-7, epsPlacement: "inside" });
  });

  test("bad hyperparameters are rejected", () => {
    const ok = adagrad.defaults;
    expect(() => adagrad.validate({ ...ok, eps: 0 })).toThrow("adagrad: eps must be a finite number > 0, got 0");
    expect(() => adagrad.validate({ ...ok, epsPlacement: "middle" as never })).toThrow(
      'adagrad: epsPlacement must be "inside" or "outside", got "middle"',
    );
  });
});
