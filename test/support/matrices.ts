import { Rng } from "../../lib/tensor/random";

/**
 * Q diag(λ) Qᵀ for a random orthogonal Q (Gram–Schmidt of Gaussian columns, done twice for
 * accuracy), exactly symmetric: a matrix whose eigenvalues are known in advance, the
 * independent reference of the eigen-solver tests.
 */
export function withEigenvalues(lambdas: readonly number[], rng: Rng): number[][] {
  const n = lambdas.length;
  const Q: number[][] = [];
  for (let k = 0; k < n; k++) {
    const v = Array.from({ length: n }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) {
      for (const q of Q) {
        const d = q.reduce((s, qi, i) => s + qi * v[i], 0);
        for (let i = 0; i < n; i++) v[i] -= d * q[i];
      }
    }
    const norm = Math.hypot(...v);
    Q.push(v.map((x) => x / norm));
  }
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      A[i][j] = Q.reduce((s, q, k) => s + lambdas[k] * q[i] * q[j], 0);
      A[j][i] = A[i][j];
    }
  }
  return A;
}

/** The Hilbert matrix h_ij = 1/(i + j + 1) of size n: positive definite, κ ≈ 1.5e10 at n = 8. */
export function hilbert(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1)));
}

/**
 * The eigenvalues of the exact 8×8 Hilbert matrix, largest first, to 16 digits: computed with
 * mpmath's eigsy at 60 significant digits on the rational matrix (they agree with the values
 * tabulated since Todd, 1954: λ_max ≈ 1.6959, λ_min ≈ 1.1115e-10). Rounding the matrix's entries
 * to doubles moves them by at most 3e-9 relative (λ_min; mpmath on the rounded matrix).
 */
export const HILBERT_8_EIGENVALUES: readonly number[] = [
  1.695938996921949, 0.2981252113169307, 0.02621284357811905, 0.001467688117741867, 5.436943369749942e-5,
  1.294332091872811e-6, 1.798873745817577e-8, 1.111538966372442e-10,
];

/** max_i |a_i − b_i| / |b_i|: the relative error of each entry on its own scale. */
export function worstRelativeError(a: ArrayLike<number>, b: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return a.length === b.length ? worst : Infinity;
}
