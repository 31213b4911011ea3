/**
 * a3's module specs, shared by the public tests (check() in the notebook) and the hidden ones
 * (grader only). References are the library's boxes with the student's parameter values; the
 * plausible wrong answers the diagnoses name are computed here from the test's inputs, with the
 * library's plain-loop `conv2dReference` and the routing loops of ./routing.ts.
 */
import { BatchNorm1d, Conv2d, MaxPool2d, Module, Rng, Tensor, conv2dReference } from "gradlab";
import type { ModuleSpec } from "../../../grader/tests/module_tests";
import { PoolGeometry, flipKernel, routeMaxPool } from "./routing";

function withValues<M extends Module>(m: M, values: Tensor[]): M {
  m.params().forEach((p, i) => p.value.data.set(values[i].data));
  return m;
}

// ---- BatchNorm1d ------------------------------------------------------------------------------

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
}

export interface FeatureScales {
  /** Added to every feature's mean, e.g. 1e6 for the cancellation test. */
  offset?: number;
}

/** x [N, C] whose columns have their own means (−2 to 2, plus `offset`) and spreads (0.5 to 3). */
export function featureInput(rng: Rng, shape: number[], o: FeatureScales = {}): Tensor {
  const C = shape[1];
  const means = Tensor.rand([C], rng, -2, 2).add(o.offset ?? 0);
  const spreads = Tensor.rand([C], rng, 0.5, 3);
  return Tensor.randn(shape, rng).mul(spreads).add(means);
}

/** x̃ = (x − μ)/√(σ² + ε) with the batch's statistics, as the parent computes it for alternatives. */
function normalized(x: Tensor, eps: number, ddof = 0): Tensor {
  return x.sub(x.mean(0)).div(x.var(0, { ddof }).add(eps).sqrt());
}

export function batchnormSpec(N: number, C: number, opts: BatchNormOptions = {}, scales: FeatureScales = {}): ModuleSpec {
  const eps = opts.eps ?? 1e-5;
  const given = opts.eps !== undefined || opts.momentum !== undefined;
  return {
    cls: "BatchNorm1d",
    args: given ? [C, { ...opts }] : [C],
    params: [
      { name: "gamma", shape: [C] },
      { name: "beta", shape: [C] },
    ],
    reference: (values) => withValues(new BatchNorm1d(C, opts), values),
    xShape: [N, C],
    input: (rng, shape) => featureInput(rng, shape, scales),
    yAlternatives: (x, [gamma, beta]) => {
      const affine = (h: Tensor): Tensor => h.mul(gamma).add(beta);
      const centred = x.sub(x.mean(0));
      return [
        { label: "the normalization with the N − 1 (unbiased) variance; training normalizes with σ² = (1/N) Σ (x − μ)²", value: affine(normalized(x, eps, 1)), hint: "σ² = x.var(0), the (1/N) variance of the batch; ddof 1 only belongs to PyTorch's running average" },
        { label: "(x − μ)/(σ + ε): ε belongs under the square root, √(σ² + ε)", value: affine(centred.div(x.var(0).sqrt().add(eps))), hint: "divide by (σ² + ε).sqrt(): add ε to the variance, then take the square root" },
        { label: "the normalization without ε", value: affine(centred.div(x.var(0).sqrt())), hint: "divide by √(σ² + ε), ε = this.eps (1e-5 by default)" },
        { label: "the normalization over axis 1 (each example's features) instead of axis 0 (the batch)", value: affine(x.sub(x.mean(1, { keepdims: true })).div(x.var(1, { keepdims: true }).add(eps).sqrt())), hint: "each feature (column) is normalized over the batch: x.mean(0), x.var(0)" },
      ];
    },
    gradAlternatives: (x, dy) => {
      const xhat = normalized(x, eps);
      return {
        gamma: [
          { label: "Σ dy ⊙ x̃ over axis 1 (the features) instead of axis 0 (the batch)", value: dy.mul(xhat).sum(1) },
          { label: "Σₙ dy ⊙ x, with the input x instead of the normalized x̃", value: dy.mul(x).sum(0), hint: "y = γ ⊙ x̃ + β, so dγ = Σₙ dy ⊙ x̃: keep x̃ from fprop" },
          { label: "dy ⊙ x̃ not summed over the batch", value: dy.mul(xhat) },
        ],
        beta: [
          { label: "dy summed over axis 1 (the features) instead of axis 0 (the batch)", value: dy.sum(1) },
          { label: "dy not summed over the batch", value: dy },
        ],
      };
    },
    hints: {
      y: "training mode: μ and σ² are each feature's batch mean and (1/N) variance, over axis 0; y = γ ⊙ (x − μ)/√(σ² + ε) + β",
      dx: "dx = γ/√(σ² + ε) ⊙ (dy − mean(dy) − x̃ ⊙ mean(dy ⊙ x̃)), means over the batch (axis 0, keepdims)",
      dgamma: "dγ = Σₙ dy ⊙ x̃ over the batch (axis 0), shape [C]; add it into gamma.grad",
      dbeta: "dβ = Σₙ dy over the batch (axis 0), shape [C]; add it into beta.grad",
    },
  };
}

