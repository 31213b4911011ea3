import { Rng, Tensor, relError, symmetricEigen } from "gradlab";
import { HILBERT_8_EIGENVALUES, hilbert, withEigenvalues as eigenMatrix, worstRelativeError } from "../../test/support/matrices";

const withEigenvalues = (lambdas: number[], rng: Rng): Tensor => Tensor.from(eigenMatrix(lambdas, rng));

// Comparisons with mathjs for every size are in mathjs_reference.test.ts; here: hand-worked
// cases, known spectra and the defining identities A E = E D, EᵀE = I.

function randomSymmetric(n: number, rng: Rng): Tensor {
  const a = Tensor.randn([n, n], rng);
  return a.add(a.transpose()).mul(0.5);
}

/** max over i of ‖A e_i − λ_i e_i‖ / max|λ|, and max |(EᵀE − I)_ij|, by plain loops. */
function residuals(a: Tensor, values: Float64Array, E: Tensor): { eigen: number; orthonormal: number } {
  const n = values.length;
  const scale = Math.max(...Array.from(values, Math.abs), 1e-300);
  let eigen = 0;
  let orthonormal = 0;
  for (let c = 0; c < n; c++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      let Av = 0;
      for (let k = 0; k < n; k++) Av += a.data[i * n + k] * E.data[k * n + c];
      r2 += (Av - values[c] * E.data[i * n + c]) ** 2;
    }
    eigen = Math.max(eigen, Math.sqrt(r2) / scale);
    for (let d = 0; d < n; d++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += E.data[k * n + c] * E.data[k * n + d];
      orthonormal = Math.max(orthonormal, Math.abs(dot - (c === d ? 1 : 0)));
    }
  }
  return { eigen, orthonormal };
}

