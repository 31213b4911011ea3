import { Tensor } from "../tensor/tensor";
import { MatrixLike, SYMMETRY_TOLERANCE, maxAbs, squareMatrix, symmetrize, vectorOf } from "./matrix";

/**
 * The Cholesky factor of a symmetric positive definite matrix: the lower-triangular L [n, n] with
 * positive diagonal such that A = L Lᵀ. Row by row (the Cholesky–Banachiewicz order), from
 * a_ij = Σ_{k ≤ j} l_ik l_jk:
 *
 *   l_ij = (a_ij − Σ_{k<j} l_ik l_jk) / l_jj   for j < i,
 *   l_ii = √(a_ii − Σ_{k<i} l_ik²).
 *
 * n³/3 multiply-adds, half of LU's, and no pivoting is needed: for a positive definite A every
 * pivot a_ii − Σ l_ik² is positive (it is a ratio of leading minors). So the factorisation is also
 * the cheapest test of positive definiteness: a pivot ≤ 0 means A is not positive definite, and a
 * pivot ≤ n·ε·max|a| (ε = 2.2e-16) means A is singular to working precision; both are errors.
 *
 * `a` is [n, n] (a Tensor or n rows of n numbers), symmetric to within 1e-10 of its largest entry
 * (SYMMETRY_TOLERANCE; its symmetric part is used). Returns L as a Tensor [n, n].
 */
export function cholesky(a: MatrixLike): Tensor {
  const where = "cholesky";
  const m = squareMatrix(a, where);
  symmetrize(m, SYMMETRY_TOLERANCE, where);
  const { n, data: A } = m;
  const tiny = n * Number.EPSILON * maxAbs(A);
  const L = Tensor.zeros([n, n]);
  const l = L.data;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      if (j < i) {
        l[ri + j] = s / l[rj + j];
      } else if (s > tiny) {
        l[ri + i] = Math.sqrt(s);
      } else {
        const why = s > 0 ? `at most n·ε·max|a| = ${tiny}, so the matrix is singular to working precision` : "not positive";
        throw new Error(
          `${where}: the matrix is not positive definite: pivot ${i} (a[${i}, ${i}] − Σₖ L[${i}, k]²) is ${s}, ${why}`,
        );
      }
    }
  }
  return L;
}

/**
 * Solves A x = b given the Cholesky factor L of A (A = L Lᵀ, from `cholesky(A)`), so that one
 * factorisation serves many right-hand sides: forward substitution L y = b, then back
 * substitution Lᵀ x = y, each n² multiply-adds:
 *
 *   y_i = (b_i − Σ_{k<i} l_ik y_k) / l_ii,   x_i = (y_i − Σ_{k>i} l_ki x_k) / l_ii.
 *
 * L is [n, n] lower triangular with positive diagonal (passing A itself is caught: its upper
 * triangle is not zero); b has n entries. Returns x as a new Float64Array.
 */
export function choleskySolve(L: MatrixLike, b: ArrayLike<number>): Float64Array {
  const where = "choleskySolve";
  const { n, data: l } = squareMatrix(L, where, "L");
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (l[i * n + j] !== 0) {
        throw new Error(
          `${where}: L must be lower triangular (the factor from cholesky(A)), but L[${i}, ${j}] = ${l[i * n + j]}; ` +
            "to solve A x = b, call choleskySolve(cholesky(A), b)",
        );
      }
    }
    if (!(l[i * n + i] > 0)) throw new Error(`${where}: L[${i}, ${i}] = ${l[i * n + i]}; a Cholesky factor has a positive diagonal`);
  }
  const x = vectorOf(b, n, where, "L");
  // L y = b, in place.
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
    x[i] = s / l[i * n + i];
  }
  // Lᵀ x = y, in place: (Lᵀ)_ik = l_ki.
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i] + 0; // + 0 turns a −0 from b into 0, as printed
  }
  return x;
}
