import { nesterov, nesterovTheta } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

// L(w) = ½wᵀAw − bᵀw, g(w) = Aw − b, computed explicitly at any point.
function gradient(w: ArrayLike<number>): Float64Array {
  return Float64Array.from([3 * w[0] + 1 * w[1] - 1, 1 * w[0] + 2 * w[1] + 1]);
}

describe("nesterov", () => {
  test("two steps by hand: the parameters hold φ = θ + αv", () => {
    const phi = Float64Array.from([1, -1]); // v = 0, so φ₀ = θ₀
    const state = nesterov.init(2);
    const hp = { ...nesterov.defaults, lr: 0.1 }; // α = 0.9
    nesterov.step(phi, Float64Array.from([1, 2]), state, hp, 1);
    // v = −0.1·[1, 2] = [−0.1, −0.2]; φ = φ − 0 + 1.9 v = [0.81, −1.38]
    expectClose(state.v, [-0.1, -0.2]);
    expectClose(phi, [0.81, -1.38]);
    // θ = φ − αv = [0.9, −1.2] = θ₀ + v, the lecture's update
    expectClose(nesterovTheta(phi, state, 0.9), [0.9, -1.2]);
    nesterov.step(phi, Float64Array.from([-1, 0.5]), state, hp, 2);
    // v = 0.9·[−0.1, −0.2] − 0.1·[−1, 0.5] = [0.01, −0.23]
    // φ = [0.81, −1.38] − 0.9·[−0.1, −0.2] + 1.9·[0.01, −0.23] = [0.919, −1.637]
    expectClose(state.v, [0.01, -0.23]);
    expectClose(phi, [0.919, -1.637], 2e-16 * 8);
    expectClose(nesterovTheta(phi, state, 0.9), [0.91, -1.43], 2e-16 * 8);
  });

  test("θ = φ − αv follows the lecture's interim-update algorithm step for step (to 1e-12)", () => {
    const alpha = 0.9;
    const lr = 0.05;
    // The lecture's algorithm, written out: θ̃ = θ + αv; g = g(θ̃); v ← αv − ηg; θ ← θ + v.
    const theta = [2, -3];
    const vLecture = [0, 0];
    // The rule: the parameter holds φ, the gradient is taken where the parameter is.
    const phi = Float64Array.from(theta);
    const state = nesterov.init(2);
    let maxDiff = 0;
    for (let t = 1; t <= 400; t++) {
      const interim = [theta[0] + alpha * vLecture[0], theta[1] + alpha * vLecture[1]];
      const g = gradient(interim);
      for (let i = 0; i < 2; i++) {
        vLecture[i] = alpha * vLecture[i] - lr * g[i];
        theta[i] += vLecture[i];
      }
      nesterov.step(phi, gradient(phi), state, { lr, momentum: alpha }, t);
      const thetaFromPhi = nesterovTheta(phi, state, alpha);
      for (let i = 0; i < 2; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(thetaFromPhi[i] - theta[i]), Math.abs(state.v[i] - vLecture[i]));
      }
    }
    expect(maxDiff).toBeLessThan(1e-12);
    // The minimum w* = A⁻¹b = [3/5, −4/5] is reached.
    expectClose(theta, [0.6, -0.8], 1e-9);
  });

  test("bad hyperparameters are rejected", () => {
    expect(() => nesterov.validate({ lr: 0.1, momentum: -0.5 })).toThrow("nesterov: momentum must be a finite number >= 0 and < 1, got -0.5");
  });
});
