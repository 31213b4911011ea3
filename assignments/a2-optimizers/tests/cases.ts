/**
 * a2's tests as builders, shared by the public tests (check() in the notebook) and the hidden ones
 * (grader only): trajectories of the student's update rules on a quadratic and on Rosenbrock's
 * function, compared step by step with the library's rules (tests/rules.ts has the references and
 * the wrong variants); the student's step-decay schedule against the library's; and a network
 * trained with the student's Adam, judged by its training loss against the same recipe run here
 * with the library's Adam.
 */
import { Linear, Optimizer, ReLU, Rng, Sequential, Tanh, Tensor, adam, fit, moons, relError, softmaxCrossEntropy, spiral, stepDecaySchedule } from "gradlab";
import type { ClassificationData } from "gradlab";
import { diagnoseRuleVariant } from "../../../grader/diagnose/rule_variant";
import { formatNumber } from "../../../grader/diagnose/format";
import { compareTensor, failedCheck, outcomeFailure, wire } from "../../../grader/tests/compare";
import { asTensor, outcome } from "../../../grader/tests/read_reply";
import { RuleSpec, TrajectoryCase, randomQuadratic, trajectoryTest } from "../../../grader/tests/rule_tests";
import type { Check, TestCase, Visibility } from "../../../grader/tests/test_case";
import type { Call, Wire } from "../../../grader/runner/protocol";

// ---- trajectories ----------------------------------------------------------------------------

/**
 * A quadratic ½ wᵀAw − bᵀw in d = size(shape) variables with eigenvalues from lo to hi, rotated at
 * random (so the coordinates are coupled), from a random w₀; w has the given shape (a [2, 3] w
 * checks that the rule works on any shape, as it must for a weight matrix).
 */
export function quadratic(shape: number[], lo: number, hi: number, steps: number, hp: Record<string, number>): (rng: Rng) => TrajectoryCase {
  return (rng) => {
    const d = shape.reduce((a, b) => a * b, 1);
    const { A, b } = randomQuadratic(rng, d, lo, hi);
    return { problem: { kind: "quadratic", A: wire(A), b: wire(b) }, w0: Tensor.randn(shape, rng, 0, 2), steps, hp };
  };
}

/** Rosenbrock's banana (1 − x)² + 100 (y − x²)², from `start`, or from a random point of [−1.5, 1.5] × [−0.5, 2]. */
export function rosenbrock(start: [number, number] | "random", steps: number, hp: Record<string, number>): (rng: Rng) => TrajectoryCase {
  return (rng) => {
    const w0 = start === "random" ? [rng.uniformIn(-1.5, 1.5), rng.uniformIn(-0.5, 2)] : start;
    return { problem: { kind: "testFunction2d", name: "rosenbrock" }, w0: Tensor.from(w0), steps, hp };
  };
}

export function ruleTest(name: string, visibility: Visibility, spec: RuleSpec, make: (rng: Rng) => TrajectoryCase): TestCase {
  return trajectoryTest(name, visibility, spec, make);
}

// ---- the step-decay schedule -----------------------------------------------------------------

export interface ScheduleCase {
  lr: number;
  stepSize: number;
  gamma: number;
  /** Steps 1..steps are asked in order, then `extra` steps out of order (a schedule is a function of t alone). */
  steps: number;
  extra: number[];
}

/** What a schedule with a slip computes, for the diagnosis: η γ^k(t) with the wrong k. */
const SCHEDULE_VARIANTS: { id: string; label: string; hint: string; k: (t: number, s: number) => number }[] = [
  {
    id: "one-step-late",
    label: "k = ⌊(t − 1) / stepSize⌋: every drop comes one step late (PyTorch's StepLR numbering)",
    hint: "take the formula at the step number t as it is: k = ⌊t / stepSize⌋, so step stepSize already uses γη",
    k: (t, s) => Math.floor((t - 1) / s),
  },
  {
    id: "no-floor",
    label: "k = t / stepSize without the floor: a smooth exponential decay instead of steps",
    hint: "round the exponent down with Math.floor: the rate stays constant between drops",
    k: (t, s) => t / s,
  },
  {
    id: "ceil",
    label: "k = ⌈t / stepSize⌉: the first step already uses γη",
    hint: "round down, not up: k = ⌊t / stepSize⌋ is 0 for the first stepSize − 1 steps",
    k: (t, s) => Math.ceil(t / s),
  },
];

/**
 * stepDecaySchedule(lr, stepSize, gamma) must return t ↦ η(t); the runner asks it for η(1), η(2),
 * ... and a few steps out of order, and the values are compared here with the library's schedule.
 */
