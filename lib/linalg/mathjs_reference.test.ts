import { execFileSync } from "child_process";
import * as path from "path";
import { Rng, Tensor, cholesky, choleskySolve, luSolve, relError, symmetricEigen, symmetricEigenvalues } from "gradlab";
import { HILBERT_8_EIGENVALUES, hilbert, withEigenvalues, worstRelativeError } from "../../test/support/matrices";

/*
 * gradlab's linear algebra against mathjs, an independent implementation, on random matrices of
 * n = 1, 2, 5, 20, 60 and on ill-conditioned ones.
 *
 * mathjs runs in a child node process on the same matrices (JSON keeps doubles exact): inside
 * jest's module sandbox its `eigs` is about 15 times slower (5 s instead of 0.35 s at n = 60),
 * which would make this file the slowest of the suite. The child loads mathjs's single-file
 * bundle, which takes about 0.1 s where the main entry's many modules take 1-3 s.
 */

type Job = { op: "eigs"; a: number[][] } | { op: "lusolve"; a: number[][]; b: number[] };
type EigsResult = { values: number[]; vectors: number[][] };

const MATHJS = `
const math = require("mathjs/lib/browser/math.js");
const jobs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = jobs.map((job) => {
  if (job.op === "lusolve") return math.lusolve(job.a, job.b).map((row) => row[0]);
  const { eigenvectors } = math.eigs(job.a);
  return { values: eigenvectors.map((e) => e.value), vectors: eigenvectors.map((e) => e.vector) };
});
process.stdout.write(JSON.stringify(out));
`;

function runMathjs(jobs: Job[]): unknown[] {
  const cwd = path.resolve(__dirname, "../..");
  return JSON.parse(execFileSync(process.execPath, ["-e", MATHJS], { cwd, input: JSON.stringify(jobs), encoding: "utf8" }));
}

const SIZES = [1, 2, 5, 20, 60];
const rng = new Rng(11);

function gaussian(n: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
}

function randomSymmetric(n: number): number[][] {
  const g = gaussian(n);
  return g.map((row, i) => row.map((_, j) => 0.5 * (g[i][j] + g[j][i])));
}

/** B Bᵀ / n + 0.1 I: symmetric positive definite with κ of a few hundred at most. */
function randomSpd(n: number): number[][] {
  const B = gaussian(n);
  return B.map((bi, i) => B.map((bj, j) => bi.reduce((s, v, k) => s + v * bj[k], 0) / n + (i === j ? 0.1 : 0)));
}

function matVec(a: number[][], x: ArrayLike<number>): number[] {
  return a.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
}

/** ‖A x − b‖ / ‖b‖. */
function residual(a: number[][], x: ArrayLike<number>, b: number[]): number {
  const Ax = matVec(a, x);
  return Math.hypot(...Ax.map((v, i) => v - b[i])) / Math.hypot(...b);
}

const symmetric = SIZES.map(randomSymmetric);
const illConditioned = { hilbert8: hilbert(8), spread: withEigenvalues([1e4, 300, 7, 1, 0.02, 1e-3, 1e-5, 1e-8, -2, -5e3], rng) };
const spd = SIZES.map(randomSpd);
const general = SIZES.map(gaussian);
const rhs = SIZES.map((n) => Array.from({ length: n }, () => rng.normal()));

let eigsRef: EigsResult[];
let spdRef: number[][];
let generalRef: number[][];

beforeAll(() => {
  const eigJobs: Job[] = [...symmetric, illConditioned.hilbert8, illConditioned.spread].map((a) => ({ op: "eigs", a }));
  const spdJobs: Job[] = spd.map((a, k) => ({ op: "lusolve", a, b: rhs[k] }));
  const generalJobs: Job[] = general.map((a, k) => ({ op: "lusolve", a, b: rhs[k] }));
  const out = runMathjs([...eigJobs, ...spdJobs, ...generalJobs]);
  eigsRef = out.slice(0, eigJobs.length) as EigsResult[];
  spdRef = out.slice(eigJobs.length, eigJobs.length + spdJobs.length) as number[][];
  generalRef = out.slice(eigJobs.length + spdJobs.length) as number[][];
}, 30000);

/** mathjs's eigenpairs, largest eigenvalue first (gradlab's order). */
function descending(ref: EigsResult): { value: number; vector: number[] }[] {
  return ref.values.map((value, i) => ({ value, vector: ref.vectors[i] })).sort((p, q) => q.value - p.value);
}

