import { cholesky, choleskySolve } from "../linalg/cholesky";
import { symmetricEigenvalues } from "../linalg/eigvalsh";
import { MatrixLike } from "../linalg/matrix";
import { Tensor } from "../tensor/tensor";
import { checkNumber } from "../util/options";
import { UpdateRule } from "./rule";
import { checkLr } from "./hyper";

/** A Hessian: a [M, M] tensor or nested arrays (M rows of M numbers), symmetric; see `MatrixLike`. */
export type HessianLike = MatrixLike;

/** What the Hessian says about a critical point (lecture 001): all λ > 0, all λ < 0, mixed signs, or some λ ≈ 0. */
export type CriticalPointKind = "minimum" | "maximum" | "saddle" | "singular";

export interface HessianAnalysis {
  /** Eigenvalues of the (symmetric) Hessian, ascending. */
  eigenvalues: number[];
  kind: CriticalPointKind;
}

/** An eigenvalue counts as 0 when |λ| ≤ tolerance · max|λ| (the Hessian's condition number exceeds 1/tolerance). */
const DEFAULT_TOLERANCE = 1e-10;

/**
 * How far from symmetric a Hessian may be: |H_ij − H_ji| ≤ 1e-8 · max|H|. Looser than the 1e-10
 * of lib/linalg, because a Hessian estimated by finite differences by the caller (not symmetrised
 * as `hessianByFiniteDifferences` does) differs from its transpose by O(h²) and rounding; its
 * symmetric part (H + Hᵀ)/2 is what gets analysed and solved with.
 */
const HESSIAN_SYMMETRY_TOLERANCE = 1e-8;

/**
 * The Hessian H_ij = ∂²L/∂w_i∂w_j at w by centred differences of the gradient,
 * H[:, j] ≈ (g(w + h e_j) − g(w − h e_j)) / 2h, then symmetrised as (H + Hᵀ)/2 (the true Hessian
 * is symmetric; the two estimates of H_ij and H_ji differ only by rounding and O(h²) error).
 * Costs 2M gradient evaluations for M weights: for small problems (a 2-D demo), not for networks.
 *
 * `grad` may reuse its output array; w is not modified. Returns a [M, M] tensor.
 */
export function hessianByFiniteDifferences(grad: (w: Float64Array) => ArrayLike<number>, w: Float64Array, h = 1e-5): Tensor {
  const where = "hessianByFiniteDifferences";
  if (typeof grad !== "function") throw new Error(`${where}: grad must be a function (w: Float64Array) => gradient`);
  if (!(w instanceof Float64Array) || w.length === 0) throw new Error(`${where}: w must be a non-empty Float64Array`);
  checkNumber(where, "h", h, { min: 0, minExclusive: true });
  const M = w.length;
  const H = Tensor.zeros([M, M]);
  const probe = Float64Array.from(w);
  const plus = new Float64Array(M);
  const evaluate = (out: Float64Array): void => {
    const g = grad(probe);
    if (g === null || g === undefined || g.length !== M) {
      throw new Error(`${where}: grad returned ${g?.length ?? String(g)} values for a w of ${M} entries; expected ${M}`);
    }
    for (let i = 0; i < M; i++) out[i] = g[i];
  };
  const minus = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    probe[j] = w[j] + h;
    evaluate(plus);
    probe[j] = w[j] - h;
    evaluate(minus);
    probe[j] = w[j];
    for (let i = 0; i < M; i++) H.data[i * M + j] = (plus[i] - minus[i]) / (2 * h);
  }
  for (let i = 0; i < M; i++) {
    for (let j = i + 1; j < M; j++) {
      const s = (H.data[i * M + j] + H.data[j * M + i]) / 2;
      H.data[i * M + j] = s;
      H.data[j * M + i] = s;
    }
  }
  for (let k = 0; k < H.data.length; k++) {
    if (!Number.isFinite(H.data[k])) {
      throw new Error(`${where}: the gradient is not finite near w (entry ${k} of H is ${H.data[k]})`);
    }
  }
  return H;
}

/**
 * The eigenvalues of H and what they say about a critical point (lecture 001): all positive, a
 * local minimum; all negative, a local maximum; both signs, a saddle point; some ≈ 0 (|λ| ≤
 * tolerance · max|λ|), singular, the second-order test says nothing.
 *
 * The eigenvalues come from `symmetricEigenvalues` (Householder tridiagonalisation and QL,
 * O(M³) with a small constant) of the symmetric part of H, accurate to a few ε·max|λ|.
 */
