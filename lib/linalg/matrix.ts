import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";

/**
 * The matrix convention of gradlab's linear algebra (lib/linalg).
 *
 * Input: a square matrix is either a 2-D `Tensor` [n, n] (row-major Float64Array, entry (i, j) at
 * data[i·n + j]) or nested arrays, one array of n numbers per row, as a notebook writes
 * `[[4, 1], [1, 3]]` and as `Quadratic` and `newtonStep` take it. The functions never modify
 * their input.
 *
 * Output: matrices are `Tensor`s [n, n]; vectors (right-hand sides b, solutions x, eigenvalues)
 * are `Float64Array`s of length n. Inside, every algorithm works on one row-major Float64Array
 * copy with plain indexed loops, so nothing is allocated per element.
 */
export type MatrixLike = Tensor | readonly (readonly number[])[];

/**
 * How far from symmetric a matrix given to a symmetric algorithm (symmetricEigen,
 * symmetricEigenvalues, cholesky) may be: |a_ij − a_ji| ≤ 1e-10 · max|a|. Round-off in a matrix
 * built as a sum of products stays far below it; a non-symmetric matrix passed by mistake does not.
 */
export const SYMMETRY_TOLERANCE = 1e-10;

/** A square matrix as the algorithms work on it: n and a row-major copy of its n² entries. */
export interface SquareMatrix {
  n: number;
  data: Float64Array;
}

/**
 * Checks that `a` is a square n×n matrix (n ≥ 1) of finite numbers and returns a row-major copy.
 * `where` and `name` start the error messages: "luSolve: a has shape [2, 3], expected [n, n]".
 */
export function squareMatrix(a: MatrixLike, where: string, name = "a"): SquareMatrix {
  let n: number;
  let data: Float64Array;
  if (a instanceof Tensor) {
    if (a.ndim !== 2 || a.shape[0] !== a.shape[1] || a.shape[0] === 0) {
      throw new Error(`${where}: ${name} has shape ${formatShape(a.shape)}, expected [n, n] with n ≥ 1`);
    }
    n = a.shape[0];
    data = Float64Array.from(a.data);
  } else if (Array.isArray(a) && a.length > 0 && a.every((row) => Array.isArray(row) && row.length === a.length)) {
    n = a.length;
    data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = a[i];
      for (let j = 0; j < n; j++) {
        const v = row[j];
        if (typeof v !== "number") throw new Error(`${where}: ${name}[${i}][${j}] is ${String(v)}, expected a number`);
        data[i * n + j] = v;
      }
    }
  } else {
    throw new Error(`${where}: ${name} must be a [n, n] Tensor or n rows of n numbers (n ≥ 1), got ${describe(a)}`);
  }
  for (let k = 0; k < n * n; k++) {
    if (!Number.isFinite(data[k])) {
      const i = Math.floor(k / n);
      throw new Error(`${where}: ${name} contains NaN or Infinity (${name}[${i}, ${k - i * n}] = ${data[k]})`);
    }
  }
  return { n, data };
}

/** max |a_ij|, the scale against which "tiny" and "not symmetric" are judged. */
export function maxAbs(data: Float64Array): number {
  let scale = 0;
  for (let k = 0; k < data.length; k++) {
    const v = Math.abs(data[k]);
    if (v > scale) scale = v;
  }
  return scale;
}

/**
 * Replaces a (row-major n×n, in place) by its symmetric part (A + Aᵀ)/2 after checking that
 * |a_ij − a_ji| ≤ tolerance · max|a| for every pair: a matrix that is symmetric up to round-off
 * is accepted, a genuinely non-symmetric one (a transposed or wrong argument) is an error.
 */
export function symmetrize(a: SquareMatrix, tolerance: number, where: string, name = "a"): void {
  const { n, data } = a;
  const bound = tolerance * maxAbs(data);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const aij = data[i * n + j];
      const aji = data[j * n + i];
      if (Math.abs(aij - aji) > bound) {
        throw new Error(`${where}: the matrix is not symmetric: ${name}[${i}, ${j}] = ${aij} but ${name}[${j}, ${i}] = ${aji}`);
      }
      const s = 0.5 * (aij + aji);
      data[i * n + j] = s;
      data[j * n + i] = s;
    }
  }
}

/** Checks that b is an array of n numbers (a right-hand side for an n×n matrix) and copies it. */
export function vectorOf(b: ArrayLike<number>, n: number, where: string, matrix: string): Float64Array {
  if (b === null || typeof b !== "object" || typeof b.length !== "number") {
    throw new Error(`${where}: b must be an array of ${n} numbers, got ${String(b)}`);
  }
  if (b.length !== n) {
    throw new Error(`${where}: b has ${b.length} entries, expected ${n} (one per row of ${matrix} [${n}, ${n}])`);
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = b[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: b[${i}] is ${String(v)}, expected a finite number`);
    x[i] = v;
  }
  return x;
}

function describe(a: unknown): string {
  if (!Array.isArray(a)) return a === null || typeof a !== "object" ? String(a) : (a.constructor?.name ?? "an object");
  if (a.length === 0) return "an empty array";
  return `${a.length} rows of lengths [${a.map((r) => (Array.isArray(r) ? r.length : typeof r)).join(", ")}]`;
}
