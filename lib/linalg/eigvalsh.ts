import { MatrixLike, SYMMETRY_TOLERANCE, maxAbs, squareMatrix, symmetrize } from "./matrix";

/**
 * The eigenvalues of a symmetric matrix, largest first (as `symmetricEigen` orders them), without
 * the eigenvectors. Two classical steps (Golub & Van Loan, "Matrix Computations", §8.3; EISPACK's
 * tred1 + tql1):
 *
 * 1. Householder tridiagonalisation. For k = 0 … n−3, the reflection P = I − β v vᵀ that maps
 *    the column below the diagonal, x = A[k+1:, k], to (α, 0, …, 0) with α = −sign(x₀)‖x‖ and
 *    v = x − α e₁, β = 2 / vᵀv, is applied from both sides to the trailing block B = A[k+1:, k+1:]:
 *    with p = β B v, w = p − (β vᵀp / 2) v, it is B ← P B P = B − v wᵀ − w vᵀ. Similarity
 *    transforms keep the eigenvalues; A becomes tridiagonal (diagonal d, off-diagonal e).
 * 2. The implicit QL iteration with Wilkinson shifts on the tridiagonal matrix: each sweep chases
 *    a bulge with plane rotations until an off-diagonal e_m is negligible beside |d_m| + |d_m+1|,
 *    which splits off an eigenvalue; usually two or three sweeps per eigenvalue.
 *
 * The cost is about 2n³ flops for step 1 (both triangles of B are updated, which keeps the loops
 * simple; exploiting symmetry would halve it) and O(n²) for step 2: less than one of the 6–10
 * sweeps of Jacobi, which is why `analyzeHessian` uses it (M = 200: about 15 ms against 300 ms).
 * The eigenvalues are accurate to a few ε·max|λ| (backward stable). `symmetricEigen` (Jacobi) is
 * slower but gives the eigenvectors too, and for a positive definite matrix it tends to resolve
 * tiny eigenvalues more accurately relative to their size.
 *
 * `a` is [n, n] (a Tensor or n rows of n numbers). It must be symmetric to within 1e-10 of its
 * largest entry (SYMMETRY_TOLERANCE); its symmetric part is used. Returns n values, descending.
 */
export function symmetricEigenvalues(a: MatrixLike): Float64Array {
  const where = "symmetricEigenvalues";
  const m = squareMatrix(a, where);
  symmetrize(m, SYMMETRY_TOLERANCE, where);
  const { n, data: A } = m;
  // Work on A / max|a| so that sums of squares can neither overflow nor underflow.
  const scale = maxAbs(A);
  const values = new Float64Array(n);
  if (scale === 0) return values;
  for (let k = 0; k < n * n; k++) A[k] /= scale;

  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples rows i and i+1; e[n−1] = 0 is a sentinel
  tridiagonalize(A, n, d, e);
  tridiagonalQL(d, e, where);

  for (let i = 0; i < n; i++) values[i] = d[i] * scale;
  values.sort();
  values.reverse();
  return values;
}

/** Step 1: Householder reduction of the symmetric row-major A (overwritten) to tridiagonal (d, e). */
function tridiagonalize(A: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const lo = k + 1; // the reflection acts on rows and columns lo … n−1
    const x0 = A[lo * n + k];
    let tail2 = 0;
    for (let i = lo + 1; i < n; i++) tail2 += A[i * n + k] * A[i * n + k];
    d[k] = A[k * n + k];
    if (tail2 === 0) {
      // Already zero below the subdiagonal: nothing to reflect.
      e[k] = x0;
      continue;
    }
    const norm2 = x0 * x0 + tail2;
    const norm = Math.sqrt(norm2);
    const alpha = x0 > 0 ? -norm : norm; // the sign that avoids cancellation in v₀ = x₀ − α
    for (let i = lo; i < n; i++) v[i] = A[i * n + k];
    v[lo] -= alpha;
    const beta = 1 / (norm2 - alpha * x0); // 2 / vᵀv, since vᵀv = 2(‖x‖² − α x₀)
    // p = β B v and K = β vᵀp / 2.
    let vp = 0;
    for (let i = lo; i < n; i++) {
      let s = 0;
      for (let j = lo; j < n; j++) s += A[i * n + j] * v[j];
      p[i] = beta * s;
      vp += v[i] * p[i];
    }
    const K = 0.5 * beta * vp;
    for (let i = lo; i < n; i++) p[i] -= K * v[i]; // p is now w
    // B ← B − v wᵀ − w vᵀ.
    for (let i = lo; i < n; i++) {
      const vi = v[i];
      const wi = p[i];
      for (let j = lo; j < n; j++) A[i * n + j] -= vi * p[j] + wi * v[j];
    }
    e[k] = alpha;
  }
  if (n >= 2) {
    d[n - 2] = A[(n - 2) * n + n - 2];
    e[n - 2] = A[(n - 1) * n + n - 2];
  }
  d[n - 1] = A[(n - 1) * n + n - 1];
  e[n - 1] = 0;
}

/**
 * Step 2: the eigenvalues of the symmetric tridiagonal matrix (diagonal d, off-diagonal e) by the
 * implicit QL method with Wilkinson shifts (Numerical Recipes' tqli); d is overwritten by them,
 * unsorted, and e is destroyed.
 */
function tridiagonalQL(d: Float64Array, e: Float64Array, where: string): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      // Find the first negligible off-diagonal e_m at or after l: the block l … m is unreduced.
      let m = l;
      while (m < n - 1 && Math.abs(e[m]) > Number.EPSILON * (Math.abs(d[m]) + Math.abs(d[m + 1]))) m++;
      if (m === l) break; // d[l] is an eigenvalue
      if (iter === 50) throw new Error(`${where}: the QL iteration did not converge for eigenvalue ${l} after 50 sweeps`);
      // Wilkinson shift: the eigenvalue of the leading 2×2 block nearer d[l].
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let deflated = false;
      // Chase the bulge from the bottom of the block up to l with plane rotations.
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Underflow: the block splits at i; undo the shift there and start a new sweep.
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
