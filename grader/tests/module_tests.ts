/**
 * Tests of a flow-graph box the student wrote (a class with fprop/bprop/params, the library's
 * Module contract): fprop against the library's own box with the same parameters, and bprop's
 * dL/dx and parameter gradients, with the probes that tell the usual mistakes apart:
 *
 * - accumulation: the gradients are pre-filled with F and bprop is run again; they must hold
 *   F + g (a bprop that overwrites with `=` gives g);
 * - inputs: x and dy come back as the student's code left them;
 * - own fprop: when fprop is wrong, the student's bprop is compared with centred differences of
 *   the student's OWN fprop (computed here from the fprop values the runner returns), so a bprop
 *   that is right for the fprop it was given earns its points (GRADER.md).
 */
import { Module, Rng, Tensor, relError } from "gradlab";
import { fdFromSweep, diagnoseOwnFprop } from "../diagnose/own_fprop";
import { diagnoseOverwrites } from "../diagnose/overwrites";
import { diagnoseMutatesInput } from "../diagnose/mutates_input";
import type { Call, Wire } from "../runner/protocol";
import { CompareOptions, compareTensor, failedCheck, outcomeFailure, wire } from "./compare";
import { asTensor, isFloat64Array, outcome, own, readParams } from "./read_reply";
import type { Check, PreparedTest, TestCase, Visibility } from "./test_case";

export interface ParamSpec {
  name: string;
  shape: number[];
}

export interface ModuleSpec {
  /** The student's class, e.g. "Linear". */
  cls: string;
  /** Constructor arguments, e.g. [5, 3]. */
  args: Wire[];
  /**
   * Calls that create the box as "m" instead of `new cls(...args)`, e.g. a student's
   * `makeMLP(8, rng)` after a library `new Rng(seed)`.
   */
  construct?: Call[];
  /** The parameters params() must list, in order, with the names the notebook prescribes. */
  params: ParamSpec[];
  /** The library's box with the same parameter values (its params() in the same order). */
  reference(values: Tensor[]): Module;
  xShape: number[];
  /** Input values (default N(0, 1)). */
  input?(rng: Rng, shape: number[]): Tensor;
  /** Parameter values (default N(0, 1)). */
  paramValue?(rng: Rng, p: ParamSpec): Tensor;
  /** Put the box in this mode before fprop (default: as constructed, i.e. training). */
  mode?: "train" | "eval";
  /** relError threshold against the reference (default 1e-7). */
  threshold?: number;
  /** Plausible wrong gradients to recognise, per parameter name. */
  gradAlternatives?(x: Tensor, dy: Tensor): Record<string, { label: string; value: Tensor }[]>;
  /** A hint per quantity ("y", "dx", "dW"...), shown with a failure. */
  hints?: Record<string, string>;
  /** At most this many coordinates per tensor are probed by finite differences (default 24). */
  probe?: number;
}

const H = 1e-5;
/** Finite differences of the student's own fprop are accurate to ~1e-9 here; this leaves room. */
const OWN_FPROP_THRESHOLD = 1e-5;
const INPUT_CHECK_WEIGHT = 0.25;

interface Setup {
  calls: Call[];
  x: Tensor;
  values: Tensor[];
  setupCount: number;
}

function setup(spec: ModuleSpec, rng: Rng): Setup {
  const x = spec.input ? spec.input(rng, spec.xShape) : Tensor.randn(spec.xShape, rng);
  const values = spec.params.map((p) => (spec.paramValue ? spec.paramValue(rng, p) : Tensor.randn(p.shape, rng)));
  const calls: Call[] = spec.construct ? [...spec.construct] : [{ op: "new", cls: { $t: "local", name: spec.cls }, args: spec.args, as: "m" }];
  if (spec.params.length > 0) {
    calls.push({
      op: "setParams",
      obj: "m",
      values: Object.fromEntries(spec.params.map((p, i) => [p.name, wire(values[i])])),
      grads: Object.fromEntries(spec.params.map((p) => [p.name, wire(Tensor.zeros(p.shape))])),
    });
  }
  if (spec.mode) calls.push({ op: "method", obj: "m", name: spec.mode, args: [] });
  return { calls, x, values, setupCount: calls.length };
}

