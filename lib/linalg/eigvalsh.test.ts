import { Rng, Tensor, relError, symmetricEigenvalues } from "gradlab";
import { HILBERT_8_EIGENVALUES, hilbert, withEigenvalues as eigenMatrix, worstRelativeError } from "../../test/support/matrices";

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
    // Q diag(λ) Qᵀ rounded to doubles is exact only to about ε·max|λ| per entry, which moves
    // every eigenvalue by up to about n·ε·max|λ| = 10 · 2.2e-16 · 1e4 ≈ 2.2e-11 (Weyl): no method
    // can do better on this matrix, and that bound is what each eigenvalue is held to. Relative
    // to each eigenvalue that is 2.2e-15 for 1e4, 2.2e-6 for 1e-5 and 2.2e-3 for 1e-8.
    const bound = lambdas.length * 2.2e-16 * 1e4;
    values.forEach((v, i) => expect(Math.abs(v - lambdas[i])).toBeLessThan(bound));
    expect(Math.abs(values[6] - 1e-5) / 1e-5).toBeLessThan(2.2e-6);
    expect(Math.abs(values[7] - 1e-8) / 1e-8).toBeLessThan(2.2e-3);
  });

  test("Hilbert 8 (κ ≈ 1.5e10): every eigenvalue, 1.1e-10 included, to 1e-6 of itself", () => {
    // Against the exact eigenvalues; rounding the entries to doubles already costs up to 3e-9
    // relative, so 1e-6 leaves the method room while pinning λ_min to six digits (a bound of
    // ε·λ_max, as relError over the array gives, would let λ_min be off by 300 %).
    expect(worstRelativeError(symmetricEigenvalues(hilbert(8)), HILBERT_8_EIGENVALUES)).toBeLessThan(1e-6);
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