describe("symmetricEigen", () => {
  test("hand-worked 2×2: [[2, 1], [1, 2]] has eigenvalues 3 and 1", () => {
    const { values, vectors } = symmetricEigen(Tensor.from([[2, 1], [1, 2]]));
    expect(relError(values, [3, 1])).toBeLessThan(1e-15);
    // Columns (1, 1)/√2 and (1, −1)/√2, signs fixed so the first entry is positive.
    const r = Math.SQRT1_2;
    expect(relError(vectors, Tensor.from([[r, r], [r, -r]]))).toBeLessThan(1e-15);
  });

  test("hand-worked 2×2 as nested arrays: [[2, 3], [3, 2]] has eigenvalues 5 and −1; 1×1 is its entry", () => {
    // (2 − λ)² = 9, so λ = 5 (vector (1, 1)/√2) and λ = −1 (vector (1, −1)/√2).
    const { values, vectors } = symmetricEigen([[2, 3], [3, 2]]);
    expect(relError(values, [5, -1])).toBeLessThan(1e-15);
    const r = Math.SQRT1_2;
    expect(relError(vectors, Tensor.from([[r, r], [r, -r]]))).toBeLessThan(1e-15);
    expect(symmetricEigen([[7]]).values[0]).toBe(7);
  });

  test("a diagonal matrix: its diagonal, sorted, and unit vectors", () => {
    const { values, vectors } = symmetricEigen(Tensor.from([[1, 0, 0], [0, 5, 0], [0, 0, -2]]));
    expect(Array.from(values)).toEqual([5, 1, -2]);
    expect(vectors.toArray()).toEqual([[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
  });

  test("A E = E D and Eᵀ E = I, values descending, on random symmetric matrices", () => {
    const rng = new Rng(1);
    for (const n of [1, 3, 8, 30]) {
      const a = randomSymmetric(n, rng);
      const { values, vectors } = symmetricEigen(a);
      const { eigen, orthonormal } = residuals(a, values, vectors);
      expect(eigen).toBeLessThan(1e-13);
      expect(orthonormal).toBeLessThan(1e-13);
      for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    }
  });

  test("ill-conditioned: eigenvalues from 1e-8 to 1e4 (κ = 1e12) are recovered, the small ones too", () => {
    const lambdas = [1e4, 300, 7, 1, 0.02, 1e-3, 1e-5, 1e-8];
    const a = withEigenvalues(lambdas, new Rng(3));
    const { values, vectors } = symmetricEigen(a);
    // Against the known spectrum: the rounded Q diag(λ) Qᵀ pins each eigenvalue only to about
    // n·ε·max|λ| = 8 · 2.2e-16 · 1e4 ≈ 1.8e-11 (Weyl), which is the bound here: relative to
    // each eigenvalue, 1.8e-6 for 1e-5 and 1.8e-3 for 1e-8.
    const bound = lambdas.length * 2.2e-16 * lambdas[0];
    values.forEach((v, i) => expect(Math.abs(v - lambdas[i])).toBeLessThan(bound));
    expect(Math.abs(values[6] - 1e-5) / 1e-5).toBeLessThan(1.8e-6);
    expect(Math.abs(values[7] - 1e-8) / 1e-8).toBeLessThan(1.8e-3);
    const { eigen, orthonormal } = residuals(a, values, vectors);
    expect(eigen).toBeLessThan(1e-13);
    expect(orthonormal).toBeLessThan(1e-13);
  });

  test("Hilbert 8 (κ ≈ 1.5e10): every eigenvalue, 1.1e-10 included, to 1e-6 of itself, and A E = E D", () => {
    // Against the exact eigenvalues (see HILBERT_8_EIGENVALUES): Jacobi keeps the small
    // eigenvalues of this positive definite matrix to a few e-8 relative.
    const a = hilbert(8);
    const { values, vectors } = symmetricEigen(a);
    expect(worstRelativeError(values, HILBERT_8_EIGENVALUES)).toBeLessThan(1e-6);
    const { eigen, orthonormal } = residuals(Tensor.from(a), values, vectors);
    expect(eigen).toBeLessThan(1e-14);
    expect(orthonormal).toBeLessThan(1e-14);
  });

  test("repeated eigenvalues: any orthonormal basis of each eigenspace, with A v = λ v", () => {
    const lambdas = [5, 5, 2, 2, 2, -1];
    const a = withEigenvalues(lambdas, new Rng(4));
    const { values, vectors } = symmetricEigen(a);
    expect(relError(values, lambdas)).toBeLessThan(1e-13);
    const { eigen, orthonormal } = residuals(a, values, vectors);
    expect(eigen).toBeLessThan(1e-13);
    expect(orthonormal).toBeLessThan(1e-13);
  });

  test("round-off asymmetry (≤ 1e-10 of the largest entry) is symmetrised; more is an error", () => {
    const { values } = symmetricEigen([[2, 1 + 1e-12], [1, 2]]);
    expect(relError(values, [3 + 5e-13, 1 - 5e-13])).toBeLessThan(1e-15);
    expect(() => symmetricEigen([[2, 1 + 1e-9], [1, 2]])).toThrow("symmetricEigen: the matrix is not symmetric: a[0, 1] = 1.000000001 but a[1, 0] = 1");
  });

  test("non-square, non-symmetric and non-finite input is rejected", () => {
    expect(() => symmetricEigen(Tensor.zeros([2, 3]))).toThrow("symmetricEigen: a has shape [2, 3], expected [n, n]");
    expect(() => symmetricEigen([[1, 2], [3]])).toThrow("symmetricEigen: a must be a [n, n] Tensor or n rows of n numbers (n ≥ 1), got 2 rows of lengths [2, 1]");
    expect(() => symmetricEigen(Tensor.from([[1, 2], [0, 1]]))).toThrow(
      "symmetricEigen: the matrix is not symmetric: a[0, 1] = 2 but a[1, 0] = 0",
    );
    expect(() => symmetricEigen(Tensor.from([[NaN]]))).toThrow("symmetricEigen: a contains NaN or Infinity (a[0, 0] = NaN)");
  });
});
