import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { TensorBuffer } from "./buffers";
import { columnSquaredDeviations, columnSums, columnSumsAndProducts, normalizeColumns, trainingDx } from "./batchnorm_loops";
import { Module, Param, bpropBeforeFprop, makeParam } from "./module";

export interface BatchNorm1dOptions {
  /** ε added to the variance before the square root, so a constant feature does not divide by 0. */
  eps: number;
  /** β_m of the running averages (the lectures call it β, "note confusing name"): 0 keeps them fixed, 1 keeps the last batch's. */
  momentum: number;
  /**
   * Which batch variance enters the running average σ̄²:
   * - "biased" (default, lecture 001): σ² = (1/N) Σ (x − μ)², the same σ² that normalizes the batch;
   * - "unbiased" (PyTorch's choice): N/(N−1) · σ², an unbiased estimate of the population variance.
   * Training always normalizes with the biased σ²; only the running update differs.
   */
  runningVar: "biased" | "unbiased";
}

const RUNNING_VAR_MODES = ["biased", "unbiased"] as const;

/**
 * Batch normalization of features (lecture 001, "Batch normalization").
 *
 * Shapes: x [N, C], γ [C], β [C], y [N, C]; statistics are per feature (per column).
 *
 * Training: μ = (1/N) Σₙ x⁽ⁿ⁾, σ² = (1/N) Σₙ (x⁽ⁿ⁾ − μ)², x̃ = (x − μ)/√(σ² + ε), y = γ ⊙ x̃ + β, and
 * the running statistics move towards the batch's: μ̄ ← (1 − β_m) μ̄ + β_m μ,
 * σ̄² ← (1 − β_m) σ̄² + β_m σ² (β_m = `momentum`; see `runningVar` for PyTorch's N/(N−1)). The
 * slide writes the variance term with the mean inside the sum; it is this batch's σ², as in the
 * original paper and PyTorch.
 * Evaluation: x̃ = (x − μ̄)/√(σ̄² + ε) with the running statistics (initially μ̄ = 0, σ̄² = 1),
 * which are left unchanged, so the layer is a fixed affine map of each example.
 *
 * Backward in training (μ and σ² depend on every row, so every dy reaches every dx):
 * dx = (γ/√(σ² + ε)) ⊙ (dy − mean(dy) − x̃ ⊙ mean(dy ⊙ x̃)) with means over the batch,
 * dγ += Σₙ dy ⊙ x̃, dβ += Σₙ dy. In evaluation: dx = dy ⊙ γ/√(σ̄² + ε), same dγ and dβ.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`).
 */
export class BatchNorm1d extends Module {
  readonly gamma: Param;
  readonly beta: Param;
  /** μ̄ [C]: running mean used in evaluation mode. */
  readonly runningMean: Tensor;
  /** σ̄² [C]: running variance used in evaluation mode. */
  readonly runningVar: Tensor;
  readonly eps: number;
  readonly momentum: number;
  readonly runningVarMode: "biased" | "unbiased";

  // Per-feature arrays reused across calls: the last training batch's μ and σ² (kept for
  // `batchMean`/`batchVar`), 1/√(σ² + ε) of the last fprop, and bprop's two sums and γ/√(σ² + ε).
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;
  private readonly invStd: Float64Array;
  private readonly sumDy: Float64Array;
  private readonly sumDyXhat: Float64Array;
  private readonly scale: Float64Array;
  /** Whether a training-mode fprop has filled `mean` and `variance`. */
  private hasBatchStatistics = false;
  /** x̃ of the last batch in its first N·C entries; grows, never shrinks. */
  private xhatData = new Float64Array(0);
  /** What the last fprop was: its batch size (−1 before any) and whether batch statistics were used. */
  private lastN = -1;
  private lastTraining = false;
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

  constructor(readonly features: number, options?: Partial<BatchNorm1dOptions>) {
    super();
    checkNumber("BatchNorm1d", "features", features, { min: 1, integer: true });
    const opts = withDefaults<BatchNorm1dOptions>("BatchNorm1d", { eps: 1e-5, momentum: 0.1, runningVar: "biased" }, options);
    this.eps = checkNumber("BatchNorm1d", "eps", opts.eps, { min: 0, minExclusive: true });
    this.momentum = checkNumber("BatchNorm1d", "momentum", opts.momentum, { min: 0, max: 1 });
    if (!RUNNING_VAR_MODES.includes(opts.runningVar)) {
      throw new Error(`BatchNorm1d: runningVar must be "biased" or "unbiased", got ${JSON.stringify(opts.runningVar)}`);
    }
    this.runningVarMode = opts.runningVar;
    this.gamma = makeParam("gamma", Tensor.ones([features]), false);
    this.beta = makeParam("beta", Tensor.zeros([features]), false);
    this.runningMean = Tensor.zeros([features]);
    this.runningVar = Tensor.ones([features]);
    this.mean = new Float64Array(features);
    this.variance = new Float64Array(features);
    this.invStd = new Float64Array(features);
    this.sumDy = new Float64Array(features);
    this.sumDyXhat = new Float64Array(features);
    this.scale = new Float64Array(features);
  }

  /** μ [C] of the last batch normalized in training mode (a copy; null before the first). */
  get batchMean(): Tensor | null {
    return this.hasBatchStatistics ? new Tensor(Float64Array.from(this.mean), [this.features]) : null;
  }

