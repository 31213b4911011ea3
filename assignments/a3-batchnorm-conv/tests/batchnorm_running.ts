/**
 * BatchNorm1d's running statistics and its evaluation mode, in one test: the student's layer
 * normalizes a few training batches, the grader reads `runningMean` and `runningVar` (the `get`
 * call) and compares them with the library's after the same batches; then the layer is switched
 * to eval() and must normalize fresh examples with those running statistics, forward and backward.
 *
 * The evaluation check uses the student's OWN running statistics (when they are readable), so a
 * mistake in the running update costs the running checks only, and a layer that still uses the
 * batch's statistics in evaluation mode costs the evaluation checks only.
 */
import { BatchNorm1d, Rng, Tensor } from "gradlab";
import { compareTensor, failedCheck, outcomeFailure, wire } from "../../../grader/tests/compare";
import { CallOutcome, asTensor, outcome } from "../../../grader/tests/read_reply";
import type { Call } from "../../../grader/runner/protocol";
import type { Check, TestCase, Visibility } from "../../../grader/tests/test_case";
import { diagnoseMutatesInput } from "../../../grader/diagnose/mutates_input";
import { BatchNormOptions, FeatureScales, featureInput } from "./cases";

export interface RunningCase {
  C: number;
  /** Training batches before eval(); with 0 the evaluation uses the initial μ̄ = 0, σ̄² = 1 (not graded themselves). */
  batches: number;
  N: number;
  /** Examples normalized in evaluation mode (1 is allowed there). */
  evalN: number;
  options?: BatchNormOptions;
  scales?: FeatureScales;
}

const THRESHOLD = 1e-7;
const SIDE_WEIGHT = 0.25;
const FROZEN_WEIGHT = 0.5;

interface Variant {
  label: string;
  hint: string;
  mean: Tensor;
  variance: Tensor;
}

/**
 * The running statistics after `batches` under the library's rule and under the wrong rules the
 * diagnoses name, computed here from the batches.
 */
function runningVariants(batches: Tensor[], C: number, m: number): Variant[] {
  const variants: Variant[] = [
    { label: "the average with the momentum the other way round, μ̄ ← β μ̄ + (1 − β) μ (β is the weight of the NEW batch)", hint: "μ̄ ← (1 − β) μ̄ + β μ: β = momentum weighs the new batch", mean: Tensor.zeros([C]), variance: Tensor.ones([C]) },
    { label: "the running average of the unbiased N/(N − 1) σ²; the library's default (runningVar: \"biased\") averages the batch's (1/N) σ²", hint: "average the same σ² = x.var(0) that normalizes the batch", mean: Tensor.zeros([C]), variance: Tensor.ones([C]) },
    { label: "the running average of the variance around the updated running mean μ̄ instead of the batch mean μ", hint: "σ² is this batch's variance around its own mean μ: x.var(0)", mean: Tensor.zeros([C]), variance: Tensor.ones([C]) },
    { label: "the initial statistics μ̄ = 0, σ̄² = 1: the training-mode fprop did not update them", hint: "in training mode, every fprop updates runningMean and runningVar (store the new tensors in them)", mean: Tensor.zeros([C]), variance: Tensor.ones([C]) },
  ];
  for (const x of batches) {
    const N = x.shape[0];
    const mu = x.mean(0);
    const s2 = x.var(0);
    const [swapped, unbiased, aroundRunning] = variants;
    swapped.mean = swapped.mean.mul(m).add(mu.mul(1 - m));
    swapped.variance = swapped.variance.mul(m).add(s2.mul(1 - m));
    unbiased.mean = unbiased.mean.mul(1 - m).add(mu.mul(m));
    unbiased.variance = unbiased.variance.mul(1 - m).add(s2.mul((m * N) / (N - 1)));
    aroundRunning.mean = aroundRunning.mean.mul(1 - m).add(mu.mul(m));
    aroundRunning.variance = aroundRunning.variance.mul(1 - m).add(x.sub(aroundRunning.mean).square().mean(0).mul(m));
  }
  return variants;
}

