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