function reference(spec: ModuleSpec, values: Tensor[]): Module {
  const ref = spec.reference(values.map((v) => v.clone()));
  if (spec.mode === "eval") ref.eval();
  if (spec.mode === "train") ref.train();
  return ref;
}

/** A failed setup call (constructor, params(), mode) fails the whole test with its diagnosis. */
function setupFailure(spec: ModuleSpec, replies: readonly import("../runner/protocol").Reply[], count: number): Check | null {
  for (let i = 0; i < count; i++) {
    const o = outcome(replies, i);
    if (o.kind !== "value") return outcomeFailure(spec.construct ? `${spec.cls}(…)` : i === 0 ? `new ${spec.cls}(…)` : "params()", o);
  }
  return null;
}

function inputsCheck(call: string, sent: { name: string; value: Tensor }[], echoes: unknown[]): Check {
  for (let i = 0; i < sent.length; i++) {
    const after = asTensor(echoes[i]);
    if (!after) continue;
    const d = diagnoseMutatesInput(call, [{ name: sent[i].name, before: sent[i].value, after }]);
    if (d) return { ...failedCheck(`${sent[i].name} unchanged`, d, INPUT_CHECK_WEIGHT), side: true };
  }
  return { what: `${sent.map((s) => s.name).join(", ")} unchanged`, passed: true, credit: 1, weight: INPUT_CHECK_WEIGHT, side: true };
}

export function fpropTest(name: string, visibility: Visibility, spec: ModuleSpec, weight = 1): TestCase {
  return {
    name,
    visibility,
    weight,
    prepare(rng: Rng): PreparedTest {
      const s = setup(spec, rng);
      const y = reference(spec, s.values).fprop(s.x.clone());
      const calls: Call[] = [...s.calls, { op: "method", obj: "m", name: "fprop", args: [wire(s.x)], echo: true }];
      const opts: CompareOptions = { threshold: spec.threshold ?? 1e-7, batchSize: s.x.shape[0], hint: spec.hints?.y };
      return {
        calls,
        judge(replies) {
          const bad = setupFailure(spec, replies, s.setupCount);
          if (bad) return { checks: [bad] };
          const o = outcome(replies, s.setupCount);
          if (o.kind !== "value") return { checks: [outcomeFailure("y = fprop(x)", o)] };
          return { checks: [compareTensor("y", o.value, y, opts).check, inputsCheck(`${spec.cls}.fprop`, [{ name: "x", value: s.x }], o.echo)] };
        },
      };
    },
  };
}

/** Flat indices to probe: all of them, or a sorted random sample of `max`. */
function sample(rng: Rng, size: number, max: number): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (size <= max) return all;
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, max).sort((a, b) => a - b);
}

