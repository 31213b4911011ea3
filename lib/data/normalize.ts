import { gemm } from "../tensor/gemm";
import { formatShape, shapeSize } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { symmetricEigen } from "../linalg/eigh";

/**
 * Input normalization (lecture 001, "Input normalization"). For linear regression the Hessian
 * of the loss is the input covariance C = 1/N Σₙ (xₙ − μ)(xₙ − μ)ᵀ, so gradient descent converges
 * fastest when C = I. Each normalizer is fit on the training inputs only and then applies those
 * training statistics to any data (validation, test, new examples).
 *
 * Inputs are [N, ...]: one example per row; the features are everything after axis 0 (an image
 * [N, C, H, W] has C·H·W features). Statistics use 1/N, as the lecture's C does, so a
 * standardized or whitened training set has variance / covariance exactly 1 / I.
 */

/** Checks x is [N, ...features] with N >= 1 and returns [N, number of features]. */
function rowsAndFeatures(x: Tensor, where: string, featureShape?: readonly number[]): [number, number] {
  if (!(x instanceof Tensor) || x.ndim < 2) {
    throw new Error(`${where}: x has shape ${x instanceof Tensor ? formatShape(x.shape) : String(x)}, expected [N, D] (or [N, ...features])`);
  }
  const features = x.shape.slice(1);
  if (featureShape && (features.length !== featureShape.length || features.some((d, i) => d !== featureShape[i]))) {
    throw new Error(`${where}: x has shape ${formatShape(x.shape)}, expected [N, ${featureShape.join(", ")}] as in fit`);
  }
  return [x.shape[0], shapeSize(features)];
}

function requireFitted<T>(value: T | null, where: string): T {
  if (value === null) throw new Error(`${where}: call fit(xTrain) first`);
  return value;
}

/** Per-feature mean of x viewed as [N, D]. */
function columnMeans(x: Float64Array, N: number, D: number): Float64Array {
  const mean = new Float64Array(D);
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) mean[d] += x[n * D + d];
  for (let d = 0; d < D; d++) mean[d] /= N;
  return mean;
}

/**
 * Centring and scaling to unit variance, feature by feature: x̂ = (x − μ) / σ with μ and σ the
 * per-feature mean and standard deviation (1/N) of the training data.
 *
 * A feature that is constant in the training data (σ = 0, e.g. a pixel that is always blank)
 * is only centred: its divisor is 1 instead of 0, so it becomes 0 rather than NaN (scikit-learn's
 * StandardScaler does the same). "Constant" means all training values are equal, tested
 * exactly, so round-off in μ cannot turn it into a huge 1/σ.
 */
export class Standardizer {
  /** Per-feature mean μ, shaped like one example. */
  mean: Tensor | null = null;
  /** Per-feature standard deviation σ (0 for a constant feature). */
  std: Tensor | null = null;
  /** The divisor actually used: σ, or 1 for a constant feature. */
  scale: Tensor | null = null;

  fit(x: Tensor): this {
    const [N, D] = rowsAndFeatures(x, "Standardizer.fit");
    if (N < 1) throw new Error("Standardizer.fit: x has no rows");
    if (x.hasNonFinite()) throw new Error("Standardizer.fit: x contains NaN or Infinity");
    const mean = columnMeans(x.data, N, D);
    const std = new Float64Array(D);
    const scale = new Float64Array(D);
    for (let d = 0; d < D; d++) {
      let ss = 0;
      let constant = true;
      for (let n = 0; n < N; n++) {
        const v = x.data[n * D + d];
        ss += (v - mean[d]) * (v - mean[d]);
        if (v !== x.data[d]) constant = false;
      }
      // The mean of equal values can round away from them; for a constant feature use the value.
      if (constant) mean[d] = x.data[d];
      std[d] = constant ? 0 : Math.sqrt(ss / N);
      scale[d] = constant ? 1 : std[d];
    }
    const shape = x.shape.slice(1);
    this.mean = new Tensor(mean, shape);
    this.std = new Tensor(std, shape);
    this.scale = new Tensor(scale, shape);
    return this;
  }

