import { MatrixLike, maxAbs, squareMatrix, vectorOf } from "./matrix";

/**
 * Solves A x = b for a square, nonsingular (not necessarily symmetric) A by Gaussian elimination
 * with partial pivoting, i.e. the LU factorisation P A = L U (Golub & Van Loan, §3.4):
 *
 *   for each column k: swap into row k the row i ≥ k with the largest |a_ik| (the pivot),
 *   then for every row i > k subtract l_ik = a_ik / a_kk times row k, which zeroes a_ik.
 *
 * The same row swaps and subtractions applied to b are the forward substitution L y = P b; back
 * substitution U x = y, x_i = (y_i − Σ_{j>i} u_ij x_j) / u_ii, finishes. About (2/3)n³ flops.
 * Choosing the largest pivot keeps every |l_ik| ≤ 1, so rounding errors are not amplified.
 *
 * A pivot of exactly 0 means A is singular; a pivot |u_kk| ≤ n·ε·max|a_ij| (ε = 2.2e-16) is
 * below the rounding error of the elimination itself, so A is singular to working precision and
 * any "solution" would be noise. Both are errors that say which pivot failed.
 *
 * `a` is [n, n] (a Tensor or n rows of n numbers), b has n entries; neither is modified. Returns x.
 */
export function luSolve(a: MatrixLike, b: ArrayLike<number>): Float64Array {
  const where = "luSolve";
  const { n, data: A } = squareMatrix(a, where);
  const x = vectorOf(b, n, where, "a");
  const tiny = n * Number.EPSILON * maxAbs(A);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i * n + k]) > Math.abs(A[p * n + k])) p = i;
    const pivot = A[p * n + k];
    if (Math.abs(pivot) <= tiny) {
      const what = pivot === 0 ? "singular" : "singular to working precision";
      throw new Error(
        `${where}: the matrix is ${what}: after partial pivoting, pivot ${k} is ${pivot} ` +
          `(|pivot| ≤ n·ε·max|a| = ${tiny}), so A x = b has no unique solution`,
      );
    }
    if (p !== k) {
      for (let j = k; j < n; j++) {
        const t = A[k * n + j];
        A[k * n + j] = A[p * n + j];
        A[p * n + j] = t;
      }
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const lik = A[i * n + k] / pivot;
      if (lik === 0) continue;
      for (let j = k + 1; j < n; j++) A[i * n + j] -= lik * A[k * n + j];
      x[i] -= lik * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= A[i * n + j] * x[j];
    x[i] = s / A[i * n + i] + 0; // + 0 turns −0 (from 0 / a negative pivot) into 0, as printed
  }
  return x;
}