export function bpropTest(name: string, visibility: Visibility, spec: ModuleSpec, weight = 1): TestCase {
  return {
    name,
    visibility,
    weight,
    prepare(rng: Rng): PreparedTest {
      const s = setup(spec, rng);
      const ref = reference(spec, s.values);
      const y = ref.fprop(s.x.clone());
      const dy = Tensor.randn([...y.shape], rng);
      const dxRef = ref.bprop(dy.clone());
      const gRef = ref.params().map((p) => p.grad.clone());
      const prefill = spec.params.map((p) => Tensor.randn(p.shape, rng));
      const probe = spec.probe ?? 24;
      const targets = [{ name: "x", indices: sample(rng, s.x.size, probe) }, ...spec.params.map((p, i) => ({ name: p.name, indices: sample(rng, s.values[i].size, probe) }))];
      const calls: Call[] = [...s.calls];
      const at = (c: Call): number => calls.push(c) - 1;
      const iFprop = at({ op: "method", obj: "m", name: "fprop", args: [wire(s.x)], echo: true });
      const iBprop = at({ op: "method", obj: "m", name: "bprop", args: [wire(dy)], echo: true });
      let iParams1 = -1;
      let iParams2 = -1;
      if (spec.params.length > 0) {
        iParams1 = at({ op: "params", obj: "m" });
        at({ op: "setParams", obj: "m", grads: Object.fromEntries(spec.params.map((p, i) => [p.name, wire(prefill[i])])) });
        at({ op: "method", obj: "m", name: "fprop", args: [wire(s.x)] });
        at({ op: "method", obj: "m", name: "bprop", args: [wire(dy)] });
        iParams2 = at({ op: "params", obj: "m" });
      }
      const iSweep = at({ op: "sweep", obj: "m", x: wire(s.x), h: H, targets });
      const threshold = spec.threshold ?? 1e-7;
      const N = s.x.shape[0];
      return {
        calls,
        judge(replies) {
          const bad = setupFailure(spec, replies, s.setupCount);
          if (bad) return { checks: [bad] };
          const names = ["dx", ...spec.params.map((p) => `d${p.name}`)];
          const fp = outcome(replies, iFprop);
          if (fp.kind !== "value") return { checks: names.map((n) => outcomeFailure(n, fp)) };
          const bp = outcome(replies, iBprop);
          if (bp.kind !== "value") return { checks: names.map((n) => outcomeFailure(n, bp)) };
          const alternatives = spec.gradAlternatives?.(s.x, dy) ?? {};
          const checks: Check[] = [];
          const students: (Tensor | null)[] = [];
          const dx = compareTensor("dx", bp.value, dxRef, { threshold, batchSize: N, hint: spec.hints?.dx });
          checks.push(dx.check);
          students.push(dx.student);
          const p1 = iParams1 >= 0 ? outcome(replies, iParams1) : null;
          const p2 = iParams2 >= 0 ? outcome(replies, iParams2) : null;
          const first = p1?.kind === "value" ? readParams(p1.value) : null;
          const second = p2?.kind === "value" ? readParams(p2.value) : null;
          spec.params.forEach((p, i) => {
            const what = `d${p.name}`;
            const g1 = first?.find((q) => q.name === p.name)?.grad;
            if (!first || g1 === undefined) {
              checks.push(p1 && p1.kind !== "value" ? outcomeFailure(what, p1) : failedCheck(what, { id: "wrong-type", message: `params() did not return a parameter named "${p.name}" with a grad Tensor`, evidence: {} }));
              students.push(null);
              return;
            }
            const c = compareTensor(what, g1 === null ? undefined : { $t: "tensor", shape: [...g1.shape], data: g1.data }, gRef[i], {
              threshold,
              batchSize: N,
              alternatives: alternatives[p.name],
              hint: spec.hints?.[what],
            });
            students.push(c.student);
            const g2 = second?.find((q) => q.name === p.name)?.grad ?? null;
            if (c.check.passed && g2) {
              const expected = prefill[i].add(gRef[i]);
              if (!(relError(g2, expected) < threshold)) {
                const d = g2.size === prefill[i].size ? diagnoseOverwrites(what, prefill[i], g2, gRef[i], threshold) : null;
                checks.push(failedCheck(what, d ?? { id: "overwrites-grad", message: `${what} after a second bprop is not the pre-filled value plus the gradient`, evidence: {} }));
                return;
              }
            }
            checks.push(c.check);
          });
          // A wrong fprop with a bprop that is right for it earns the bprop's points (GRADER.md).
          const yStudent = asTensor(fp.value);
          const sweep = outcome(replies, iSweep);
          const fpropError = yStudent !== null && yStudent.size === y.size ? relError(yStudent.data, y.data) : undefined;
          const fprOk = fpropError !== undefined && fpropError < threshold;
          if (!fprOk && sweep.kind === "value") {
            const size = own(sweep.value, "size");
            const values = own(sweep.value, "values");
            if (typeof size === "number" && isFloat64Array(values) && size === dy.size) {
              let offset = 0;
              targets.forEach((t, k) => {
                const count = t.indices.length;
                const chunk = values.subarray(offset * 2 * size, (offset + count) * 2 * size);
                offset += count;
                const student = students[k];
                const check = checks[k];
                if (!student || check.passed || chunk.length !== 2 * count * size) return;
                const fd = fdFromSweep(chunk, size, dy.data, H);
                const picked = new Tensor(Float64Array.from(t.indices, (i) => student.data[i]), [count]);
                const d = diagnoseOwnFprop(check.what, picked, new Tensor(fd, [count]), OWN_FPROP_THRESHOLD, { fpropRelError: fpropError });
                if (d) checks[k] = { ...check, credit: 1, diagnosis: d };
              });
            }
          }
          checks.push(inputsCheck(`${spec.cls}.fprop`, [{ name: "x", value: s.x }], fp.echo), inputsCheck(`${spec.cls}.bprop`, [{ name: "dy", value: dy }], bp.echo));
          return { checks };
        },
      };
    },
  };
}
