/**
 * Turning values into `Wire` data and back, on the runner's side (and in `check()`, which runs
 * the same calls in the student's own kernel). The Tensor class is passed in, so this file does
 * not load the library: in the runner the library is the restricted view the parent sent.
 */
import { probeFunction } from "./probe_functions";
import type { Target, Wire, WireProbe, WireTensor } from "./protocol";

export interface TensorLike {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

export type TensorClass = new (data: Float64Array, shape: readonly number[]) => TensorLike;

/** Caps on what one value may hold, so a reply stays small whatever the student's code returns. */
const MAX_DEPTH = 8;
const MAX_ENTRIES = 1_000_000;

export function isWireTensor(w: unknown): w is WireTensor {
  return typeof w === "object" && w !== null && (w as { $t?: unknown }).$t === "tensor";
}

function isProbe(w: unknown): w is WireProbe {
  return typeof w === "object" && w !== null && (w as { $t?: unknown }).$t === "fn";
}

export function isTarget(w: unknown): w is Target {
  const t = typeof w === "object" && w !== null ? (w as { $t?: unknown }).$t : undefined;
  return t === "local" || t === "lib" || t === "ref";
}

function looksLikeTensor(v: object): v is TensorLike {
  const t = v as { data?: unknown; shape?: unknown };
  if (!(t.data instanceof Float64Array) || !Array.isArray(t.shape)) return false;
  let n = 1;
  for (const d of t.shape) {
    if (!Number.isInteger(d) || d < 0) return false;
    n *= d;
  }
  return n === t.data.length;
}

function describe(v: unknown): string {
  if (typeof v === "function") {
    const name = (v as { name?: string }).name;
    return /^class\b/.test(Function.prototype.toString.call(v)) ? `class ${name || "(anonymous)"}` : `function ${name || "(anonymous)"}`;
  }
  if (typeof v === "object" && v !== null) {
    const ctor = Object.getPrototypeOf(v)?.constructor?.name;
    return ctor ? `${ctor} object` : "object";
  }
  return typeof v;
}

/** A copy of `value` as Wire data. Tensors (anything with a Float64Array `data` that fills its `shape`) become WireTensors. */
export function toWire(value: unknown, depth = 0, seen: Set<object> = new Set()): Wire {
  if (value === null || value === undefined || typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
    return value;
  }
  if (typeof value === "bigint") return { $t: "opaque", what: "bigint" };
  if (typeof value !== "object") return { $t: "opaque", what: describe(value) };
  if (depth >= MAX_DEPTH || seen.has(value)) return { $t: "opaque", what: seen.has(value) ? "cyclic reference" : "nested too deeply" };
  if (value instanceof Float64Array) return value.length <= MAX_ENTRIES ? value.slice() : { $t: "opaque", what: "Float64Array too large" };
  if (value instanceof Int32Array) return value.length <= MAX_ENTRIES ? value.slice() : { $t: "opaque", what: "Int32Array too large" };
  if (ArrayBuffer.isView(value)) return { $t: "opaque", what: describe(value) };
  if (looksLikeTensor(value)) {
    if (value.data.length > MAX_ENTRIES) return { $t: "opaque", what: `tensor with ${value.data.length} values (too large)` };
    return { $t: "tensor", shape: [...value.shape], data: value.data.slice() };
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      if (value.length > MAX_ENTRIES) return { $t: "opaque", what: `array of ${value.length} entries (too large)` };
      return value.map((v) => toWire(v, depth + 1, seen));
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return { $t: "opaque", what: describe(value) };
    const out: { [key: string]: Wire } = {};
    for (const key of Object.keys(value)) out[key] = toWire((value as Record<string, unknown>)[key], depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The value a Wire argument stands for: WireTensors become the library's tensors, targets are resolved. */
export function fromWire(w: Wire, Tensor: TensorClass, resolve: (t: Target) => unknown): unknown {
  if (w === null || typeof w !== "object") return w;
  if (w instanceof Float64Array || w instanceof Int32Array) return w.slice();
  if (Array.isArray(w)) return w.map((v) => fromWire(v, Tensor, resolve));
  if (isWireTensor(w)) return new Tensor(Float64Array.from(w.data), w.shape);
  if (isTarget(w)) return resolve(w);
  if (isProbe(w)) {
    const f = probeFunction(w.name, w.params);
    // The student's checker perturbs x in place and calls f(x): read x's data at each call.
    return (x: TensorLike) => f.value(x.data);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(w)) out[key] = fromWire((w as Record<string, Wire>)[key], Tensor, resolve);
  return out;
}