// ---- Conv2d -----------------------------------------------------------------------------------

export type Pair = number | [number, number];

export interface ConvCase {
  N: number;
  Cin: number;
  H: number;
  W: number;
  F: number;
  kernel: Pair;
  stride?: Pair;
  padding?: Pair;
}

const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : v);

export function convSpec(c: ConvCase): ModuleSpec {
  const stride = c.stride ?? 1;
  const padding = c.padding ?? 0;
  const [kh, kw] = pair(c.kernel);
  const [ph, pw] = pair(padding);
  const options = { stride, padding };
  return {
    cls: "Conv2d",
    args: [c.Cin, c.F, c.kernel, { stride, padding }],
    params: [
      { name: "W", shape: [c.F, c.Cin, kh, kw] },
      { name: "b", shape: [c.F] },
    ],
    reference: (values) => withValues(new Conv2d(c.Cin, c.F, c.kernel, options), values),
    xShape: [c.N, c.Cin, c.H, c.W],
    yAlternatives: (x, [W, b]) => {
      const alts = [
        { label: "a true convolution with the kernel flipped (W[f, c, kh − 1 − a, kw − 1 − b]); Conv2d, like every framework, does not flip it", value: conv2dReference(x, flipKernel(W), b, stride, padding), hint: "offset (a, b) of the window multiplies W[:, :, a, b], not W[:, :, kh − 1 − a, kw − 1 − b]" },
        { label: "the convolution without the bias b", value: conv2dReference(x, W, null, stride, padding), hint: "add b [F] to every position: b.reshape([F, 1, 1]) broadcasts over [N, F, Ho, Wo]" },
      ];
      if (kh === kw) alts.push({ label: "the kernel transposed (W[f, c, b, a] at offset (a, b)): the row offset indexes W's axis 2", value: conv2dReference(x, W.permute([0, 1, 3, 2]), b, stride, padding), hint: "W[:, :, a, b]: a is the row offset (axis 2, size kh), b the column offset (axis 3, size kw)" });
      if (ph > 0 || pw > 0) alts.push({ label: "the convolution without padding", value: conv2dReference(x, W, b, stride, 0), hint: "pad x with ph rows above and below and pw columns left and right (x.pad) before taking the windows" });
      if (pair(stride).some((s) => s > 1)) alts.push({ label: "the convolution with stride 1 (the stride ignored)", value: conv2dReference(x, W, b, 1, padding), hint: "window (i, j) starts at row i·sh and column j·sw of the padded input: a slice with step sh (and sw)" });
      return alts;
    },
    gradAlternatives: (x, dy, values) => {
      // dL/d(padded x): the same convolution on the padded input, without padding; dx is its centre.
      const xp = x.pad([[0, 0], [0, 0], [ph, ph], [pw, pw]]);
      const unpadded = new Conv2d(c.Cin, c.F, c.kernel, { stride, padding: 0 });
      return {
        b: [
          { label: "dy summed over the batch only (axis 0), not over the positions (axes 0, 2 and 3)", value: dy.sum(0), hint: "db = dy.sum([0, 2, 3]): b is used at every position of every image" },
          { label: "dy summed over axes 1, 2 and 3 instead of 0, 2 and 3", value: dy.sum([1, 2, 3]) },
        ],
        x: ph > 0 || pw > 0 ? paddingAlternatives(unpadded, values, xp, dy, x.shape) : [],
      };
    },
    hints: {
      y: "y[n, f, i, j] = b[f] + Σ_c Σ_a Σ_b W[f, c, a, b] · xp[n, c, i·sh + a, j·sw + b], xp the zero-padded x; Ho = floor((H + 2ph − kh)/sh) + 1",
      dx: "for each offset (a, b), add dy · W[:, :, a, b] into the strided slice of a zero dxp of the padded shape, then crop dxp to [ph, ph + H) × [pw, pw + W)",
      dW: "dW[:, :, a, b] = Σ over n, i, j of dy[n, :, i, j] · xp[n, :, i·sh + a, j·sw + b]ᵀ, shape [F, C]; add the whole dW into W.grad",
      db: "db = dy summed over axes 0, 2 and 3 (the batch and the positions), shape [F]",
    },
  };
}

