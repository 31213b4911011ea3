import { symmetricEigen } from "../linalg/eigh";
import { luSolve } from "../linalg/lu";
import { checkNumber, withDefaults } from "../util/options";

/**
 * A differentiable function of a parameter vector w, as the 2-D demos and `train2d` use it.
 * `grad(w, out)` writes ∇f(w) into `out` (allocated when absent) and returns it, so a loop of
 * thousands of steps allocates nothing.
 */
export interface Objective {
  readonly name: string;
  /** Number of entries of w. */
  readonly dim: number;
  value(w: ArrayLike<number>): number;
  grad(w: ArrayLike<number>, out?: Float64Array): Float64Array;
}

export interface QuadraticOptions {
  /** Constant term c, so that value(w) = ½wᵀAw − bᵀw + c (default 0). */
  c: number;
  /** Name in messages and plots (default "quadratic"). */
  name: string;
}

/**
 * The quadratic of lecture 001, "Analysis of convergence of gradient descent":
 *
 *   L(w) = ½ wᵀ A w − bᵀ w (+ c),   ∇L(w) = A w − b,   w* = A⁻¹ b,
 *
 * with A symmetric [M, M] and b [M]. With A = Q diag(λ₁ ≤ … ≤ λ_M) Qᵀ and z = Qᵀ(w − w*), gradient
 * descent w ← w − η(Aw − b) acts on each z_m separately: z_m ← (1 − ηλ_m) z_m. Hence
 *
 *   rate(η) = max_m |1 − ηλ_m| = max(|1 − ηλ₁|, |1 − ηλ_M|),
 *   η* = 2 / (λ₁ + λ_M) (both extremes shrink equally), rate(η*) = (κ − 1)/(κ + 1), κ = λ_M/λ₁,
 *   and GD diverges for η > 2/λ_M (then |1 − ηλ_M| > 1).
 *
 * The eigen-decomposition (`symmetricEigen`, Jacobi) and w* (`luSolve`) are computed on first use.
 */
export class Quadratic implements Objective {
  readonly A: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly c: number;
  readonly name: string;
  readonly dim: number;
  private spectrum: { values: number[]; vectors: number[][] } | null = null;
  private solution: number[] | null = null;

  constructor(A: readonly (readonly number[])[], b: readonly number[], options?: Partial<QuadraticOptions>) {
    const opts = withDefaults<QuadraticOptions>("Quadratic", { c: 0, name: "quadratic" }, options);
    const M = Array.isArray(A) ? A.length : 0;
    if (M === 0 || !A.every((row) => Array.isArray(row) && row.length === M)) {
      throw new Error(`Quadratic: A must be a square matrix given as M rows of M numbers (M ≥ 1), got ${describeMatrix(A)}`);
    }
    if (!Array.isArray(b) || b.length !== M) {
      throw new Error(`Quadratic: b must be an array of ${M} numbers to match A [${M}, ${M}], got ${Array.isArray(b) ? `${b.length} numbers` : String(b)}`);
    }
    let scale = 0;
    A.forEach((row, i) => row.forEach((v, j) => (scale = Math.max(scale, Math.abs(checkNumber("Quadratic", `A[${i}][${j}]`, v))))));
    b.forEach((v, i) => checkNumber("Quadratic", `b[${i}]`, v));
    checkNumber("Quadratic", "c", opts.c);
    // A non-symmetric A has the same quadratic form as (A + Aᵀ)/2 but gradient (A + Aᵀ)/2 w − b,
    // not Aw − b, so the analysis would silently be about another matrix: reject it.
    for (let i = 0; i < M; i++) {
      for (let j = i + 1; j < M; j++) {
        if (Math.abs(A[i][j] - A[j][i]) > 1e-12 * scale) {
          throw new Error(`Quadratic: A must be symmetric, but A[${i}][${j}] = ${A[i][j]} and A[${j}][${i}] = ${A[j][i]}`);
        }
      }
    }
    this.A = A.map((row) => Object.freeze([...row]));
    this.b = Object.freeze([...b]);
    this.c = opts.c;
    this.name = opts.name;
    this.dim = M;
  }