export function batchnormEvalTest(name: string, visibility: Visibility, c: RunningCase, weight = 1): TestCase {
  const opts = c.options ?? {};
  const eps = opts.eps ?? 1e-5;
  const momentum = opts.momentum ?? 0.1;
  const given = opts.eps !== undefined || opts.momentum !== undefined;
  return {
    name,
    visibility,
    weight,
    prepare(rng: Rng) {
      const gamma = Tensor.randn([c.C], rng);
      const beta = Tensor.randn([c.C], rng);
      const batches = Array.from({ length: c.batches }, () => featureInput(rng, [c.N, c.C], c.scales));
      const xEval = featureInput(rng, [c.evalN, c.C], c.scales);
      const dyEval = Tensor.randn([c.evalN, c.C], rng);
      const calls: Call[] = [
        { op: "new", cls: { $t: "local", name: "BatchNorm1d" }, args: given ? [c.C, { ...opts }] : [c.C], as: "m" },
        { op: "setParams", obj: "m", values: { gamma: wire(gamma), beta: wire(beta) }, grads: { gamma: wire(Tensor.zeros([c.C])), beta: wire(Tensor.zeros([c.C])) } },
        ...batches.map((x): Call => ({ op: "method", obj: "m", name: "fprop", args: [wire(x)] })),
      ];
      const iMean = calls.push({ op: "get", obj: "m", path: ["runningMean"] }) - 1;
      const iVar = calls.push({ op: "get", obj: "m", path: ["runningVar"] }) - 1;
      calls.push({ op: "method", obj: "m", name: "eval", args: [] });
      const iY = calls.push({ op: "method", obj: "m", name: "fprop", args: [wire(xEval)], echo: true }) - 1;
      const iDx = calls.push({ op: "method", obj: "m", name: "bprop", args: [wire(dyEval)], echo: true }) - 1;
      const iMeanAfter = calls.push({ op: "get", obj: "m", path: ["runningMean"] }) - 1;
      const iVarAfter = calls.push({ op: "get", obj: "m", path: ["runningVar"] }) - 1;

      const ref = new BatchNorm1d(c.C, opts);
      ref.gamma.value.copyFrom(gamma);
      ref.beta.value.copyFrom(beta);
      for (const x of batches) ref.fprop(x.clone());
      const refMean = ref.runningMean.clone();
      const refVar = ref.runningVar.clone();
      const variants = c.batches > 0 ? runningVariants(batches, c.C, momentum) : [];
      const alternatives = (key: "mean" | "variance") => variants.map((v) => ({ label: v.label, value: v[key], hint: v.hint }));
      const whats = [...(c.batches > 0 ? ["runningMean", "runningVar"] : []), "y in evaluation mode", "dx in evaluation mode"];

      return {
        calls,
        judge(replies) {
          for (let i = 0; i < iMean; i++) {
            const o = outcome(replies, i);
            if (o.kind !== "value") return { checks: whats.map((w) => outcomeFailure(w, o)) };
          }
          const checks: Check[] = [];
          const running: (Tensor | null)[] = [];
          for (const [i, what, expected, key] of [[iMean, "runningMean", refMean, "mean"], [iVar, "runningVar", refVar, "variance"]] as const) {
            const o = outcome(replies, i);
            if (o.kind !== "value") {
              if (c.batches > 0) checks.push(outcomeFailure(what, o));
              running.push(null);
              continue;
            }
            const hint =
              key === "mean"
                ? "keep μ̄ in this.runningMean, a Tensor [C] starting at 0; each training fprop sets μ̄ ← (1 − β) μ̄ + β μ with β = momentum"
                : "keep σ̄² in this.runningVar, a Tensor [C] starting at 1; each training fprop sets σ̄² ← (1 − β) σ̄² + β σ², σ² the batch's (1/N) variance";
            const cmp = compareTensor(what, o.value, expected, { threshold: THRESHOLD, batchSize: c.N, alternatives: alternatives(key), hint });
            // Before any training batch the statistics are the constructor's (given): nothing to grade.
            if (c.batches > 0) checks.push(cmp.check);
            const t = cmp.student;
            running.push(t && t.ndim === 1 && t.shape[0] === c.C && !t.hasNonFinite() ? t : null);
          }
          // Evaluation uses the layer's own running statistics: judge it against the library's
          // evaluation with those, so that one mistake is not counted twice.
          const own = running[0] !== null && running[1] !== null;
          const evalRef = new BatchNorm1d(c.C, opts);
          evalRef.gamma.value.copyFrom(gamma);
          evalRef.beta.value.copyFrom(beta);
          evalRef.runningMean.copyFrom(own ? running[0]! : refMean);
          evalRef.runningVar.copyFrom(own ? running[1]! : refVar);
          evalRef.eval();
          const yRef = evalRef.fprop(xEval.clone());
          const dxRef = evalRef.bprop(dyEval.clone());
          const basis = own ? "with your layer's own runningMean and runningVar" : "with the expected running statistics (yours could not be read)";
          const yAlternatives =
            c.evalN >= 2 ? [{ label: "the normalization with this batch's own statistics: in evaluation mode the layer must use μ̄ and σ̄²", value: batchStatistics(xEval, gamma, beta, eps), hint: "when this.training is false, normalize with this.runningMean and this.runningVar" }] : [];
          const oy = outcome(replies, iY);
          if (oy.kind !== "value") {
            checks.push(outcomeFailure("y in evaluation mode", oy), outcomeFailure("dx in evaluation mode", oy));
            return { checks };
          }
          checks.push(
            compareTensor("y in evaluation mode", oy.value, yRef, {
              threshold: THRESHOLD,
              batchSize: c.evalN,
              alternatives: yAlternatives,
              hint: `after eval(), y = γ ⊙ (x − μ̄)/√(σ̄² + ε) + β (compared ${basis}), and μ̄, σ̄² stay as they are`,
            }).check,
          );
          const odx = outcome(replies, iDx);
          if (odx.kind !== "value") checks.push(outcomeFailure("dx in evaluation mode", odx));
          else {
            checks.push(
              compareTensor("dx in evaluation mode", odx.value, dxRef, {
                threshold: THRESHOLD,
                batchSize: c.evalN,
                hint: `in evaluation mode the layer is a fixed affine map of each example: dx = dy ⊙ γ/√(σ̄² + ε) (compared ${basis})`,
              }).check,
            );
          }
          checks.push(frozenCheck(running, outcome(replies, iMeanAfter), outcome(replies, iVarAfter)));
          checks.push(sideCheck("x", xEval, oy.echo[0]), sideCheck("dy", dyEval, odx.kind === "value" ? odx.echo[0] : undefined));
          return { checks };
        },
      };
    },
  };
}

