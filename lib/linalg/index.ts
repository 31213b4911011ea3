/**
 * Small dense linear algebra on Float64Array (row-major), for the analysis tools and data
 * normalization: symmetric eigen-decomposition, Cholesky, LU with partial pivoting.
 * See matrix.ts for the matrix convention (MatrixLike in, Tensor / Float64Array out).
 */
export { type MatrixLike, SYMMETRY_TOLERANCE } from "./matrix";
export * from "./eigh";
export * from "./eigvalsh";
export * from "./cholesky";
export * from "./lu";