  /** L(w) = ½ wᵀ A w − bᵀ w + c. */
  value(w: ArrayLike<number>): number {
    this.checkPoint(w, "value");
    let quad = 0;
    let lin = 0;
    for (let i = 0; i < this.dim; i++) {
      const row = this.A[i];
      let Aw = 0;
      for (let j = 0; j < this.dim; j++) Aw += row[j] * w[j];
      quad += w[i] * Aw;
      lin += this.b[i] * w[i];
    }
    return 0.5 * quad - lin + this.c;
  }

  /** ∇L(w) = A w − b, written into `out`. */
  grad(w: ArrayLike<number>, out: Float64Array = new Float64Array(this.dim)): Float64Array {
    this.checkPoint(w, "grad");
    for (let i = 0; i < this.dim; i++) {
      const row = this.A[i];
      let Aw = 0;
      for (let j = 0; j < this.dim; j++) Aw += row[j] * w[j];
      out[i] = Aw - this.b[i];
    }
    return out;
  }

  /** Eigenvalues of A in ascending order, λ₁ ≤ … ≤ λ_M (the curvatures along the eigenvectors). */
  get eigenvalues(): number[] {
    return [...this.decompose().values];
  }

  /** Unit eigenvectors q_m of A, in the order of `eigenvalues` (the axes of the contour ellipses). */
  get eigenvectors(): number[][] {
    return this.decompose().vectors.map((v) => [...v]);
  }

  /** λ₁, the smallest eigenvalue. */
  get lambdaMin(): number {
    return this.decompose().values[0];
  }

  /** λ_M, the largest eigenvalue. */
  get lambdaMax(): number {
    const v = this.decompose().values;
    return v[v.length - 1];
  }

  /** κ(A) = λ_M / λ₁ (needs A positive definite). */
  get conditionNumber(): number {
    return this.lambdaMax / this.positiveLambdaMin("conditionNumber");
  }

  /** η* = 2 / (λ₁ + λ_M), the fixed learning rate with the fastest worst-case GD convergence. */
  get optimalLr(): number {
    return 2 / (this.positiveLambdaMin("optimalLr") + this.lambdaMax);
  }

  /** rate(η*) = (κ − 1)/(κ + 1): the factor by which ‖w − w*‖ shrinks per step at η*. */
  get optimalRate(): number {
    const kappa = this.conditionNumber;
    return (kappa - 1) / (kappa + 1);
  }

  /** 2 / λ_M: GD diverges for any learning rate above it (|1 − ηλ_M| > 1). */
  get divergenceLr(): number {
    const lambdaMax = this.lambdaMax;
    if (!(lambdaMax > 0)) {
      throw new Error(`Quadratic.divergenceLr: λ_M = ${lambdaMax} ≤ 0, so GD diverges (or stalls) for every learning rate`);
    }
    return 2 / lambdaMax;
  }

  /** rate(η) = max_m |1 − ηλ_m|, the asymptotic factor per GD step at learning rate η (< 1 converges). */
  rate(lr: number): number {
    checkNumber("Quadratic.rate", "lr", lr, { min: 0, minExclusive: true });
    return Math.max(...this.decompose().values.map((lambda) => Math.abs(1 - lr * lambda)));
  }

  /** w* = A⁻¹ b, where ∇L = 0 (the minimum when A is positive definite). */
  get wStar(): number[] {
    if (this.solution === null) {
      const values = this.decompose().values;
      if (values.some((v) => Math.abs(v) <= 1e-14 * Math.max(...values.map(Math.abs)))) {
        throw new Error(`Quadratic.wStar: A is singular (eigenvalues ${formatList(values)}), so w* = A⁻¹b does not exist`);
      }
      // LU with partial pivoting, not Cholesky: w* exists for any nonsingular A, saddles included.
      this.solution = Array.from(luSolve(this.A, this.b));
    }
    return [...this.solution];
  }

