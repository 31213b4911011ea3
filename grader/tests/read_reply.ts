/**
 * Reading what the runner sent, in the trusted process. Replies are untrusted data: every field
 * is read as an own property and checked for its type and shape before anything is compared, so
 * a reply that is not what it claims to be is a finding, never a crash of the grader or a value
 * taken on trust.
 */
import { Tensor } from "gradlab";
import type { Reply, Wire, WireError } from "../runner/protocol";

/** The value of an own property, or undefined (never an inherited one: `__proto__` in a reply is data). */
export function own(obj: unknown, key: string): unknown {
  return typeof obj === "object" && obj !== null && Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * A Float64Array, from whichever JavaScript realm it came: replies are deserialized in Node's main
 * realm, which is not the realm of code run by a test harness such as jest, so `instanceof`
 * would answer no.
 */
export function isFloat64Array(v: unknown): v is Float64Array {
  return Object.prototype.toString.call(v) === "[object Float64Array]";
}

/** A WireTensor turned into a library Tensor, or null if it is not a well-formed one. */
export function asTensor(w: unknown): Tensor | null {
  if (own(w, "$t") !== "tensor") return null;
  const shape = own(w, "shape");
  const data = own(w, "data");
  if (!Array.isArray(shape) || !isFloat64Array(data)) return null;
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) return null;
    n *= d;
  }
  if (n !== data.length) return null;
  return new Tensor(Float64Array.from(data), shape as number[]);
}

export function asNumber(w: unknown): number | null {
  return typeof w === "number" ? w : null;
}

/** What happened to the i-th call: its value, the error the student's code raised, or that it never ran. */
export type CallOutcome = { kind: "value"; value: Wire; echo: Wire[] } | { kind: "error"; error: WireError } | { kind: "not-run" };

export function outcome(replies: readonly Reply[], i: number): CallOutcome {
  const r = replies[i];
  if (typeof r !== "object" || r === null) return { kind: "not-run" };
  if (own(r, "ok") === true) {
    const echo = own(r, "echo");
    return { kind: "value", value: own(r, "value") as Wire, echo: Array.isArray(echo) ? (echo as Wire[]) : [] };
  }
  return { kind: "error", error: readError(own(r, "error")) };
}

/** An error record with every field checked (a runner could send anything). */
export function readError(e: unknown): WireError {
  const str = (k: string, max: number): string | undefined => {
    const v = own(e, k);
    return typeof v === "string" ? v.slice(0, max) : undefined;
  };
  const frames = own(e, "frames");
  return {
    name: str("name", 100) ?? "Error",
    message: str("message", 2000) ?? "(no message)",
    code: str("code", 100),
    permission: str("permission", 100),
    resource: str("resource", 500),
    frames: Array.isArray(frames) ? frames.filter((f): f is string => typeof f === "string").slice(0, 8).map((f) => f.slice(0, 300)) : [],
  };
}

/** The parameters a `params` call returned, as {name, value, grad} with tensors checked. */
export function readParams(w: unknown): { name: string; value: Tensor | null; grad: Tensor | null }[] | null {
  if (!Array.isArray(w)) return null;
  const out: { name: string; value: Tensor | null; grad: Tensor | null }[] = [];
  for (const p of w) {
    const name = own(p, "name");
    if (typeof name !== "string") return null;
    out.push({ name, value: asTensor(own(p, "value")), grad: asTensor(own(p, "grad")) });
  }
  return out;
}