export function analyzeHessian(H: HessianLike, tolerance = DEFAULT_TOLERANCE): HessianAnalysis {
  const matrix = hessianMatrix(H, "analyzeHessian");
  checkNumber("analyzeHessian", "tolerance", tolerance, { min: 0 });
  return classify(matrix, tolerance);
}

/** The eigenvalues of the symmetric H, ascending, and the kind of critical point they indicate. */
function classify(H: Tensor, tolerance: number): HessianAnalysis {
  const eigenvalues = Array.from(symmetricEigenvalues(H)).reverse();
  const scale = Math.max(...eigenvalues.map(Math.abs));
  const zero = (l: number) => Math.abs(l) <= tolerance * scale;
  let kind: CriticalPointKind;
  if (scale === 0 || eigenvalues.some(zero)) kind = "singular";
  else if (eigenvalues[0] > 0) kind = "minimum";
  else if (eigenvalues[eigenvalues.length - 1] < 0) kind = "maximum";
  else kind = "saddle";
  return { eigenvalues, kind };
}

/**
 * One Newton step, w − H⁻¹g (lecture 001 "Newton's method", lecture 004): the minimum of the
 * quadratic model L(w) + gᵀd + ½dᵀHd, found by solving H d = g (Cholesky, H = L Lᵀ). On a
 * quadratic ½wᵀAw − bᵀw (H = A) it lands on w* = A⁻¹b in one step.
 *
 * H must be symmetric positive definite: if H is singular, H d = g has no unique solution; if H
 * has a negative eigenvalue, the quadratic model has no minimum (w is near a saddle point or a
 * maximum) and the Newton step would head for that critical point instead of downhill. Both are
 * errors that say which, with the eigenvalues. Returns a new array; w is not modified.
 */
export function newtonStep(w: Float64Array, g: ArrayLike<number>, H: HessianLike, tolerance = DEFAULT_TOLERANCE): Float64Array {
  const d = newtonDirection("newtonStep", g, H, tolerance, w.length);
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i] - d[i];
  return out;
}

/** d = H⁻¹g, after checking that H is symmetric positive definite. */
function newtonDirection(where: string, g: ArrayLike<number>, H: HessianLike, tolerance: number, M: number): Float64Array {
  if (g === null || typeof g !== "object" || g.length !== M) {
    throw new Error(`${where}: g has ${g?.length ?? String(g)} entries but w has ${M}; they must be equal`);
  }
  for (let i = 0; i < M; i++) {
    if (typeof g[i] !== "number" || !Number.isFinite(g[i])) throw new Error(`${where}: g[${i}] is ${String(g[i])}; the gradient must be finite`);
  }
  const matrix = hessianMatrix(H, where);
  const n = matrix.shape[0];
  if (n !== M) {
    throw new Error(`${where}: H has shape [${n}, ${n}], expected [${M}, ${M}] for ${M} weights`);
  }
  checkNumber(where, "tolerance", tolerance, { min: 0 });
  // The eigenvalues decide (and are quoted in the errors); the Cholesky solve then costs a
  // fraction of the eigenvalue computation.
  const { eigenvalues, kind } = classify(matrix, tolerance);
  const list = `[${eigenvalues.map((l) => Number(l.toPrecision(6))).join(", ")}]`;
  const singular = (): Error =>
    new Error(
      `${where}: the Hessian is singular (eigenvalues ${list}; |λ| ≤ ${tolerance}·max|λ| counts as 0), so H d = g has no ` +
        "unique solution; Newton's method needs a positive definite Hessian (a locally convex loss)",
    );
  if (kind === "singular") throw singular();
  if (kind !== "minimum") {
    const what =
      kind === "maximum"
        ? "all eigenvalues are negative, so w is near a local maximum"
        : "it has both positive and negative eigenvalues, so w is near a saddle point";
    throw new Error(
      `${where}: the Hessian is not positive definite (eigenvalues ${list}): ${what}; the Newton step w − H⁻¹g ` +
        "would move toward that critical point instead of downhill (lecture 001)",
    );
  }
  let L: Tensor;
  try {
    L = cholesky(matrix);
  } catch {
    // Only with a tolerance below ~M·ε: λ₁ > tolerance·max|λ| but a pivot is lost in round-off.
    throw singular();
  }
  return choleskySolve(L, g);
}