  /** One line per fact, for a notebook. */
  toString(): string {
    const lines = [`${this.name}: L(w) = ½wᵀAw − bᵀw${this.c ? ` + ${this.c}` : ""}, M = ${this.dim}`, `eigenvalues λ = ${formatList(this.eigenvalues)}`];
    if (this.lambdaMin > 0) {
      lines.push(
        `κ = λ_M/λ₁ = ${fmt(this.conditionNumber)}`,
        `optimal lr 2/(λ₁+λ_M) = ${fmt(this.optimalLr)}, rate (κ−1)/(κ+1) = ${fmt(this.optimalRate)}`,
        `diverges for lr > 2/λ_M = ${fmt(this.divergenceLr)}`,
        `w* = A⁻¹b = ${formatList(this.wStar)}`,
      );
    } else {
      lines.push("A is not positive definite: L has no minimum");
    }
    return lines.join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  private decompose(): { values: number[]; vectors: number[][] } {
    if (this.spectrum === null) {
      // Jacobi rather than symmetricEigenvalues: it gives the eigenvectors too, and for a positive
      // definite A it tends to resolve a small λ₁ (which κ = λ_M/λ₁ divides by) more accurately.
      // symmetricEigen orders largest first; the analysis wants λ₁ ≤ … ≤ λ_M.
      const { values, vectors } = symmetricEigen(this.A);
      const M = this.dim;
      const order = Array.from({ length: M }, (_, m) => M - 1 - m);
      this.spectrum = {
        values: order.map((k) => values[k]),
        vectors: order.map((k) => normalize(Array.from({ length: M }, (_, i) => vectors.data[i * M + k]))),
      };
    }
    return this.spectrum;
  }

  private positiveLambdaMin(what: string): number {
    const lambdaMin = this.lambdaMin;
    if (!(lambdaMin > 0)) {
      throw new Error(
        `Quadratic.${what}: A is not positive definite (λ₁ = ${lambdaMin}); κ, the optimal learning rate and its rate need λ₁ > 0`,
      );
    }
    return lambdaMin;
  }

  private checkPoint(w: ArrayLike<number>, what: string): void {
    if (w === null || typeof w !== "object" || w.length !== this.dim) {
      throw new Error(`${this.name}.${what}: w must have ${this.dim} entries, got ${w === null || typeof w !== "object" ? String(w) : `${w.length}`}`);
    }
  }
}

/**
 * The least-squares loss of a linear model as a quadratic (lecture 001's toy regression):
 *
 *   L(w) = ½ Σ_n (y⁽ⁿ⁾ − wᵀx⁽ⁿ⁾)² = ½ wᵀ A w − bᵀ w + c,
 *   A = Σ_n x⁽ⁿ⁾ x⁽ⁿ⁾ᵀ,  b = Σ_n y⁽ⁿ⁾ x⁽ⁿ⁾,  c = ½ Σ_n (y⁽ⁿ⁾)².
 *
 * Shapes: x is N rows of D numbers, y has N numbers; the quadratic is over w [D].
 */
export function regressionQuadratic(x: readonly (readonly number[])[], y: readonly number[]): Quadratic {
  const where = "regressionQuadratic";
  if (!Array.isArray(x) || x.length === 0 || !Array.isArray(x[0])) {
    throw new Error(`${where}: x must be N ≥ 1 rows of D numbers, got ${describeMatrix(x)}`);
  }
  const D = x[0].length;
  if (!x.every((row) => Array.isArray(row) && row.length === D)) {
    throw new Error(`${where}: every row of x must have ${D} numbers (as x[0] has), got ${describeMatrix(x)}`);
  }
  if (!Array.isArray(y) || y.length !== x.length) {
    throw new Error(`${where}: y must have one number per row of x (${x.length}), got ${Array.isArray(y) ? y.length : String(y)}`);
  }
  const A = Array.from({ length: D }, () => new Array<number>(D).fill(0));
  const b = new Array<number>(D).fill(0);
  let c = 0;
  x.forEach((row, n) => {
    for (let i = 0; i < D; i++) {
      b[i] += y[n] * row[i];
      for (let j = 0; j < D; j++) A[i][j] += row[i] * row[j];
    }
    c += 0.5 * y[n] * y[n];
  });
  return new Quadratic(A, b, { c, name: "least squares" });
}

function normalize(v: number[]): number[] {
  const norm = Math.hypot(...v);
  // Fix the sign (largest entry positive) so the vectors do not flip between runs or versions.
  let big = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
  const s = v[big] < 0 ? -1 : 1;
  return v.map((x) => (s * x) / norm);
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function formatList(v: readonly number[]): string {
  return `[${v.map(fmt).join(", ")}]`;
}

function describeMatrix(A: unknown): string {
  if (!Array.isArray(A)) return String(A);
  return `${A.length} rows of lengths [${A.map((r) => (Array.isArray(r) ? r.length : typeof r)).join(", ")}]`;
}
