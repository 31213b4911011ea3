import {
  Rng,
  Tensor,
  numericalGradient,
  numericalGradientArray,
  partialDerivative,
  relError,
  sparseGradientCheck,
} from "gradlab";

/** f(x) = Σ sin(xᵢ)·xᵢ², whose gradient is cos(xᵢ)·xᵢ² + 2xᵢ·sin(xᵢ). */
function sinSquare(x: Tensor): number {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += Math.sin(x.data[i]) * x.data[i] ** 2;
  return s;
}
function sinSquareGrad(x: Tensor): Tensor {
  return x.map((v) => Math.cos(v) * v * v + 2 * v * Math.sin(v));
}

describe("numericalGradient", () => {
  test("matches the closed-form gradient of Σ sin(xᵢ)·xᵢ²", () => {
    const x = Tensor.randn([3, 4], new Rng(1), 0, 2);
    const numeric = numericalGradient(() => sinSquare(x), x);
    expect(numeric.shape).toEqual([3, 4]);
    expect(relError(numeric, sinSquareGrad(x))).toBeLessThan(1e-9);
  });

  test("is the centred difference (f(x+h) − f(x−h)) / 2h: for x³ it is 3x² + h² exactly", () => {
    const x = Tensor.from([2]);
    // ((2.1)³ − (1.9)³) / 0.2 = 12.01
    expect(numericalGradient(() => x.data[0] ** 3, x, 0.1).data[0]).toBeCloseTo(12.01, 12);
    expect(partialDerivative(() => x.data[0] ** 3, x, 0, 0.1)).toBeCloseTo(12.01, 12);
  });

  test("restores x exactly, also when f throws", () => {
    const x = Tensor.randn([5], new Rng(2));
    const before = Array.from(x.data);
    numericalGradient(() => sinSquare(x), x);
    expect(Array.from(x.data)).toEqual(before);

    let calls = 0;
    const failing = (): number => {
      if (++calls === 4) throw new Error("boom");
      return sinSquare(x);
    };
    expect(() => numericalGradient(failing, x)).toThrow("boom");
    expect(Array.from(x.data)).toEqual(before);
  });
});

describe("numericalGradientArray", () => {
  test("gives Aᵀ dy for f(x) = A x with an upstream gradient dy", () => {
    const rng = new Rng(3);
    const A = Tensor.randn([4, 3], rng);
    const x = Tensor.randn([3, 2], rng);
    const dy = Tensor.randn([4, 2], rng);
    const numeric = numericalGradientArray(() => A.matmul(x), x, dy);
    // ∂/∂x[k][j] Σᵢⱼ (A x)[i][j] dy[i][j] = Σᵢ A[i][k] dy[i][j], written out with loops.
    const expected = Tensor.zeros([3, 2]);
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 2; j++) {
        let s = 0;
        for (let i = 0; i < 4; i++) s += A.get(i, k) * dy.get(i, j);
        expected.set([k, j], s);
      }
    }
    expect(relError(numeric, expected)).toBeLessThan(1e-9);
  });

  test("an elementwise function: d/dx Σ tanh(x) ⊙ dy = (1 − tanh²x) ⊙ dy", () => {
    const rng = new Rng(4);
    const x = Tensor.randn([2, 5], rng);
    const dy = Tensor.randn([2, 5], rng);
    const numeric = numericalGradientArray(() => x.map(Math.tanh), x, dy);
    const expected = x.map((v, i) => (1 - Math.tanh(v) ** 2) * dy.data[i]);
    expect(relError(numeric, expected)).toBeLessThan(1e-9);
  });

  test("dy of the wrong shape is an error naming both shapes", () => {
    const x = Tensor.zeros([2, 3]);
    expect(() => numericalGradientArray(() => x.clone(), x, Tensor.zeros([3, 2]))).toThrow(
      "numericalGradientArray: f(x) has shape [2, 3] but dy has shape [3, 2]; they must be equal",
    );
  });
});

describe("sparseGradientCheck", () => {
  test("samples `count` coordinates and agrees with a correct gradient", () => {
    const x = Tensor.randn([20, 30], new Rng(5));
    const checks = sparseGradientCheck(() => sinSquare(x), x, sinSquareGrad(x), 10, new Rng(6));
    expect(checks).toHaveLength(10);
    const analytic = sinSquareGrad(x);
    for (const c of checks) {
      expect(Number.isInteger(c.index) && c.index >= 0 && c.index < 600).toBe(true);
      expect(c.analytic).toBe(analytic.data[c.index]);
      expect(c.relError).toBeLessThan(1e-8);
    }
    expect(new Set(checks.map((c) => c.index)).size).toBeGreaterThan(1);
  });

  test("reports a large error at a wrong coordinate", () => {
    const x = Tensor.randn([4], new Rng(7));
    const wrong = sinSquareGrad(x).mul(-1); // the sign error of a broken bprop
    const checks = sparseGradientCheck(() => sinSquare(x), x, wrong, 5, new Rng(8));
    for (const c of checks) expect(c.relError).toBeCloseTo(1, 12); // |g − (−g)| / (|g| + |−g|) = 1
  });

  test("an analytic gradient of the wrong shape is an error", () => {
    const x = Tensor.zeros([2, 3]);
    expect(() => sparseGradientCheck(() => 0, x, Tensor.zeros([6]), 3, new Rng(0))).toThrow(
      "sparseGradientCheck: x has shape [2, 3] but analytic has shape [6]",
    );
  });
});
