import { momentum } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

// A 2-D quadratic L(w) = ½wᵀAw − bᵀw, gradient Aw − b (lecture 001's toy problem has this form).
const A = [
  [3, 1],
  [1, 2],
];
const b = [1, -1];
function gradient(w: Float64Array): Float64Array {
  return Float64Array.from([A[0][0] * w[0] + A[0][1] * w[1] - b[0], A[1][0] * w[0] + A[1][1] * w[1] - b[1]]);
}

describe("momentum", () => {
  test("lecture form, two steps by hand: v ← αv − ηg, θ ← θ + v", () => {
    const w = Float64Array.from([1, -1]);
    const state = momentum.init(2);
    const hp = { ...momentum.defaults, lr: 0.1 }; // α = 0.9, form "lecture" by default
    expect(hp.momentum).toBe(0.9);
    expect(hp.form).toBe("lecture");
    momentum.step(w, Float64Array.from([1, 2]), state, hp, 1);
    // v = −0.1·[1, 2] = [−0.1, −0.2]; θ = [0.9, −1.2]
    expectClose(state.v, [-0.1, -0.2]);
    expectClose(w, [0.9, -1.2]);
    momentum.step(w, Float64Array.from([-1, 0.5]), state, hp, 2);
    // v = 0.9·[−0.1, −0.2] − 0.1·[−1, 0.5] = [0.01, −0.23]; θ = [0.91, −1.43]
    expectClose(state.v, [0.01, -0.23]);
    expectClose(w, [0.91, -1.43]);
  });

  test("pytorch form, two steps by hand: v ← μv + g, θ ← θ − ηv", () => {
    const w = Float64Array.from([1, -1]);
    const state = momentum.init(2);
    const hp = { ...momentum.defaults, lr: 0.1, form: "pytorch" as const };
    momentum.step(w, Float64Array.from([1, 2]), state, hp, 1);
    expectClose(state.v, [1, 2]);
    expectClose(w, [0.9, -1.2]);
    momentum.step(w, Float64Array.from([-1, 0.5]), state, hp, 2);
    // v = 0.9·[1, 2] + [−1, 0.5] = [−0.1, 2.3]; θ = [0.9 + 0.01, −1.2 − 0.23]
    expectClose(state.v, [-0.1, 2.3]);
    expectClose(w, [0.91, -1.43]);
  });

  test("the two forms give the same trajectory at a constant rate (α = μ, v_lecture = −η v_pytorch)", () => {
    const lr = 0.05;
    const wL = Float64Array.from([2, -3]);
    const wP = Float64Array.from([2, -3]);
    const sL = momentum.init(2);
    const sP = momentum.init(2);
    const hpL = { lr, momentum: 0.8, form: "lecture" as const };
    const hpP = { lr, momentum: 0.8, form: "pytorch" as const };
    let maxDiff = 0;
    for (let t = 1; t <= 300; t++) {
      momentum.step(wL, gradient(wL), sL, hpL, t);
      momentum.step(wP, gradient(wP), sP, hpP, t);
      for (let i = 0; i < 2; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(wL[i] - wP[i]), Math.abs(sL.v[i] + lr * sP.v[i]));
      }
    }
    expect(maxDiff).toBeLessThan(1e-12);
    // And both converge to w* = A⁻¹b = [3/5, −4/5] (det A = 5, A⁻¹ = [[2, −1], [−1, 3]]/5).
    expectClose(wL, [0.6, -0.8], 1e-6);
  });

  test("the forms differ when the rate changes between steps (by hand, one weight, g = 1 then 1)", () => {
    const run = (form: "lecture" | "pytorch") => {
      const w = Float64Array.from([0]);
      const s = momentum.init(1);
      momentum.step(w, Float64Array.from([1]), s, { lr: 0.1, momentum: 0.9, form }, 1);
      momentum.step(w, Float64Array.from([1]), s, { lr: 0.05, momentum: 0.9, form }, 2);
      return w[0];
    };
    // lecture: v = −0.1, then v = −0.09 − 0.05 = −0.14; θ = −0.24
    expect(Math.abs(run("lecture") - -0.24)).toBeLessThan(1e-15);
    // pytorch: θ = −0.1, then v = 0.9 + 1 = 1.9, θ = −0.1 − 0.05·1.9 = −0.195
    expect(Math.abs(run("pytorch") - -0.195)).toBeLessThan(1e-15);
  });

  test("bad hyperparameters are rejected", () => {
    const ok = momentum.defaults;
    expect(() => momentum.validate({ ...ok, momentum: 1 })).toThrow("momentum: momentum must be a finite number >= 0 and < 1, got 1");
    expect(() => momentum.validate({ ...ok, form: "keras" as never })).toThrow(
      'momentum: form must be "lecture" or "pytorch", got "keras"',
    );
    expect(() => momentum.step(new Float64Array(2), new Float64Array(2), momentum.init(3), { ...ok }, 1)).toThrow(
      "momentum.step: the state has 3 entries but w has 2; create it with momentum.init(2)",
    );
  });
});
