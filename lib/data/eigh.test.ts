import { Rng, Tensor, relError, symmetricEigen } from "gradlab";

// mathjs's single-file bundle (an entry point its package exports) loads in about 0.1 s, where
// the main entry's many modules take 1-3 s; it is the same library with the same eigs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { eigs } = require("mathjs/lib/browser/math.js") as typeof import("mathjs");

function randomSymmetric(n: number, rng: Rng): Tensor {
  const a = Tensor.randn([n, n], rng);
  return a.add(a.transpose()).mul(0.5);
}

describe("symmetricEigen", () => {
  test("hand-worked 2×2: [[2, 1], [1, 2]] has eigenvalues 3 and 1", () => {
    const { values, vectors } = symmetricEigen(Tensor.from([[2, 1], [1, 2]]));
    expect(relError(values, [3, 1])).toBeLessThan(1e-15);
    // Columns (1, 1)/√2 and (1, −1)/√2, signs fixed so the first entry is positive.
    const r = Math.SQRT1_2;
    expect(relError(vectors, Tensor.from([[r, r], [r, -r]]))).toBeLessThan(1e-15);
  });

  test("a diagonal matrix: its diagonal, sorted, and unit vectors", () => {
    const { values, vectors } = symmetricEigen(Tensor.from([[1, 0, 0], [0, 5, 0], [0, 0, -2]]));
    expect(Array.from(values)).toEqual([5, 1, -2]);
    expect(vectors.toArray()).toEqual([[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
  });

  test("A E = E D and Eᵀ E = I on random symmetric matrices", () => {
    const rng = new Rng(1);
    for (const n of [1, 3, 8, 30]) {
      const a = randomSymmetric(n, rng);
      const { values, vectors: E } = symmetricEigen(a);
      const D = Tensor.zeros([n, n]);
      values.forEach((v, i) => D.set([i, i], v));
      expect(relError(a.matmul(E), E.matmul(D))).toBeLessThan(1e-13);
      expect(relError(E.transpose().matmul(E), identity(n))).toBeLessThan(1e-14);
      for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    }
  });

  test("agrees with mathjs eigs (eigenvalues, and eigenvectors up to sign)", () => {
    const rng = new Rng(2);
    for (const n of [2, 5, 12]) {
      const a = randomSymmetric(n, rng);
      const ours = symmetricEigen(a);
      const theirs = eigs(a.toArray() as number[][]);
      const pairs = theirs.eigenvectors
        .map((e) => ({ value: e.value as number, vector: e.vector as unknown as number[] }))
        .sort((p, q) => q.value - p.value);
      expect(relError(ours.values, pairs.map((p) => p.value))).toBeLessThan(1e-12);
      pairs.forEach((p, i) => {
        const column = Array.from({ length: n }, (_, k) => ours.vectors.get(k, i));
        const sign = Math.sign(column.reduce((s, v, k) => s + v * p.vector[k], 0));
        // Random eigenvalues are well separated, so each eigenvector is determined up to sign.
        expect(relError(column, p.vector.map((v) => sign * v))).toBeLessThan(1e-9);
      });
    }
  });

  test("non-square, non-symmetric and non-finite input is rejected", () => {
    expect(() => symmetricEigen(Tensor.zeros([2, 3]))).toThrow("symmetricEigen: a has shape [2, 3], expected [n, n]");
    expect(() => symmetricEigen(Tensor.from([[1, 2], [0, 1]]))).toThrow(
      "symmetricEigen: the matrix is not symmetric: a[0, 1] = 2 but a[1, 0] = 0",
    );
    expect(() => symmetricEigen(Tensor.from([[NaN]]))).toThrow("contains NaN or Infinity");
  });
});

function identity(n: number): Tensor {
  const t = Tensor.zeros([n, n]);
  for (let i = 0; i < n; i++) t.set([i, i], 1);
  return t;
}
