/**
 * Tests of a function the student wrote (a loss returning { loss, grad }, a gradient checker
 * returning a Tensor, a schedule returning a number): called once on generated inputs, each
 * named output compared with the library's value, the tensor inputs checked for changes.
 */
import { Rng, Tensor } from "gradlab";
import { diagnoseMutatesInput } from "../diagnose/mutates_input";
import type { Call, Wire } from "../runner/protocol";
import { compareNumber, compareTensor, failedCheck, outcomeFailure } from "./compare";
import { asTensor, outcome, own } from "./read_reply";
import type { Check, PreparedTest, TestCase, Visibility } from "./test_case";

export interface ExpectedOutput {
  /** The key in the returned object, or "" for the returned value itself. */
  key: string;
  /** Name for the student, e.g. "loss" or "dlogits"; default the key (or "the result"). */
  what?: string;
  value: Tensor | number;
  threshold?: number;
  alternatives?: { label: string; value: Tensor }[];
  hint?: string;
  weight?: number;
}

export interface FunctionCase {
  args: Wire[];
  expected: ExpectedOutput[];
  batchSize?: number;
  /** Tensor arguments that must come back unchanged, by position. */
  inputs?: { index: number; name: string; value: Tensor }[];
  /** Time limit for the call, when it is longer than the assignment's default. */
  timeoutMs?: number;
}

const INPUT_CHECK_WEIGHT = 0.25;

export function functionTest(name: string, visibility: Visibility, fn: string, make: (rng: Rng) => FunctionCase, weight = 1): TestCase {
  return {
    name,
    visibility,
    weight,
    prepare(rng: Rng): PreparedTest {
      const c = make(rng);
      const calls: Call[] = [{ op: "call", fn: { $t: "local", name: fn }, args: c.args, echo: (c.inputs ?? []).length > 0 }];
      return {
        calls,
        timeoutMs: c.timeoutMs,
        judge(replies) {
          const o = outcome(replies, 0);
          const label = (e: ExpectedOutput): string => e.what ?? (e.key || "the result");
          if (o.kind !== "value") return { checks: c.expected.map((e) => outcomeFailure(label(e), o, e.weight ?? 1)) };
          const checks: Check[] = c.expected.map((e) => {
            const what = label(e);
            const opts = { threshold: e.threshold ?? 1e-7, batchSize: c.batchSize, alternatives: e.alternatives, hint: e.hint, weight: e.weight ?? 1 };
            const isObject = typeof o.value === "object" && o.value !== null && !Array.isArray(o.value);
            if (e.key !== "" && !(isObject && own(o.value, "$t") === undefined)) {
              return failedCheck(what, { id: "wrong-type", message: `${fn} should return an object with ${c.expected.map((x) => x.key).join(" and ")}, got ${describe(o.value)}`, evidence: {} }, opts.weight);
            }
            const value = e.key === "" ? o.value : own(o.value, e.key);
            if (e.key !== "" && value === undefined) {
              return failedCheck(what, { id: "wrong-type", message: `${fn}'s result has no "${e.key}" (it has ${Object.keys(o.value as object).map((k) => `"${k}"`).join(", ") || "no keys"})`, evidence: {} }, opts.weight);
            }
            return typeof e.value === "number" ? compareNumber(what, value, e.value, opts) : compareTensor(what, value, e.value, opts).check;
          });
          for (const input of c.inputs ?? []) {
            const after = asTensor(o.echo[input.index]);
            const d = after ? diagnoseMutatesInput(fn, [{ name: input.name, before: input.value, after }]) : null;
            checks.push({ ...(d ? failedCheck(`${input.name} unchanged`, d, INPUT_CHECK_WEIGHT) : { what: `${input.name} unchanged`, passed: true, credit: 1, weight: INPUT_CHECK_WEIGHT }), side: true });
          }
          return { checks };
        },
      };
    },
  };
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (own(v, "$t") === "tensor") return "a Tensor";
  if (own(v, "$t") === "opaque") return String(own(v, "what"));
  return Array.isArray(v) ? "an array" : typeof v;
}