/**
 * H as a [M, M] tensor after checking it is square, finite and symmetric to within
 * HESSIAN_SYMMETRY_TOLERANCE; returns its symmetric part (H + Hᵀ)/2, a new tensor.
 */
function hessianMatrix(H: HessianLike, where: string): Tensor {
  let M: number;
  let data: Float64Array;
  if (H instanceof Tensor) {
    if (H.ndim !== 2 || H.shape[0] !== H.shape[1]) {
      throw new Error(`${where}: H has shape [${H.shape.join(", ")}], expected a square [M, M]`);
    }
    M = H.shape[0];
    data = Float64Array.from(H.data);
  } else if (Array.isArray(H) && H.every((r) => Array.isArray(r) && r.length === H.length)) {
    M = H.length;
    data = new Float64Array(M * M);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < M; j++) {
        const x = H[i][j];
        if (typeof x !== "number") throw new Error(`${where}: H has a non-finite entry ${String(x)}`);
        data[i * M + j] = x;
      }
    }
  } else {
    throw new Error(`${where}: H must be a square [M, M] Tensor or an M×M array of numbers`);
  }
  if (M === 0) throw new Error(`${where}: H is empty; expected [M, M] with M ≥ 1`);
  let scale = 0;
  for (let k = 0; k < M * M; k++) {
    if (!Number.isFinite(data[k])) throw new Error(`${where}: H has a non-finite entry ${String(data[k])}`);
    scale = Math.max(scale, Math.abs(data[k]));
  }
  for (let i = 0; i < M; i++) {
    for (let j = i + 1; j < M; j++) {
      const hij = data[i * M + j];
      const hji = data[j * M + i];
      if (Math.abs(hij - hji) > HESSIAN_SYMMETRY_TOLERANCE * Math.max(scale, 1e-300)) {
        throw new Error(`${where}: H is not symmetric (H[${i}][${j}] = ${hij} but H[${j}][${i}] = ${hji}); a Hessian is symmetric`);
      }
      const s = 0.5 * (hij + hji);
      data[i * M + j] = s;
      data[j * M + i] = s;
    }
  }
  return new Tensor(data, [M, M]);
}

/** A function giving the Hessian at w, e.g. `(w) => A` or `(w) => hessianByFiniteDifferences(grad, w)`. */
export type HessianFn = (w: Float64Array) => HessianLike;

export interface NewtonHP {
  /** Step length along the Newton direction; 1 (default) is the pure Newton step, smaller damps it. */
  lr: number;
  /** The Hessian at w; required (the contract's step only receives g, so the rule must be told how to get H). */
  hessian: HessianFn | null;
  /** Relative size below which an eigenvalue of H counts as 0 (default 1e-10). */
  tolerance: number;
}

export type NewtonState = Record<string, never>;

/**
 * Newton's method as an update rule, w ← w − η H⁻¹g (η = lr = 1 by default), for the 2-D demos:
 *
 *   const hp = { ...newton.defaults, hessian: (w) => hessianByFiniteDifferences(grad, w) };
 *   newton.step(w, grad(w), newton.init(2), hp, 1);
 *
 * It fits the UpdateRule contract except that it needs the Hessian, which the contract's step
 * does not receive: it is passed as the `hessian` hyperparameter, a function of w. It allocates
 * (copies of H) and costs O(M³) per step, so it is not in the optimizer registry: it is for small
 * problems only (lecture 001: not practical for large networks).
 */
export const newton: UpdateRule<NewtonHP, NewtonState> = Object.freeze({
  name: "newton",
  defaults: Object.freeze<NewtonHP>({ lr: 1, hessian: null, tolerance: DEFAULT_TOLERANCE }),
  validate(hp: NewtonHP): void {
    checkLr("newton", hp.lr);
    checkNumber("newton", "tolerance", hp.tolerance, { min: 0 });
    if (typeof hp.hessian !== "function") {
      throw new Error(
        "newton: hessian must be a function (w) => H, e.g. { hessian: (w) => hessianByFiniteDifferences(grad, w) }; " +
          `got ${String(hp.hessian)}`,
      );
    }
  },
  init(): NewtonState {
    return {};
  },
  step(w: Float64Array, g: Float64Array, state: NewtonState, hp: NewtonHP) {
    newton.validate(hp);
    const d = newtonDirection("newton.step", g, (hp.hessian as HessianFn)(w), hp.tolerance, w.length);
    for (let i = 0; i < w.length; i++) w[i] -= hp.lr * d[i];
    return { w, state };
  },
});
