/**
 * Tests of an update rule the student wrote, `(w, g, state, hp) => { w, state }` on Tensors: the
 * runner follows the rule for some steps on a problem whose gradient it computes (a quadratic,
 * Rosenbrock), carrying the state the rule returns from one step to the next; here the
 * trajectory is compared with the library's rule on the same problem, and a mismatch is matched
 * against the usual wrong variants of the rule (bias correction left out, ε on the other side of
 * the square root, the velocity's sign, state not kept), each run here as well.
 */
import { Rng, Tensor, getRule, relError, testFunctions2d } from "gradlab";
import { diagnoseRuleVariant, diagnoseTrajectoryDivergence } from "../diagnose/rule_variant";
import { problemGradient } from "../runner/problems";
import type { Call, Problem, Wire } from "../runner/protocol";
import { failedCheck, outcomeFailure, wire } from "./compare";
import { diagnoseError } from "../diagnose/runtime";
import { isFloat64Array, outcome, own, readError } from "./read_reply";
import type { PreparedTest, TestCase, Visibility } from "./test_case";

/** One step in place: w ← w + Δ(w, g) at 1-based step t, keeping its own state. */
export type StepFn = (w: Float64Array, g: Float64Array, t: number) => void;

export interface Variant {
  id: string;
  label: string;
  hint?: string;
  /** A fresh stepper of the wrong rule with these hyperparameters. */
  make(hp: Record<string, number>): StepFn;
}

export interface RuleSpec {
  /** The student's function, e.g. "adamStep". */
  fn: string;
  /** The library's rule in the lectures' form, e.g. "adam", and options that select that form. */
  reference: string;
  referenceOptions?: Record<string, unknown>;
  variants: Variant[];
}

/** A stepper of the library's rule `name` with the given hyperparameters. */
export function libraryStepper(name: string, hp: Record<string, unknown>, freshStateEachStep = false): StepFn {
  const rule = getRule(name);
  const full = { ...rule.defaults, ...hp };
  rule.validate(full);
  let state = rule.init(0);
  let size = -1;
  return (w, g, t) => {
    if (size !== w.length || freshStateEachStep) {
      state = rule.init(w.length);
      size = w.length;
    }
    rule.step(w, g, state, full, freshStateEachStep ? 1 : t);
  };
}

/** w₀, then w after each of `steps` updates, flattened: (steps + 1) × d values. */
export function trajectory(step: StepFn, w0: Float64Array, problem: Problem, steps: number): Float64Array {
  const d = w0.length;
  const grad = problemGradient(problem, d, testFunctions2d as never);
  const out = new Float64Array((steps + 1) * d);
  const w = Float64Array.from(w0);
  out.set(w, 0);
  for (let k = 1; k <= steps; k++) {
    step(w, grad(w), k);
    out.set(w, k * d);
  }
  return out;
}

export interface TrajectoryCase {
  problem: Problem;
  w0: Tensor;
  steps: number;
  hp: Record<string, number>;
  threshold?: number;
}

/** A quadratic ½ wᵀAw − bᵀw with eigenvalues spread over [lo, hi] (condition number hi/lo), rotated at random. */
export function randomQuadratic(rng: Rng, d: number, lo: number, hi: number): { A: Tensor; b: Tensor } {
  // A random rotation Q (Gram–Schmidt of a Gaussian matrix), A = Q diag(λ) Qᵀ.
  const G = Tensor.randn([d, d], rng).data;
  const Q = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const v = G.slice(i * d, (i + 1) * d);
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += v[k] * Q[j * d + k];
      for (let k = 0; k < d; k++) v[k] -= dot * Q[j * d + k];
    }
    const norm = Math.hypot(...v);
    for (let k = 0; k < d; k++) Q[i * d + k] = v[k] / norm;
  }
  const lambdas = Array.from({ length: d }, (_, i) => (d === 1 ? lo : lo * Math.pow(hi / lo, i / (d - 1))));
  const A = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Q[k * d + i] * lambdas[k] * Q[k * d + j];
      A[i * d + j] = s;
    }
  }
  return { A: new Tensor(A, [d, d]), b: Tensor.randn([d], rng) };
}

export function trajectoryTest(name: string, visibility: Visibility, spec: RuleSpec, make: (rng: Rng) => TrajectoryCase, weight = 1): TestCase {
  return {
    name,
    visibility,
    weight,
    prepare(rng: Rng): PreparedTest {
      const c = make(rng);
      const d = c.w0.size;
      const reference = trajectory(libraryStepper(spec.reference, { ...spec.referenceOptions, ...c.hp }), c.w0.data, c.problem, c.steps);
      const calls: Call[] = [{ op: "trajectory", rule: { $t: "local", name: spec.fn }, w0: wire(c.w0), hp: c.hp as Wire, steps: c.steps, problem: c.problem }];
      const threshold = c.threshold ?? 1e-9;
      const what = `the trajectory of ${spec.fn}`;
      return {
        calls,
        judge(replies) {
          const o = outcome(replies, 0);
          if (o.kind !== "value") return { checks: [outcomeFailure(what, o)] };
          const ws = own(o.value, "ws");
          const completed = own(o.value, "completed");
          const error = own(o.value, "error");
          if (!isFloat64Array(ws) || typeof completed !== "number") {
            return { checks: [failedCheck(what, { id: "wrong-type", message: `${spec.fn}'s trajectory came back malformed`, evidence: {} })] };
          }
          if (error !== null && error !== undefined) {
            const d0 = diagnoseError(`${spec.fn} at step ${completed + 1}`, readError(error));
            return { checks: [failedCheck(what, d0)] };
          }
          if (ws.length !== reference.length) {
            return { checks: [failedCheck(what, { id: "wrong-shape", message: `${spec.fn} returned ${ws.length / (c.steps + 1)} values per step, expected ${d}`, evidence: {} })] };
          }
          const err = relError(ws, reference);
          if (err < threshold) return { checks: [{ what, passed: true, credit: 1, weight: 1, relError: err, threshold }] };
          const variants = spec.variants.map((v) => ({ id: v.id, label: v.label, hint: v.hint, trajectory: trajectory(v.make(c.hp), c.w0.data, c.problem, c.steps) }));
          const diagnosis =
            diagnoseRuleVariant(what, ws, reference, variants, threshold) ??
            diagnoseTrajectoryDivergence(what, ws, reference, d, threshold) ?? { id: "some-entries-wrong" as const, message: `${what} differs from the expected one`, evidence: {} };
          return { checks: [{ what, passed: false, credit: 0, weight: 1, relError: Number.isNaN(err) ? undefined : err, threshold, diagnosis }] };
        },
      };
    },
  };
}