export function scheduleTest(name: string, visibility: Visibility, c: ScheduleCase): TestCase {
  return {
    name,
    visibility,
    weight: 1,
    prepare() {
      const ts = [...Array.from({ length: c.steps }, (_, i) => i + 1), ...c.extra];
      const reference = stepDecaySchedule(c.lr, c.stepSize, c.gamma);
      const expected = Float64Array.from(ts, (t) => reference(t));
      const call = `stepDecaySchedule(${c.lr}, ${c.stepSize}, ${c.gamma})`;
      const calls: Call[] = [
        { op: "call", fn: { $t: "local", name: "stepDecaySchedule" }, args: [c.lr, c.stepSize, c.gamma], as: "schedule" },
        ...ts.map((t): Call => ({ op: "call", fn: { $t: "ref", name: "schedule" }, args: [t] })),
      ];
      const what = `η(t) of ${call}`;
      return {
        calls,
        judge(replies) {
          const made = outcome(replies, 0);
          if (made.kind !== "value") return { checks: [outcomeFailure(call, made)] };
          const got = new Float64Array(ts.length);
          for (let i = 0; i < ts.length; i++) {
            const o = outcome(replies, i + 1);
            if (o.kind !== "value") return { checks: [outcomeFailure(`η(${ts[i]})`, o)] };
            if (typeof o.value !== "number") {
              return { checks: [failedCheck(what, { id: "wrong-type", message: `the schedule returned ${describeWire(o.value)} for t = ${ts[i]}, expected a number`, evidence: { t: ts[i] } })] };
            }
            got[i] = o.value;
          }
          const threshold = 1e-12;
          const err = relError(got, expected);
          if (err < threshold) return { checks: [{ what, passed: true, credit: 1, weight: 1, relError: err, threshold }] };
          const variants = SCHEDULE_VARIANTS.map((v) => ({ ...v, trajectory: Float64Array.from(ts, (t) => c.lr * Math.pow(c.gamma, v.k(t, c.stepSize))) }));
          const first = ts.findIndex((_, i) => !(Math.abs(got[i] - expected[i]) <= threshold * Math.abs(expected[i])));
          const diagnosis = diagnoseRuleVariant(what, got, expected, variants, threshold) ?? {
            id: "some-entries-wrong" as const,
            message:
              first < c.steps
                ? `${what} is right for t = 1 … ${first} and wrong from t = ${ts[first]} on: η(${ts[first]}) = ${formatNumber(got[first])}, expected ${formatNumber(expected[first])}`
                : `${what} is right when the steps are asked in order, but η(${ts[first]}) asked afterwards is ${formatNumber(got[first])}, expected ${formatNumber(expected[first])}: the schedule must depend on t alone, not on how often it was called`,
            evidence: { t: ts[first], got: got[first], expected: expected[first] },
            hint: "η(t) = η · γ^⌊t / stepSize⌋, with t = 1 at the first step",
          };
          return { checks: [{ what, passed: false, credit: 0, weight: 1, relError: Number.isNaN(err) ? undefined : err, threshold, diagnosis }] };
        },
      };
    },
  };
}

function describeWire(v: Wire): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object" && "$t" in v) return v.$t === "opaque" ? `a ${v.what}` : `a ${v.$t}`;
  return Array.isArray(v) ? "an array" : `a ${typeof v}`;
}

// ---- training a network with the student's Adam ----------------------------------------------

/** The recipe the notebook prescribes for trainMLP: Adam with these settings, through tensorRule, Optimizer and fit. */
export const TRAIN_RECIPE = Object.freeze({ lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8, epochs: 40, batchSize: 32 });

export interface TrainingCase {
  data: "spiral" | "moons";
  hidden: number;
  activation: "ReLU" | "Tanh";
}

/**
 * The share of the library's loss reduction (from log C, the loss of an untrained network, to the
 * library's final loss) the student's run must achieve: full credit at 75% (a rule with a small
 * slip still trains the network about as well), half credit at 50%.
 */
export const FULL_CREDIT_PROGRESS = 0.75;
export const HALF_CREDIT_PROGRESS = 0.5;

function dataOf(c: TrainingCase, rng: Rng): ClassificationData {
  return c.data === "spiral" ? spiral({ n: 100, rng }) : moons({ n: 100, noise: 0.15, rng });
}

/**
 * Builds the same network twice from the same seed, in the runner (for the student's trainMLP) and
 * here (trained with the library's adam and the recipe), and compares the training losses, both
 * computed here from the logits on the training set.
 */