  /**
   * σ² [C] of the last batch normalized in training mode: the biased (1/N) variance that x̃ was
   * computed with, whatever `runningVar` says (a copy; null before the first).
   */
  get batchVar(): Tensor | null {
    return this.hasBatchStatistics ? new Tensor(Float64Array.from(this.variance), [this.features]) : null;
  }

  /**
   * x̃ [N, C] (x-hat) of the last fprop, in either mode: (x − μ)/√(σ² + ε) with the batch's statistics in
   * training, the running ones in evaluation (a copy; null before any fprop).
   */
  get xhat(): Tensor | null {
    if (this.lastN < 0) return null;
    return new Tensor(this.xhatData.slice(0, this.lastN * this.features), [this.lastN, this.features]);
  }

  fprop(x: Tensor): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.features) expectShape(x.shape, [null, this.features], "BatchNorm1d.fprop");
    const N = x.shape[0];
    const C = this.features;
    const { invStd } = this;
    let mean: Float64Array;
    let variance: Float64Array;
    if (this.training) {
      if (N < 2) {
        throw new Error(
          `BatchNorm1d.fprop: training needs a batch of at least 2 rows to compute a variance, got N = ${N}; ` +
            "call eval() to normalize single examples with the running statistics",
        );
      }
      this.batchStatistics(x.data, N);
      this.updateRunning(N);
      this.hasBatchStatistics = true;
      mean = this.mean;
      variance = this.variance;
    } else {
      mean = this.runningMean.data;
      variance = this.runningVar.data;
    }
    for (let c = 0; c < C; c++) invStd[c] = 1 / Math.sqrt(variance[c] + this.eps);

    if (this.xhatData.length < N * C) this.xhatData = new Float64Array(N * C);
    const xhat = this.xhatData;
    const xd = x.data;
    const g = this.gamma.value.data;
    const b = this.beta.value.data;
    const y = this.yBuffer.take(x.shape, this.reusesBuffers); // every entry is written below
    normalizeColumns(xd, N, C, mean, invStd, g, b, xhat, y.data);
    this.lastN = N;
    this.lastTraining = this.training;
    return y;
  }

  bprop(dy: Tensor): Tensor {
    // The mode of the forward pass decides the gradient, even if train()/eval() was called since.
    const N = this.lastN;
    const training = this.lastTraining;
    if (N < 0) throw bpropBeforeFprop("BatchNorm1d.bprop");
    const C = this.features;
    if (dy.ndim !== 2 || dy.shape[0] !== N || dy.shape[1] !== C) expectShape(dy.shape, [N, C], "BatchNorm1d.bprop", "dy");
    const dyd = dy.data;
    const xhat = this.xhatData;
    // Σₙ dy and Σₙ dy ⊙ x̃ per feature: they are dβ and dγ, and (divided by N) the two means in dx.
    const { sumDy, sumDyXhat } = this;
    columnSumsAndProducts(dyd, xhat, N, C, sumDy, sumDyXhat);
    const dgamma = this.gamma.grad.data;
    const dbeta = this.beta.grad.data;
    for (let c = 0; c < C; c++) {
      dgamma[c] += sumDyXhat[c];
      dbeta[c] += sumDy[c];
    }

    const g = this.gamma.value.data;
    const invStd = this.invStd;
    const dx = this.dxBuffer.take(dy.shape, this.reusesBuffers); // every entry is written below
    const dxd = dx.data;
    if (training) {
      const scale = this.scale;
      for (let c = 0; c < C; c++) {
        sumDy[c] /= N; // now mean(dy)
        sumDyXhat[c] /= N; // now mean(dy ⊙ x̃)
        scale[c] = g[c] * invStd[c];
      }
      trainingDx(dyd, xhat, N, C, scale, sumDy, sumDyXhat, dxd);
    } else {
      for (let n = 0; n < N; n++) {
        const row = n * C;
        for (let c = 0; c < C; c++) dxd[row + c] = dyd[row + c] * g[c] * invStd[c];
      }
    }
    return dx;
  }

  override params(): Param[] {
    return [this.gamma, this.beta];
  }

  /** Per-feature mean and biased variance of the batch, in two passes (more accurate than E[x²] − μ²; see batchnorm_loops.ts). */
  private batchStatistics(xd: Float64Array, N: number): void {
    const C = this.features;
    const { mean, variance } = this;
    columnSums(xd, N, C, mean);
    for (let c = 0; c < C; c++) mean[c] /= N;
    columnSquaredDeviations(xd, N, C, mean, variance);
    for (let c = 0; c < C; c++) variance[c] /= N;
  }

  /** μ̄ ← (1 − β_m) μ̄ + β_m μ, σ̄² ← (1 − β_m) σ̄² + β_m σ² (σ² times N/(N−1) when "unbiased"). */
  private updateRunning(N: number): void {
    const m = this.momentum;
    const correction = this.runningVarMode === "unbiased" ? N / (N - 1) : 1;
    const rm = this.runningMean.data;
    const rv = this.runningVar.data;
    for (let c = 0; c < this.features; c++) {
      rm[c] = (1 - m) * rm[c] + m * this.mean[c];
      rv[c] = (1 - m) * rv[c] + m * correction * this.variance[c];
    }
  }
}
