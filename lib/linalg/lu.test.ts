import { Rng, Tensor, luSolve, relError } from "gradlab";

// Comparisons with mathjs for n = 1, 2, 5, 20, 60 and ill-conditioned matrices are in
// mathjs_reference.test.ts; here: hand-worked solves, why pivoting matters, and singular matrices.

describe("luSolve", () => {
  test("hand-worked 3×3 (Strang's example): [[2, 1, 1], [4, −6, 0], [−2, 7, 2]] x = [5, −2, 9] gives x = [1, 1, 2]", () => {
    // Check by hand: 2 + 1 + 2 = 5, 4 − 6 + 0 = −2, −2 + 7 + 4 = 9.
    const A = Tensor.from([[2, 1, 1], [4, -6, 0], [-2, 7, 2]]);
    const before = A.clone();
    const x = luSolve(A, [5, -2, 9]);
    expect(x).toBeInstanceOf(Float64Array);
    expect(relError(x, [1, 1, 2])).toBeLessThan(1e-15);
    expect(A.toArray()).toEqual(before.toArray()); // not modified
  });

  test("a zero on the diagonal needs a row swap: [[0, 1], [1, 0]] x = [2, 3] gives [3, 2]", () => {
    expect(Array.from(luSolve([[0, 1], [1, 0]], [2, 3]))).toEqual([3, 2]);
    expect(Array.from(luSolve([[-4]], [2]))).toEqual([-0.5]);
  });

  test("a tiny pivot: [[1e-20, 1], [1, 1]] x = [1, 2] is x ≈ [1, 1] (without pivoting it comes out [0, 1])", () => {
    // Exactly x₀ = 1/(1 − 1e-20), x₁ = (1 − 2e-20)/(1 − 1e-20); both are 1 in float64.
    expect(relError(luSolve([[1e-20, 1], [1, 1]], [1, 2]), [1, 1])).toBeLessThan(1e-15);
  });

  test("an indefinite (saddle) matrix is fine; a zero solution has no −0 in it", () => {
    expect(Array.from(luSolve([[2, 0], [0, -1]], [4, 3]))).toEqual([2, -3]);
    const zero = luSolve([[2, 0], [0, -1]], [0, 0]);
    expect(Object.is(zero[1], 0)).toBe(true);
  });

  test("singular matrices are errors, exact or to working precision", () => {
    // Pivot row [2, 4]; then row [1, 2] − ½·[2, 4] = [0, 0]: pivot 1 is exactly 0.
    expect(() => luSolve([[1, 2], [2, 4]], [1, 1])).toThrow(
      "luSolve: the matrix is singular: after partial pivoting, pivot 1 is 0 (|pivot| ≤ n·ε·max|a| = 1.7763568394002505e-15), so A x = b has no unique solution",
    );
    expect(() => luSolve(Tensor.zeros([3, 3]), [1, 1, 1])).toThrow("luSolve: the matrix is singular: after partial pivoting, pivot 0 is 0");
    // Rows in arithmetic progression: rank 2, but the last pivot is round-off, not exactly 0.
    expect(() => luSolve([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [1, 1, 1])).toThrow("luSolve: the matrix is singular");
    // A random 20×20 matrix of rank 19, U V with U [20, 19] and V [19, 20].
    const rng = new Rng(4);
    const lowRank = Tensor.randn([20, 19], rng).matmul(Tensor.randn([19, 20], rng));
    expect(() => luSolve(lowRank, new Array(20).fill(1))).toThrow("luSolve: the matrix is singular to working precision: after partial pivoting, pivot 19");
  });

  test("bad input is rejected", () => {
    expect(() => luSolve([[1, 2], [3, 4]], [1])).toThrow("luSolve: b has 1 entries, expected 2 (one per row of a [2, 2])");
    expect(() => luSolve([[1, 2], [3, 4]], null as never)).toThrow("luSolve: b must be an array of 2 numbers, got null");
    expect(() => luSolve([[1, 2]], [1])).toThrow("luSolve: a must be a [n, n] Tensor or n rows of n numbers (n ≥ 1), got 1 rows of lengths [2]");
    expect(() => luSolve([[1, "2" as never], [3, 4]], [1, 1])).toThrow("luSolve: a[0][1] is 2, expected a number");
    expect(() => luSolve(Tensor.from([[1, 2], [3, -Infinity]]), [1, 1])).toThrow("luSolve: a contains NaN or Infinity (a[1, 1] = -Infinity)");
  });
});
