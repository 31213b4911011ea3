import { Rng, Tensor, analyzeHessian, hessianByFiniteDifferences, newton, newtonStep, relError } from "gradlab";

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol));
}

// L(w) = ½wᵀAw − bᵀw with A = [[4, 1], [1, 3]], b = [1, 2]: g = Aw − b, H = A.
// By hand: det A = 11, A⁻¹ = [[3, −1], [−1, 4]]/11, w* = A⁻¹b = [1/11, 7/11].
const A = [
  [4, 1],
  [1, 3],
];
const b = [1, 2];
const grad = (w: Float64Array) => Float64Array.from([4 * w[0] + w[1] - 1, w[0] + 3 * w[1] - 2]);

describe("Newton's method", () => {
  test("the finite-difference Hessian of a quadratic is A", () => {
    const H = hessianByFiniteDifferences(grad, Float64Array.from([5, -3]));
    expect(H.shape).toEqual([2, 2]);
    expectClose(H.data, [4, 1, 1, 3], 1e-9);
  });

  test("the finite-difference Hessian of a non-quadratic matches the hand-derived one", () => {
    // L(x, y) = x²y + sin y: g = [2xy, x² + cos y], H = [[2y, 2x], [2x, −sin y]].
    const g = (w: Float64Array) => Float64Array.from([2 * w[0] * w[1], w[0] * w[0] + Math.cos(w[1])]);
    const H = hessianByFiniteDifferences(g, Float64Array.from([0.7, 1.3]));
    expectClose(H.data, [2.6, 1.4, 1.4, -Math.sin(1.3)], 1e-8);
  });

  test("one step from anywhere reaches the minimum w* = A⁻¹b of a quadratic", () => {
    const w0 = Float64Array.from([5, -3]);
    const w1 = newtonStep(w0, grad(w0), A);
    expectClose(w1, [1 / 11, 7 / 11], 1e-15);
    expectClose(w0, [5, -3], 0); // not modified
    // With the finite-difference Hessian, to its accuracy.
    const w1fd = newtonStep(w0, grad(w0), hessianByFiniteDifferences(grad, w0));
    expectClose(w1fd, [1 / 11, 7 / 11], 1e-9);
  });

  test("as an update rule (for a 2-D demo) it needs a hessian function and steps in place", () => {
    const w = Float64Array.from([5, -3]);
    const hp = { ...newton.defaults, hessian: () => new Tensor(Float64Array.from([4, 1, 1, 3]), [2, 2]) };
    newton.validate(hp);
    newton.step(w, grad(w), newton.init(2), hp, 1);
    expectClose(w, [1 / 11, 7 / 11], 1e-15);
    expect(() => newton.validate({ ...newton.defaults })).toThrow("newton: hessian must be a function (w) => H");
  });

  test("a singular Hessian is an error that says so", () => {
    expect(() => newtonStep(Float64Array.from([1, 1]), [1, 2], [[1, 2], [2, 4]])).toThrow(
      "newtonStep: the Hessian is singular (eigenvalues [0, 5]",
    );
  });

  test("negative eigenvalues: the error names a saddle point or a maximum (lecture 001)", () => {
    expect(() => newtonStep(Float64Array.from([1, 1]), [1, 2], [[1, 0], [0, -1]])).toThrow(
      "newtonStep: the Hessian is not positive definite (eigenvalues [-1, 1]): it has both positive and negative eigenvalues, so w is near a saddle point",
    );
    expect(() => newtonStep(Float64Array.from([1, 1]), [1, 2], [[-2, 0], [0, -1]])).toThrow(
      "all eigenvalues are negative, so w is near a local maximum",
    );
  });

  test("analyzeHessian classifies critical points by the signs of the eigenvalues", () => {
    expect(analyzeHessian(A).kind).toBe("minimum");
    // eigenvalues of [[2, 1], [1, 2]] are 1 and 3 (by hand: (2 − λ)² = 1)
    expectClose(analyzeHessian([[2, 1], [1, 2]]).eigenvalues, [1, 3], 1e-12);
    expect(analyzeHessian([[0, 1], [1, 0]]).kind).toBe("saddle");
    expect(analyzeHessian([[-1, 0], [0, -3]]).kind).toBe("maximum");
    expect(analyzeHessian([[0, 0], [0, 0]]).kind).toBe("singular");
  });

  test("M = 60 with a known spectrum: the eigenvalues, and one step lands on w* = Q Λ⁻¹ Qᵀ b", () => {
    // A = Q diag(λ) Qᵀ with Q orthogonal (Gram–Schmidt), so A⁻¹ = Q diag(1/λ) Qᵀ is known independently.
    const M = 60;
    const rng = new Rng(9);
    const lambdas = Array.from({ length: M }, (_, k) => 0.5 + 0.25 * k);
    const Q: number[][] = [];
    for (let k = 0; k < M; k++) {
      const v = Array.from({ length: M }, () => rng.normal());
      for (let pass = 0; pass < 2; pass++) {
        for (const q of Q) {
          const d = q.reduce((s, qi, i) => s + qi * v[i], 0);
          for (let i = 0; i < M; i++) v[i] -= d * q[i];
        }
      }
      const norm = Math.hypot(...v);
      Q.push(v.map((x) => x / norm));
    }
    const combine = (f: (l: number) => number) => {
      const out = Array.from({ length: M }, () => new Array<number>(M).fill(0));
      for (let i = 0; i < M; i++) {
        for (let j = 0; j <= i; j++) out[i][j] = out[j][i] = Q.reduce((s, q, k) => s + f(lambdas[k]) * q[i] * q[j], 0);
      }
      return out;
    };
    const H = combine((l) => l);
    const Hinv = combine((l) => 1 / l);
    const bq = Array.from({ length: M }, () => rng.normal());
    const wStar = Hinv.map((row) => row.reduce((s, v, j) => s + v * bq[j], 0));
    const analysis = analyzeHessian(H);
    expect(analysis.kind).toBe("minimum");
    expect(relError(analysis.eigenvalues, lambdas)).toBeLessThan(1e-12);
    const w0 = Float64Array.from({ length: M }, () => rng.normal());
    const g0 = H.map((row, i) => row.reduce((s, v, j) => s + v * w0[j], 0) - bq[i]);
    expect(relError(newtonStep(w0, g0, H), wStar)).toBeLessThan(1e-12);
  });

  test("a Hessian symmetric only to rounding (≤ 1e-8 of its largest entry) is used through its symmetric part", () => {
    // H = [[4, 1 + 2e-9], [1, 3]] → (H + Hᵀ)/2 = [[4, c], [c, 3]] with c = 1 + 1e-9, whose inverse
    // is [[3, −c], [−c, 4]] / (12 − c²); from w = 0 with g = −[1, 2] the step is H⁻¹[1, 2].
    const c = 1 + 1e-9;
    const det = 12 - c * c;
    const w1 = newtonStep(new Float64Array(2), [-1, -2], [[4, 1 + 2e-9], [1, 3]]);
    expectClose(w1, [(3 - 2 * c) / det, (8 - c) / det], 1e-15);
    expect(() => newtonStep(new Float64Array(2), [-1, -2], [[4, 1 + 1e-7], [1, 3]])).toThrow("newtonStep: H is not symmetric");
  });

  test("malformed input is rejected", () => {
    const w = Float64Array.from([1, 1]);
    expect(() => newtonStep(w, [1, 2], [[1, 2], [3, 4]])).toThrow("newtonStep: H is not symmetric (H[0][1] = 2 but H[1][0] = 3)");
    expect(() => newtonStep(w, [1, 2, 3], A)).toThrow("newtonStep: g has 3 entries but w has 2; they must be equal");
    expect(() => newtonStep(w, [1, NaN], A)).toThrow("newtonStep: g[1] is NaN; the gradient must be finite");
    expect(() => newtonStep(w, [1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])).toThrow("newtonStep: H has shape [3, 3], expected [2, 2]");
    expect(() => newtonStep(w, [1, 2], Tensor.zeros([2, 3]))).toThrow("newtonStep: H has shape [2, 3], expected a square [M, M]");
    expect(() => hessianByFiniteDifferences(() => new Float64Array(3), w)).toThrow(
      "hessianByFiniteDifferences: grad returned 3 values for a w of 2 entries; expected 2",
    );
  });
});