describe("symmetricEigen and symmetricEigenvalues against mathjs eigs", () => {
  test.each(SIZES.map((n, k) => [n, k]))("random symmetric, n = %i: eigenvalues to 1e-10, eigenvectors up to sign", (n, k) => {
    const a = symmetric[k];
    const pairs = descending(eigsRef[k]);
    const expected = pairs.map((p) => p.value);
    const { values, vectors } = symmetricEigen(a);
    // relError of two arrays is relative to the largest |λ|: round-off is ε·‖A‖, not ε·|λ_i|.
    expect(relError(values, expected)).toBeLessThan(1e-10);
    expect(relError(symmetricEigenvalues(a), expected)).toBeLessThan(1e-10);
    pairs.forEach((p, i) => {
      const column = Array.from({ length: n }, (_, r) => vectors.data[r * n + i]);
      const sign = Math.sign(column.reduce((s, v, r) => s + v * p.vector[r], 0));
      // Random eigenvalues are well separated, so each unit eigenvector is unique up to sign.
      expect(relError(column, p.vector.map((v) => sign * v))).toBeLessThan(1e-8);
    });
  });

  test("ill-conditioned: the Hilbert matrix (κ ≈ 1.5e10) and a spectrum from −5e3 to 1e4 with 1e-8 in it", () => {
    const cases = [illConditioned.hilbert8, illConditioned.spread];
    cases.forEach((a, c) => {
      const expected = descending(eigsRef[SIZES.length + c]).map((p) => p.value);
      expect(relError(symmetricEigen(a).values, expected)).toBeLessThan(1e-10);
      expect(relError(symmetricEigenvalues(a), expected)).toBeLessThan(1e-10);
    });
    // relError over the array is scaled by the largest eigenvalue, which leaves Hilbert's
    // smallest (1.1e-10) unconstrained: hold each eigenvalue to its own size, against the exact
    // values, and mathjs too, so that the reference is known to be fit for the comparison.
    const mathjsHilbert = descending(eigsRef[SIZES.length]).map((p) => p.value);
    expect(worstRelativeError(mathjsHilbert, HILBERT_8_EIGENVALUES)).toBeLessThan(1e-6);
    expect(worstRelativeError(symmetricEigen(cases[0]).values, HILBERT_8_EIGENVALUES)).toBeLessThan(1e-6);
    expect(worstRelativeError(symmetricEigenvalues(cases[0]), HILBERT_8_EIGENVALUES)).toBeLessThan(1e-6);
  });
});

describe("choleskySolve and luSolve against mathjs lusolve", () => {
  test.each(SIZES.map((n, k) => [n, k]))("random positive definite, n = %i: cholesky solve to 1e-10, L Lᵀ = A", (n, k) => {
    const a = spd[k];
    const L = cholesky(a);
    const x = choleskySolve(L, rhs[k]);
    expect(relError(x, spdRef[k])).toBeLessThan(1e-10);
    expect(residual(a, x, rhs[k])).toBeLessThan(1e-10);
    const LLt = Tensor.zeros([n, n]);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let m = 0; m < n; m++) s += L.data[i * n + m] * L.data[j * n + m];
        LLt.data[i * n + j] = s;
      }
    }
    expect(relError(LLt, Tensor.from(a))).toBeLessThan(1e-13);
    // Positive definite matrices need no pivoting, so LU gives the same solution.
    expect(relError(luSolve(a, rhs[k]), spdRef[k])).toBeLessThan(1e-10);
  });

  test.each(SIZES.map((n, k) => [n, k]))("random non-symmetric, n = %i: LU solve to 1e-10", (n, k) => {
    const x = luSolve(general[k], rhs[k]);
    expect(x).toHaveLength(n);
    expect(relError(x, generalRef[k])).toBeLessThan(1e-10);
    expect(residual(general[k], x, rhs[k])).toBeLessThan(1e-10);
  });

  test("ill-conditioned: with b = A x₀ the residual stays at round-off even where x itself cannot", () => {
    // The forward error is up to κ·ε (1e-6 for Hilbert 8), but a backward-stable solve leaves
    // ‖Ax − b‖ at a few ε·‖A‖‖x‖; with b = A x₀ for a random x₀, ‖b‖ is of that order.
    const a = illConditioned.hilbert8;
    const x0 = Array.from({ length: 8 }, () => rng.normal());
    const b = matVec(a, x0);
    expect(residual(a, choleskySolve(cholesky(a), b), b)).toBeLessThan(1e-10);
    expect(residual(a, luSolve(a, b), b)).toBeLessThan(1e-10);
    expect(relError(luSolve(a, b), x0)).toBeLessThan(1.5e10 * 1e-13);
  });
});