  /** (x − μ) / σ with the training statistics; same shape as x. */
  transform(x: Tensor): Tensor {
    const mean = requireFitted(this.mean, "Standardizer.transform");
    const scale = requireFitted(this.scale, "Standardizer.transform").data;
    const [N, D] = rowsAndFeatures(x, "Standardizer.transform", mean.shape);
    const out = Tensor.zeros(x.shape);
    for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) out.data[n * D + d] = (x.data[n * D + d] - mean.data[d]) / scale[d];
    return out;
  }

  /** x̂ σ + μ: undoes `transform`. */
  inverseTransform(x: Tensor): Tensor {
    const mean = requireFitted(this.mean, "Standardizer.inverseTransform");
    const scale = requireFitted(this.scale, "Standardizer.inverseTransform").data;
    const [N, D] = rowsAndFeatures(x, "Standardizer.inverseTransform", mean.shape);
    const out = Tensor.zeros(x.shape);
    for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) out.data[n * D + d] = x.data[n * D + d] * scale[d] + mean.data[d];
    return out;
  }

  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }
}

interface WhiteningFit {
  featureShape: number[];
  mean: Float64Array;
  /** [k, D]: x_white = W (x − μ). */
  W: Float64Array;
  /** [D, k]: x − μ ≈ W⁺ x_white (exact when k = D). */
  Winv: Float64Array;
  k: number;
}

/**
 * Shared part of PCA and ZCA whitening: fit the mean μ and the eigen-decomposition
 * C = E D Eᵀ (eigenvalues largest first), then map rows by a matrix W built from E and
 * (D + eps·I)^(−1/2).
 */
abstract class Whitening {
  /** Mean μ of the training rows, shaped like one example. */
  mean: Tensor | null = null;
  /** Eigenvalues of the training covariance, largest first (the diagonal of D). */
  eigenvalues: Float64Array | null = null;
  /** [D, D]: column i is the eigenvector of eigenvalues[i] (the matrix E). */
  eigenvectors: Tensor | null = null;
  /** The whitening matrix W ([k, D]): x_white = W (x − μ). */
  matrix: Tensor | null = null;
  protected fitted: WhiteningFit | null = null;

  constructor(readonly eps: number) {
    checkNumber(this.constructor.name, "eps", eps, { min: 0 });
  }

  protected abstract components(D: number): number;
  /** W and its inverse from the eigenvectors E (row-major [D, D]) and dᵢ = (λᵢ + eps)^(−1/2). */
  protected abstract build(E: Float64Array, d: Float64Array, D: number, k: number): { W: Float64Array; Winv: Float64Array };
  protected abstract outputShape(N: number, fit: WhiteningFit): number[];

  fit(x: Tensor): this {
    const where = `${this.constructor.name}.fit`;
    const [N, D] = rowsAndFeatures(x, where);
    if (N < 1) throw new Error(`${where}: x has no rows`);
    if (x.hasNonFinite()) throw new Error(`${where}: x contains NaN or Infinity`);
    const k = this.components(D);
    const mean = columnMeans(x.data, N, D);
    const centred = new Float64Array(N * D);
    for (let n = 0; n < N; n++) for (let j = 0; j < D; j++) centred[n * D + j] = x.data[n * D + j] - mean[j];
    const C = Tensor.zeros([D, D]);
    gemm(true, false, D, D, N, centred, centred, C.data);
    for (let i = 0; i < D * D; i++) C.data[i] /= N;
    const { values, vectors } = symmetricEigen(C);
    const d = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      if (this.eps === 0 && !(values[i] > 1e-12 * values[0])) {
        throw new Error(
          `${where}: the covariance is singular: eigenvalue ${i} is ${values[i]} (largest ${values[0]}), so some input ` +
            `directions have no variance; pass eps > 0 (e.g. { eps: 1e-2 })${k > 1 ? " or use fewer components" : ""}`,
        );
      }
      // Round-off can make a zero eigenvalue slightly negative; eps then keeps the root real.
      d[i] = 1 / Math.sqrt(Math.max(values[i], 0) + this.eps);
    }
    const { W, Winv } = this.build(vectors.data, d, D, k);
    const featureShape = x.shape.slice(1);
    this.fitted = { featureShape, mean, W, Winv, k };
    this.mean = new Tensor(mean.slice(), featureShape);
    this.eigenvalues = values;
    this.eigenvectors = vectors;
    this.matrix = new Tensor(W.slice(), [k, D]);
    return this;
  }

  /** W (x − μ) for every row, with the training μ and W. */
  transform(x: Tensor): Tensor {
    const fit = requireFitted(this.fitted, `${this.constructor.name}.transform`);
    const [N, D] = rowsAndFeatures(x, `${this.constructor.name}.transform`, fit.featureShape);
    const centred = new Float64Array(N * D);
    for (let n = 0; n < N; n++) for (let j = 0; j < D; j++) centred[n * D + j] = x.data[n * D + j] - fit.mean[j];
    const out = Tensor.zeros(this.outputShape(N, fit));
    gemm(false, true, N, fit.k, D, centred, fit.W, out.data);
    return out;
  }

  /** Back to input space: μ + W⁻¹ x_white (for PCA with k < D, the projection onto k components). */
  inverseTransform(xWhite: Tensor): Tensor {
    const where = `${this.constructor.name}.inverseTransform`;
    const fit = requireFitted(this.fitted, where);
    const whiteShape = this.outputShape(1, fit).slice(1);
    const [N] = rowsAndFeatures(xWhite, where, whiteShape);
    const D = fit.mean.length;
    const out = Tensor.zeros([N, ...fit.featureShape]);
    gemm(false, true, N, D, fit.k, xWhite.data, fit.Winv, out.data);
    for (let n = 0; n < N; n++) for (let j = 0; j < D; j++) out.data[n * D + j] += fit.mean[j];
    return out;
  }

  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }
}