export function trainingTest(name: string, visibility: Visibility, c: TrainingCase): TestCase {
  return {
    name,
    visibility,
    weight: 1,
    prepare(rng) {
      const dataSeed = rng.int(2 ** 31);
      const train = dataOf(c, new Rng(dataSeed));
      const initSeed = rng.int(2 ** 31);
      const fitSeed = rng.int(2 ** 31);
      const classes = train.classes;
      const lib = (name: string) => ({ $t: "lib" as const, name });
      const ref = (name: string) => ({ $t: "ref" as const, name });
      const calls: Call[] = [
        { op: "new", cls: lib("Rng"), args: [initSeed], as: "initRng" },
        { op: "new", cls: lib("Linear"), args: [2, c.hidden, { rng: ref("initRng") }], as: "layer1" },
        { op: "new", cls: lib(c.activation), args: [], as: "activation" },
        { op: "new", cls: lib("Linear"), args: [c.hidden, classes, { rng: ref("initRng") }], as: "layer2" },
        { op: "new", cls: lib("Sequential"), args: [[ref("layer1"), ref("activation"), ref("layer2")]], as: "model" },
        { op: "new", cls: lib("Rng"), args: [fitSeed], as: "fitRng" },
        { op: "call", fn: { $t: "local", name: "trainMLP" }, args: [ref("model"), { x: wire(train.x), y: train.y, classes }, ref("fitRng")], as: "history" },
        { op: "method", obj: "model", name: "fprop", args: [wire(train.x)] },
      ];
      const key = JSON.stringify([c, dataSeed, initSeed, fitSeed]);
      const referenceLoss = referenceRuns.get(key) ?? libraryRun(c, train, initSeed, fitSeed);
      // The public test's run is the same for every submission: keep it (and a few others).
      if (referenceRuns.size >= 16) referenceRuns.clear();
      referenceRuns.set(key, referenceLoss);
      return {
        calls,
        timeoutMs: 30_000,
        judge(replies) {
          for (let i = 0; i < calls.length - 1; i++) {
            const o = outcome(replies, i);
            if (o.kind !== "value") return { checks: [outcomeFailure(i === 6 ? "trainMLP(model, train, rng)" : "building the network", o)] };
          }
          const o = outcome(replies, calls.length - 1);
          if (o.kind !== "value") return { checks: [outcomeFailure("model.fprop(train.x) after training", o)] };
          const N = train.x.shape[0];
          const logits = asTensor(o.value);
          if (!logits || logits.ndim !== 2 || logits.shape[0] !== N || logits.shape[1] !== classes) {
            return { checks: [compareTensor("the trained model's scores", o.value, Tensor.zeros([N, classes]), { threshold: 0 }).check] };
          }
          const loss = logits.hasNonFinite() ? NaN : softmaxCrossEntropy(logits, train.y).loss;
          const untrained = Math.log(classes);
          const full = untrained - FULL_CREDIT_PROGRESS * (untrained - referenceLoss);
          const half = untrained - HALF_CREDIT_PROGRESS * (untrained - referenceLoss);
          const f = (v: number): string => formatNumber(v, 3);
          const what = `training loss after trainMLP, ${f(loss)} (full credit up to ${f(full)})`;
          if (loss <= full) return { checks: [{ what, passed: true, credit: 1, weight: 1 }] };
          const check: Check = {
            ...failedCheck(what, {
              id: "below-target",
              message:
                `after trainMLP the network's cross-entropy on its training data is ${f(loss)}; the library's Adam with the ` +
                `notebook's recipe reaches ${f(referenceLoss)} on the same network and data, from ${f(untrained)} untrained. ` +
                `Full credit needs ${FULL_CREDIT_PROGRESS * 100}% of that reduction (a loss of ${f(full)} or less), half credit ${HALF_CREDIT_PROGRESS * 100}% (${f(half)})`,
              evidence: { loss, referenceLoss, full, half },
              hint: "pass tensorRule(\"adam\", adamStep, {...}) to new Optimizer(model.params(), ...), give it to fit with the recipe's epochs and batch size, and check adamStep with check(\"adam\") first",
            }),
            credit: loss <= half ? 0.5 : 0,
          };
          return { checks: [check] };
        },
      };
    },
  };
}

/** Final losses of the library's runs by case and seeds, within one grading process. */
const referenceRuns = new Map<string, number>();

/** The recipe with the library's adam on the network the runner builds, from the same seeds: its final training loss. */
function libraryRun(c: TrainingCase, train: ClassificationData, initSeed: number, fitSeed: number): number {
  const initRng = new Rng(initSeed);
  const activation = c.activation === "ReLU" ? new ReLU() : new Tanh();
  const model = new Sequential([new Linear(2, c.hidden, { rng: initRng }), activation, new Linear(c.hidden, train.classes, { rng: initRng })]);
  const { lr, beta1, beta2, eps, epochs, batchSize } = TRAIN_RECIPE;
  const optimizer = new Optimizer(model.params(), adam, { lr, beta1, beta2, eps });
  fit(model, { train, loss: "crossEntropy", optimizer, epochs, batchSize, rng: new Rng(fitSeed), progress: false });
  return softmaxCrossEntropy(model.fprop(train.x), train.y).loss;
}
