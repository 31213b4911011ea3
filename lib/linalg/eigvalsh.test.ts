import { Rng, Tensor, relError, symmetricEigenvalues } from "gradlab";
import { withEigenvalues as eigenMatrix } from "../../test/support/matrices";

const withEigenvalues = (lambdas: number[], rng: Rng): Tensor => Tensor.from(eigenMatrix(lambdas, rng));


// Comparisons with mathjs for n = 1, 2, 5, 20, 60 are in mathjs_reference.test.ts; here:
// hand-worked and closed-form spectra, which test both the dense and the tridiagonal paths.

describe("symmetricEigenvalues", () => {
  test("hand-worked 2×2 and 1×1 cases", () => {
    // (2 − λ)² = 1 → λ = 3, 1;  λ² = 1 → λ = 1, −1.
    expect(relError(symmetricEigenvalues([[2, 1], [1, 2]]), [3, 1])).toBeLessThan(1e-15);
    expect(relError(symmetricEigenvalues(Tensor.from([[0, 1], [1, 0]])), [1, -1])).toBeLessThan(1e-15);
    expect(Array.from(symmetricEigenvalues([[-3.5]]))).toEqual([-3.5]);
  });

  test("hand-worked 3×3: I + 11ᵀ has eigenvalues 4 (along 1) and 1, 1 (orthogonal to it)", () => {
    expect(relError(symmetricEigenvalues([[2, 1, 1], [1, 2, 1], [1, 1, 2]]), [4, 1, 1])).toBeLessThan(1e-15);
  });

  test("the 1-D Laplacian tridiag(−1, 2, −1) of size 50 has λ_k = 2 − 2cos(kπ/51)", () => {
    const n = 50;
    const a = Tensor.zeros([n, n]);
    for (let i = 0; i < n; i++) {
      a.data[i * n + i] = 2;
      if (i > 0) a.data[i * n + i - 1] = a.data[(i - 1) * n + i] = -1;
    }
    const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((n - k) * Math.PI) / (n + 1)));
    expect(relError(symmetricEigenvalues(a), expected)).toBeLessThan(1e-14);
  });

  test("a dense matrix with a known spectrum from −5e3 to 1e4, 1e-8 included (κ-style spread)", () => {
    const lambdas = [1e4, 300, 7, 1, 0.02, 1e-3, 1e-5, 1e-8, -2, -5e3];
    const values = symmetricEigenvalues(withEigenvalues(lambdas, new Rng(5)));
    // The matrix itself is exact only to ~ε·1e4, so every eigenvalue is judged against max|λ|.
    values.forEach((v, i) => expect(Math.abs(v - lambdas[i])).toBeLessThan(1e-10 * 1e4));
  });

  test("repeated eigenvalues, a diagonal matrix and the zero matrix", () => {
    expect(relError(symmetricEigenvalues(withEigenvalues([5, 5, 2, 2, 2, -1], new Rng(6))), [5, 5, 2, 2, 2, -1])).toBeLessThan(1e-14);
    expect(Array.from(symmetricEigenvalues([[1, 0, 0], [0, 5, 0], [0, 0, -2]]))).toEqual([5, 1, -2]);
    expect(Array.from(symmetricEigenvalues(Tensor.zeros([4, 4])))).toEqual([0, 0, 0, 0]);
  });

  test("huge and tiny entries neither overflow nor underflow (the matrix is scaled first)", () => {
    // ‖x‖² of a column of 1e200s would be Infinity, of 1e-200s would be 0.
    for (const s of [1e200, 1e-200]) {
      const a = withEigenvalues([3, 2, 1, -1], new Rng(7)).mul(s);
      expect(relError(symmetricEigenvalues(a), [3 * s, 2 * s, s, -s])).toBeLessThan(1e-14);
    }
  });

  test("an n = 150 matrix with a known spectrum (the size Newton's method on a small net needs)", () => {
    const lambdas = Array.from({ length: 150 }, (_, k) => 100 - 1.3 * k);
    const values = symmetricEigenvalues(withEigenvalues(lambdas, new Rng(8)));
    expect(relError(values, lambdas)).toBeLessThan(1e-12);
  });

  test("bad input is rejected with what was expected", () => {
    expect(() => symmetricEigenvalues(Tensor.zeros([3]))).toThrow("symmetricEigenvalues: a has shape [3], expected [n, n] with n ≥ 1");
    expect(() => symmetricEigenvalues([])).toThrow("symmetricEigenvalues: a must be a [n, n] Tensor or n rows of n numbers (n ≥ 1), got an empty array");
    expect(() => symmetricEigenvalues([[1, 2], [0, 1]])).toThrow("symmetricEigenvalues: the matrix is not symmetric: a[0, 1] = 2 but a[1, 0] = 0");
    expect(() => symmetricEigenvalues([[1, Infinity], [Infinity, 1]])).toThrow("symmetricEigenvalues: a contains NaN or Infinity (a[0, 1] = Infinity)");
  });
});