/** dx when the padded gradient is not cropped, or cropped at the wrong corner. */
function paddingAlternatives(unpadded: Conv2d, values: Tensor[], xp: Tensor, dy: Tensor, xShape: readonly number[]): { label: string; value: Tensor; hint: string }[] {
  withValues(unpadded, values).fprop(xp);
  const dxp = unpadded.bprop(dy);
  const [, , H, W] = xShape;
  return [
    { label: "the gradient of the padded input, not cropped back to x's shape", value: dxp, hint: "crop dxp to dxp.slice([null, null, [ph, ph + H], [pw, pw + W]])" },
    { label: "the padded gradient cropped at [0, H) × [0, W) instead of [ph, ph + H) × [pw, pw + W)", value: dxp.slice([null, null, [0, H], [0, W]]), hint: "the image starts at row ph and column pw of the padded input: crop [ph, ph + H) × [pw, pw + W)" },
  ];
}

// ---- MaxPool2d --------------------------------------------------------------------------------

export interface PoolCase {
  N: number;
  C: number;
  H: number;
  W: number;
  kernel: Pair;
  stride?: Pair;
  padding?: Pair;
  /** Integer values from 0 to 2, so that windows often hold several maxima. */
  ties?: boolean;
  /** Standard deviation of the (tie-free) inputs, default 1. */
  scale?: number;
}

export function poolSpec(c: PoolCase): ModuleSpec {
  const geometry: PoolGeometry = { kernel: pair(c.kernel), stride: pair(c.stride ?? c.kernel), padding: pair(c.padding ?? 0) };
  const given = c.stride !== undefined || c.padding !== undefined;
  const options = { stride: c.stride ?? null, padding: c.padding ?? 0 };
  return {
    cls: "MaxPool2d",
    args: given ? [c.kernel, { ...(c.stride !== undefined ? { stride: c.stride } : {}), ...(c.padding !== undefined ? { padding: c.padding } : {}) }] : [c.kernel],
    params: [],
    reference: () => new MaxPool2d(c.kernel, options),
    xShape: [c.N, c.C, c.H, c.W],
    input: (rng, shape) => (c.ties ? Tensor.zeros(shape).map(() => rng.int(3)) : Tensor.randn(shape, rng, 0, c.scale ?? 1)),
    gradAlternatives: (x, dy) => ({
      x: [
        { label: "dy routed to every element of its window (that is the gradient of a sum pool, not of a max)", value: routeMaxPool(x, dy, geometry, "window"), hint: "only the maximum of a window receives its dy: mask with xp.slice(…).eq(y)" },
        { label: "dy routed to every maximum of a window with ties; only the first one in row-major order gets it", value: routeMaxPool(x, dy, geometry, "every-max"), hint: "visit the offsets in row-major order and keep a mask of the windows already served: only the first maximum takes dy" },
        { label: "dy routed to the last maximum of a window with ties (≥ instead of >?); the first one in row-major order gets it", value: routeMaxPool(x, dy, geometry, "last-max"), hint: "the first maximum in row-major order takes dy: a window that is already served takes nothing at later offsets" },
        { label: "dy written with setSlice instead of added with addToSlice: where windows overlap, a pixel must get the sum of its windows' dy", value: routeMaxPool(x, dy, geometry, "assign"), hint: "dxp.addToSlice(taps, …): overlapping windows add their shares" },
      ],
    }),
    hints: {
      y: "y[n, c, i, j] = the maximum of x over the window at rows i·sh − ph …, columns j·sw − pw …; padding counts as −∞",
      dx: "each dy[n, c, i, j] goes to the first maximum of its window in row-major order, and adds up where windows overlap; every other entry of dx is 0",
    },
  };
}
