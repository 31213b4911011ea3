import { sgd } from "gradlab";

/** Each entry within `tol` of the hand-computed value. */
function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

describe("sgd", () => {
  test("two steps θ ← θ − ηg by hand", () => {
    const w = Float64Array.from([1, -2, 0.5]);
    const state = sgd.init(3);
    const hp = { ...sgd.defaults, lr: 0.1 };
    const out = sgd.step(w, Float64Array.from([0.5, 1, -4]), state, hp, 1);
    // 1 − 0.05, −2 − 0.1, 0.5 + 0.4
    expectClose(w, [0.95, -2.1, 0.9]);
    expect(out.w).toBe(w); // in place
    sgd.step(w, Float64Array.from([1, 0, 2]), state, hp, 2);
    expectClose(w, [0.85, -2.1, 0.7]);
  });

  test("bad hyperparameters and sizes are rejected with the expected value", () => {
    expect(() => sgd.validate({ lr: -0.1 })).toThrow("sgd: lr must be a finite number >= 0, got -0.1");
    expect(() => sgd.validate({ lr: NaN })).toThrow("sgd: lr must be a finite number");
    expect(() => sgd.step(new Float64Array(3), new Float64Array(2), {}, { lr: 0.1 }, 1)).toThrow(
      "sgd.step: g has 2 entries but w has 3; they must be equal",
    );
  });
});
