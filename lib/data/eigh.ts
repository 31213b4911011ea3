import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";

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
 * and accurate to working precision even for tiny eigenvalues, which whitening divides by.
 *
 * The matrix must be symmetric to within 1e-10 of its largest entry; its symmetric part is used.
 * Each eigenvector's sign is fixed so that its first entry larger than 1e-9 in magnitude is
 * positive, which makes the result reproducible.
 */
export function symmetricEigen(a: Tensor): SymmetricEigen {
  if (!(a instanceof Tensor) || a.ndim !== 2 || a.shape[0] !== a.shape[1]) {
    throw new Error(`symmetricEigen: a has shape ${a instanceof Tensor ? formatShape(a.shape) : String(a)}, expected [n, n]`);
  }
  const n = a.shape[0];
  if (a.hasNonFinite()) throw new Error("symmetricEigen: the matrix contains NaN or Infinity");
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a.data[i]));
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const aij = a.data[i * n + j];
      const aji = a.data[j * n + i];
      if (Math.abs(aij - aji) > 1e-10 * scale) {
        throw new Error(`symmetricEigen: the matrix is not symmetric: a[${i}, ${j}] = ${aij} but a[${j}, ${i}] = ${aji}`);
      }
      A[i * n + j] = 0.5 * (aij + aji);
    }
  }
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
