import { Quadratic, Rng, Tensor, numericalGradient, regressionQuadratic, relError } from "gradlab";

/** A = Q diag(λ) Qᵀ for a random orthogonal Q (Gram–Schmidt of Gaussian columns). */
function withEigenvalues(lambdas: number[], rng: Rng): number[][] {
  const M = lambdas.length;
  const Q: number[][] = [];
  for (let k = 0; k < M; k++) {
    const v = Array.from({ length: M }, () => rng.normal());
    for (const q of Q) {
      const d = q.reduce((s, qi, i) => s + qi * v[i], 0);
      for (let i = 0; i < M; i++) v[i] -= d * q[i];
    }
    const n = Math.hypot(...v);
    Q.push(v.map((x) => x / n));
  }
  const A = Array.from({ length: M }, (_, i) =>
    Array.from({ length: M }, (_, j) => Q.reduce((s, q, k) => s + lambdas[k] * q[i] * q[j], 0)),
  );
  // Exactly symmetric despite round-off in the sum.
  for (let i = 0; i < M; i++) for (let j = 0; j < i; j++) A[i][j] = A[j][i];
  return A;
}

function distance(w: ArrayLike<number>, v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (w[i] - v[i]) ** 2;
  return Math.sqrt(s);
}

/** Plain GD w ← w − η(Aw − b), returning ‖w_t − w*‖ for t = 0..steps. */
function gdDistances(q: Quadratic, w0: number[], lr: number, steps: number): number[] {
  const w = Float64Array.from(w0);
  const g = new Float64Array(q.dim);
  const wStar = q.wStar;
  const out = [distance(w, wStar)];
  for (let t = 0; t < steps; t++) {
    q.grad(w, g);
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
    out.push(distance(w, wStar));
  }
  return out;
}

describe("Quadratic: the lectures' toy regression", () => {
  // x⁽¹⁾ = (2, 2), y⁽¹⁾ = 2; x⁽²⁾ = (2, 0), y⁽²⁾ = 0; L = ½Σ(y − wᵀx)².
  // By hand: A = Σxxᵀ = [[4, 4], [4, 4]] + [[4, 0], [0, 0]] = [[8, 4], [4, 4]];
  // b = Σyx = 2·(2, 2) + 0 = (4, 4); c = ½Σy² = 2.
  // Eigenvalues: trace 12, det 16, so λ = 6 ± √(36 − 16) = 6 ± 2√5.
  // κ = (6 + 2√5)/(6 − 2√5); η* = 2/12 = 1/6; rate = (λ_M − λ₁)/(λ_M + λ₁) = 4√5/12 = √5/3;
  // 2/λ_M = 1/(3 + √5); w* = A⁻¹b = (1/16)[[4, −4], [−4, 8]](4, 4) = (0, 1), a perfect fit.
  const q = regressionQuadratic([[2, 2], [2, 0]], [2, 0]);
  const s5 = Math.sqrt(5);

  test("A, b and c are Σxxᵀ, Σyx and ½Σy²", () => {
    expect(q.A).toEqual([[8, 4], [4, 4]]);
    expect(q.b).toEqual([4, 4]);
    expect(q.c).toBe(2);
  });

  test("value equals ½Σ(y − wᵀx)² and the gradient matches finite differences", () => {
    const w = [0.3, -1.7];
    const direct = 0.5 * ((2 - (2 * 0.3 + 2 * -1.7)) ** 2 + (0 - 2 * 0.3) ** 2);
    expect(q.value(w)).toBeCloseTo(direct, 13);
    const t = Tensor.from(w);
    const numeric = numericalGradient(() => q.value(t.data), t);
    expect(relError(new Tensor(q.grad(w), [2]), numeric)).toBeLessThan(1e-7);
  });

  test("eigenvalues, κ, optimal learning rate, rate and divergence threshold are the closed forms", () => {
    expect(q.eigenvalues[0]).toBeCloseTo(6 - 2 * s5, 12);
    expect(q.eigenvalues[1]).toBeCloseTo(6 + 2 * s5, 12);
    expect(q.conditionNumber).toBeCloseTo((6 + 2 * s5) / (6 - 2 * s5), 11);
    expect(q.optimalLr).toBeCloseTo(1 / 6, 14);
    expect(q.optimalRate).toBeCloseTo(s5 / 3, 12);
    expect(q.divergenceLr).toBeCloseTo(1 / (3 + s5), 14);
    expect(q.rate(q.optimalLr)).toBeCloseTo(s5 / 3, 12);
    // rate(η) = max(|1 − ηλ₁|, |1 − ηλ_M|); at η = 0.05 the slow direction decides.
    expect(q.rate(0.05)).toBeCloseTo(1 - 0.05 * (6 - 2 * s5), 12);
  });

  test("w* = A⁻¹b = (0, 1) fits both points and has zero loss", () => {
    expect(q.wStar[0]).toBeCloseTo(0, 13);
    expect(q.wStar[1]).toBeCloseTo(1, 13);
    expect(q.value(q.wStar)).toBeCloseTo(0, 12);
    expect(q.value([0, 0])).toBe(2);
  });

  test("eigenvectors are unit vectors with A q = λ q", () => {
    const vs = q.eigenvectors;
    q.eigenvalues.forEach((lambda, m) => {
      const v = vs[m];
      expect(Math.hypot(...v)).toBeCloseTo(1, 13);
      for (let i = 0; i < 2; i++) expect(q.A[i][0] * v[0] + q.A[i][1] * v[1]).toBeCloseTo(lambda * v[i], 12);
    });
    expect(vs[0][0] * vs[1][0] + vs[0][1] * vs[1][1]).toBeCloseTo(0, 13);
    expect(String(q)).toContain("w* = A⁻¹b = [0, 1]");
  });
});