/** μ̄ and σ̄² after the evaluation-mode fprop and bprop must be what they were before (exactly). */
function frozenCheck(before: (Tensor | null)[], mean: CallOutcome, variance: CallOutcome): Check {
  const what = "runningMean, runningVar unchanged by evaluation";
  if (before[0] === null || before[1] === null) {
    return failedCheck(what, { id: "wrong-type", message: "runningMean and runningVar could not be read as Tensors [C], so whether evaluation leaves them unchanged is unknown", evidence: {} }, FROZEN_WEIGHT);
  }
  for (const [o, t, name] of [[mean, before[0], "runningMean"], [variance, before[1], "runningVar"]] as const) {
    if (o.kind !== "value") return outcomeFailure(what, o, FROZEN_WEIGHT);
    const after = asTensor(o.value);
    const d = after ? diagnoseMutatesInput("fprop in evaluation mode", [{ name, before: t, after }]) : null;
    if (!after || d) {
      const message = `${name} changed during the evaluation-mode fprop or bprop${d ? `: ${d.message}` : ""}`;
      return failedCheck(what, { id: "mutates-input", message, evidence: d?.evidence ?? {}, hint: "update the running statistics only when this.training is true" }, FROZEN_WEIGHT);
    }
  }
  return { what, passed: true, credit: 1, weight: FROZEN_WEIGHT };
}

/** Training mode's y on `x`: what a layer that ignores eval() computes. */
function batchStatistics(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): Tensor {
  return x.sub(x.mean(0)).div(x.var(0).add(eps).sqrt()).mul(gamma).add(beta);
}

function sideCheck(name: string, sent: Tensor, echo: unknown): Check {
  const after = asTensor(echo);
  const d = after ? diagnoseMutatesInput("BatchNorm1d in evaluation mode", [{ name, before: sent, after }]) : null;
  if (d) return { ...failedCheck(`${name} unchanged`, d, SIDE_WEIGHT), side: true };
  return { what: `${name} unchanged`, passed: true, credit: 1, weight: SIDE_WEIGHT, side: true };
}
