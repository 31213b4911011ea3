import { Tensor } from "../tensor/tensor";
import { MatrixLike, SYMMETRY_TOLERANCE, squareMatrix, symmetrize } from "./matrix";

/** Eigen-decomposition A = E D Eᵀ of a symmetric matrix. */
export interface SymmetricEigen {
  /** The eigenvalues, largest first (the diagonal of D). */
  values: Float64Array;
  /** [n, n]: column i is the unit eigenvector of values[i] (the matrix E, orthogonal). */
  vectors: Tensor;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by the cyclic Jacobi method: plane
 * rotations Jᵀ A J each zero one off-diagonal pair, and sweeps over all pairs repeat until the
 * off-diagonal part vanishes to round-off (Golub & Van Loan, "Matrix Computations", §8.5).
 * Jacobi is slow for big matrices (O(n³) per sweep, about ten sweeps) but simple, deterministic
 * and accurate to working precision even for tiny eigenvalues, which whitening divides by. For
 * the eigenvalues alone, `symmetricEigenvalues` (Householder + QL) is many times faster.
 *
 * `a` is [n, n] (a Tensor or n rows of n numbers; see `MatrixLike`). It must be symmetric to within
 * 1e-10 of its largest entry (SYMMETRY_TOLERANCE); its symmetric part (A + Aᵀ)/2 is used.
 * Each eigenvector's sign is fixed so that its first entry larger than 1e-9 in magnitude is
 * positive, which makes the result reproducible.
 */
export function symmetricEigen(a: MatrixLike): SymmetricEigen {
  const where = "symmetricEigen";
  const m = squareMatrix(a, where);
  symmetrize(m, SYMMETRY_TOLERANCE, where);
  const { n, data: A } = m;
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;

  for (let sweep = 0; ; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] * A[p * n + q];
    if (off === 0) break;
    if (sweep === 100) throw new Error(`symmetricEigen: no convergence after 100 sweeps (off-diagonal norm² ${off})`);
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const app = A[p * n + p];
        const aqq = A[q * n + q];
        // After a few sweeps, an entry too small to change either diagonal value is round-off:
        // setting it to zero is what lets the loop end (Numerical Recipes' criterion).
        const g = 100 * Math.abs(apq);
        if (sweep >= 4 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          A[p * n + q] = 0;
          A[q * n + p] = 0;
          continue;
        }
        // The rotation angle that zeroes a_pq (the smaller root, for stability).
        const tau = (aqq - app) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A ← Jᵀ A J changes only rows and columns p and q; A stays symmetric, so each new
        // entry is written to both triangles, and the 2×2 block has the closed form below.
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = A[k * n + p];
          const akq = A[k * n + q];
          const kp = c * akp - s * akq;
          const kq = s * akp + c * akq;
          A[k * n + p] = kp;
          A[p * n + k] = kp;
          A[k * n + q] = kq;
          A[q * n + k] = kq;
        }
        A[p * n + p] = app - t * apq;
        A[q * n + q] = aqq + t * apq;
        A[p * n + q] = 0;
        A[q * n + p] = 0;
        // E ← E J.
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p];
          const vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[j * n + j] - A[i * n + i] || i - j);
  const values = new Float64Array(n);
  const vectors = Tensor.zeros([n, n]);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src];
    let sign = 1;
    for (let k = 0; k < n; k++) {
      const v = V[k * n + src];
      if (Math.abs(v) > 1e-9) {
        sign = v > 0 ? 1 : -1;
        break;
      }
    }
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = sign * V[k * n + src];
  });
  return { values, vectors };
}