describe("Quadratic: gradient descent convergence (acceptance 1)", () => {
  const rng = new Rng(7);
  const lambdas = [1, 3, 7, 20];
  const q = new Quadratic(withEigenvalues(lambdas, rng), [1, -2, 0.5, 3]);
  const w0 = [5, -3, 2, 4];

  test("eigenvalues of a matrix built from known ones are recovered", () => {
    q.eigenvalues.forEach((l, i) => expect(l).toBeCloseTo(lambdas[i], 11));
    expect(q.conditionNumber).toBeCloseTo(20, 10);
  });

  test("at η* = 2/(λ₁+λ_M) the measured rate is (κ−1)/(κ+1) within 1%", () => {
    const predicted = 19 / 21; // (κ − 1)/(κ + 1) with κ = 20, written by hand
    expect(q.optimalRate).toBeCloseTo(predicted, 12);
    const d = gdDistances(q, w0, q.optimalLr, 150);
    // After the transient the λ = 3, 7 components (factors 15/21, 7/21) are gone: per-step ratio.
    for (let t = 100; t < 150; t++) expect(Math.abs(d[t + 1] / d[t] - predicted) / predicted).toBeLessThan(0.01);
    // The t-th root over the whole run, which includes the transient, agrees as well.
    expect(Math.abs((d[150] / d[0]) ** (1 / 150) - predicted) / predicted).toBeLessThan(0.01);
  });

  test("a learning rate below η* converges at max|1 − ηλ_m|, which is slower", () => {
    const lr = 0.05;
    const predicted = 1 - lr * 1; // the λ₁ = 1 direction is the slowest
    const d = gdDistances(q, w0, lr, 300);
    expect(Math.abs(d[300] / d[299] - predicted) / predicted).toBeLessThan(0.01);
    expect(q.rate(lr)).toBeCloseTo(predicted, 12);
    expect(predicted).toBeGreaterThan(q.optimalRate);
  });

  test("GD diverges for a learning rate just above 2/λ_M and converges just below", () => {
    expect(q.divergenceLr).toBeCloseTo(0.1, 12); // 2/20
    const above = gdDistances(q, w0, 1.02 * q.divergenceLr, 400);
    expect(above[400]).toBeGreaterThan(1e3 * above[0]);
    // The growth factor per step is |1 − ηλ_M| = 1.04.
    expect(Math.abs(above[400] / above[399] - 1.04)).toBeLessThan(0.01 * 1.04);
    const below = gdDistances(q, w0, 0.98 * q.divergenceLr, 400);
    expect(below[400]).toBeLessThan(below[0]);
  });
});

describe("Quadratic: bad inputs", () => {
  test("non-square, non-symmetric, mismatched b and non-finite entries are rejected", () => {
    expect(() => new Quadratic([[1, 2]], [1])).toThrow("Quadratic: A must be a square matrix given as M rows of M numbers");
    expect(() => new Quadratic([[1, 2], [0, 1]], [1, 1])).toThrow("Quadratic: A must be symmetric, but A[0][1] = 2 and A[1][0] = 0");
    expect(() => new Quadratic([[1, 0], [0, 1]], [1])).toThrow("Quadratic: b must be an array of 2 numbers to match A [2, 2], got 1 numbers");
    expect(() => new Quadratic([[1, NaN], [NaN, 1]], [1, 1])).toThrow("Quadratic: A[0][1] must be a finite number, got NaN");
    expect(() => new Quadratic([[1]], [1], { C: 2 } as never)).toThrow('Quadratic: unknown option "C"');
  });

  test("κ and η* need a positive definite A; w* needs a nonsingular one", () => {
    const saddleQ = new Quadratic([[2, 0], [0, -1]], [0, 0]);
    expect(saddleQ.eigenvalues).toEqual([-1, 2]);
    expect(() => saddleQ.conditionNumber).toThrow("Quadratic.conditionNumber: A is not positive definite (λ₁ = -1)");
    expect(() => saddleQ.optimalLr).toThrow("Quadratic.optimalLr: A is not positive definite");
    expect(saddleQ.wStar).toEqual([0, 0]);
    const singular = new Quadratic([[1, 1], [1, 1]], [1, 0]);
    expect(() => singular.wStar).toThrow("Quadratic.wStar: A is singular");
    expect(() => singular.value([1, 2, 3])).toThrow("quadratic.value: w must have 2 entries, got 3");
    expect(() => regressionQuadratic([[1, 2], [3]], [1, 2])).toThrow("regressionQuadratic: every row of x must have 2 numbers");
    expect(() => regressionQuadratic([[1, 2]], [1, 2])).toThrow("regressionQuadratic: y must have one number per row of x (1), got 2");
    expect(() => q0().rate(0)).toThrow("Quadratic.rate: lr must be a finite number > 0, got 0");
  });
});

function q0(): Quadratic {
  return new Quadratic([[1]], [0]);
}