/**
 * PCA whitening, x_PCA = D^(−1/2) Eᵀ (x − μ) (lecture 001): rotate onto the principal axes, then
 * scale each to unit variance. With `components` k < D only the k directions of largest variance
 * are kept (a dimensionality reduction). Output [N, k]; eigenvalue λᵢ is regularised to λᵢ + eps.
 * Options: `components` (default all D), `eps` (default 0; then a singular covariance is an error).
 */
export class PCAWhitening extends Whitening {
  readonly nComponents: number | null;

  constructor(options?: { components?: number | null; eps?: number }) {
    const opts = withDefaults<{ components: number | null; eps: number }>("PCAWhitening", { components: null, eps: 0 }, options);
    super(opts.eps);
    if (opts.components !== null) checkNumber("PCAWhitening", "components", opts.components, { min: 1, integer: true });
    this.nComponents = opts.components;
  }

  protected components(D: number): number {
    if (this.nComponents !== null && this.nComponents > D) {
      throw new Error(`PCAWhitening.fit: components = ${this.nComponents} but x has only ${D} features`);
    }
    return this.nComponents ?? D;
  }

  protected build(E: Float64Array, d: Float64Array, D: number, k: number): { W: Float64Array; Winv: Float64Array } {
    const W = new Float64Array(k * D);
    const Winv = new Float64Array(D * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < D; j++) {
        W[i * D + j] = d[i] * E[j * D + i]; // (D^(−1/2) Eᵀ)[i, j]
        Winv[j * k + i] = E[j * D + i] / d[i]; // (E D^(1/2))[j, i]
      }
    }
    return { W, Winv };
  }

  protected outputShape(N: number, fit: WhiteningFit): number[] {
    return [N, fit.k];
  }
}

/**
 * ZCA whitening, x_ZCA = E D^(−1/2) Eᵀ (x − μ) (lecture 001): PCA whitening rotated back to the
 * input axes. Its matrix is symmetric, and of all whitening transforms it changes the centred
 * data least, so whitened images still look like images. Output has x's shape.
 * Option: `eps` (default 0; then a singular covariance is an error), added to each eigenvalue.
 */
export class ZCAWhitening extends Whitening {
  constructor(options?: { eps?: number }) {
    const opts = withDefaults<{ eps: number }>("ZCAWhitening", { eps: 0 }, options);
    super(opts.eps);
  }

  protected components(D: number): number {
    return D;
  }

  protected build(E: Float64Array, d: Float64Array, D: number): { W: Float64Array; Winv: Float64Array } {
    const W = new Float64Array(D * D);
    const Winv = new Float64Array(D * D);
    for (let i = 0; i < D; i++) {
      for (let j = i; j < D; j++) {
        let w = 0;
        let winv = 0;
        for (let m = 0; m < D; m++) {
          const e = E[i * D + m] * E[j * D + m];
          w += e * d[m];
          winv += e / d[m];
        }
        // Filling both triangles from one sum makes W exactly symmetric.
        W[i * D + j] = W[j * D + i] = w;
        Winv[i * D + j] = Winv[j * D + i] = winv;
      }
    }
    return { W, Winv };
  }

  protected outputShape(N: number, fit: WhiteningFit): number[] {
    return [N, ...fit.featureShape];
  }
}
