import { Rng, Tensor, cholesky, choleskySolve, relError } from "gradlab";

// Comparisons with mathjs for n = 1, 2, 5, 20, 60 and ill-conditioned matrices are in
// mathjs_reference.test.ts; here: hand-worked factors and solves, and the failure cases.

describe("cholesky", () => {
  test("hand-worked 2×2: [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]", () => {
    // l00 = √4 = 2, l10 = 2/2 = 1, l11 = √(3 − 1²) = √2.
    const L = cholesky([[4, 2], [2, 3]]);
    expect(L.shape).toEqual([2, 2]);
    expect(relError(L, Tensor.from([[2, 0], [1, Math.SQRT2]]))).toBeLessThan(1e-16);
  });

  test("hand-worked 3×3 with integer factor: A = L Lᵀ for L = [[1, 0, 0], [2, 3, 0], [4, 5, 6]] gives L back exactly", () => {
    // A's entries are the row dot products of L: 1, 2, 4; 2, 4 + 9, 8 + 15; 4, 23, 16 + 25 + 36.
    const A = Tensor.from([[1, 2, 4], [2, 13, 23], [4, 23, 77]]);
    const before = A.clone();
    expect(cholesky(A).toArray()).toEqual([[1, 0, 0], [2, 3, 0], [4, 5, 6]]);
    expect(A.toArray()).toEqual(before.toArray()); // not modified
  });

  test("a matrix that is not positive definite, or singular, is an error naming the failing pivot", () => {
    // Pivot 1 = 1 − 2² = −3: eigenvalues 3 and −1.
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow(
      "cholesky: the matrix is not positive definite: pivot 1 (a[1, 1] − Σₖ L[1, k]²) is -3, not positive",
    );
    expect(() => cholesky([[-1]])).toThrow("cholesky: the matrix is not positive definite: pivot 0 (a[0, 0] − Σₖ L[0, k]²) is -1, not positive");
    // Positive semi-definite: pivot 1 = 1 − 1 = 0.
    expect(() => cholesky([[1, 1], [1, 1]])).toThrow("pivot 1 (a[1, 1] − Σₖ L[1, k]²) is 0, not positive");
    // Pivot 1 = 2⁻⁵² > 0, but below n·ε·max|a| ≈ 4.4e-16: singular to working precision.
    expect(() => cholesky([[1, 1], [1, 1 + 2 ** -52]])).toThrow(
      "pivot 1 (a[1, 1] − Σₖ L[1, k]²) is 2.220446049250313e-16, at most n·ε·max|a| = 4.440892098500627e-16, so the matrix is singular to working precision",
    );
  });

  test("bad input is rejected", () => {
    expect(() => cholesky([[2, 1], [0, 2]])).toThrow("cholesky: the matrix is not symmetric: a[0, 1] = 1 but a[1, 0] = 0");
    expect(() => cholesky(Tensor.zeros([2, 3]))).toThrow("cholesky: a has shape [2, 3], expected [n, n] with n ≥ 1");
    expect(() => cholesky([[1, NaN], [NaN, 1]])).toThrow("cholesky: a contains NaN or Infinity (a[0, 1] = NaN)");
  });
});

describe("choleskySolve", () => {
  test("hand-worked 2×2: [[4, 2], [2, 3]] x = [2, 1] gives x = [1/2, 0]", () => {
    // L y = b: y = [2/2, (1 − 1·1)/√2] = [1, 0]; Lᵀ x = y: x₁ = 0, x₀ = (1 − 1·0)/2 = 1/2.
    const x = choleskySolve(cholesky([[4, 2], [2, 3]]), [2, 1]);
    expect(x).toBeInstanceOf(Float64Array);
    expect(Array.from(x)).toEqual([0.5, 0]);
  });

  test("hand-worked 3×3: A x = b with b = A·[1, −1, 2] = [7, 35, 135] recovers [1, −1, 2]", () => {
    const A = [[1, 2, 4], [2, 13, 23], [4, 23, 77]];
    const b = [7, 35, 135];
    expect(relError(choleskySolve(cholesky(A), b), [1, -1, 2])).toBeLessThan(1e-15);
    expect(b).toEqual([7, 35, 135]); // not modified
    expect(Array.from(choleskySolve(cholesky([[9]]), [6]))).toEqual([6 / 9]);
  });

  test("one factor serves many right-hand sides: the columns of A⁻¹ multiply back to I", () => {
    const rng = new Rng(3);
    const n = 6;
    const B = Tensor.randn([n, n], rng);
    const A = B.matmul(B.transpose()).add(Tensor.from(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))));
    const L = cholesky(A);
    for (let j = 0; j < n; j++) {
      const e = Array.from({ length: n }, (_, i) => (i === j ? 1 : 0));
      const x = choleskySolve(L, e);
      for (let i = 0; i < n; i++) {
        let Ax = 0;
        for (let k = 0; k < n; k++) Ax += A.data[i * n + k] * x[k];
        expect(Math.abs(Ax - e[i])).toBeLessThan(1e-13);
      }
    }
  });

  test("passing A instead of its factor, a bad diagonal or a wrong b is an error that says so", () => {
    expect(() => choleskySolve([[4, 2], [2, 3]], [1, 1])).toThrow(
      "choleskySolve: L must be lower triangular (the factor from cholesky(A)), but L[0, 1] = 2; to solve A x = b, call choleskySolve(cholesky(A), b)",
    );
    expect(() => choleskySolve([[0, 0], [1, 1]], [1, 1])).toThrow("choleskySolve: L[0, 0] = 0; a Cholesky factor has a positive diagonal");
    const L = cholesky([[4, 2], [2, 3]]);
    expect(() => choleskySolve(L, [1, 2, 3])).toThrow("choleskySolve: b has 3 entries, expected 2 (one per row of L [2, 2])");
    expect(() => choleskySolve(L, [1, NaN])).toThrow("choleskySolve: b[1] is NaN, expected a finite number");
  });
});
