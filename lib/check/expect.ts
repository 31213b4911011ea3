import { Tensor } from "../tensor/tensor";

/**
 * Claims a notebook makes in its prose, checked right where they are measured.
 *
 * A lecture notebook says "the first Adam step moves every coordinate by exactly η" or "the
 * network classifies 97% of the test digits"; if the library changes and the output no longer
 * says so, the notebook must fail instead of printing a contradiction under its own prose. Each
 * helper prints one line when the claim holds,
 *
 *   ✓ first Adam step, every coordinate moves by η: 0.3 ≈ 0.3 (|diff| 5.6e-17 ≤ 3e-12)
 *
 * and otherwise throws a `ClaimError` naming the claim, the value and the bound:
 *
 *   ClaimError: claim failed: first Adam step, every coordinate moves by η: got 9.49, expected 0.3 ± 3e-12
 *
 * Every helper takes the claim as its label, so a failing notebook says which sentence broke.
 */

/** A claim of a notebook that its own measurement contradicts. */
export class ClaimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClaimError";
  }
}

type Numbers = number | readonly number[] | Float64Array | Tensor;

export interface CloseOptions {
  /** The claim, in words: printed when it holds, named in the error when it does not. */
  label: string;
  /** Relative tolerance: passes when |actual − expected| ≤ abs + rel·|expected|. */
  rel?: number;
  /** Absolute tolerance (see `rel`); give at least one of the two. */
  abs?: number;
}

/** Short, readable numbers: 0.745356, 9.49, 1.2e-16, 2000. */
export function formatClaimNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(6)));
  return v.toExponential(2).replace("e+", "e");
}

function checkLabel(where: string, label: unknown): string {
  if (typeof label !== "string" || label.trim() === "") {
    throw new Error(`${where}: the claim's label must be a non-empty string saying what is claimed, got ${String(label)}`);
  }
  return label;
}

function checkBound(where: string, name: string, v: unknown): number {
  if (typeof v !== "number" || Number.isNaN(v)) throw new Error(`${where}: ${name} must be a number, got ${String(v)}`);
  return v;
}

function valuesOf(where: string, name: string, v: Numbers): ArrayLike<number> {
  if (typeof v === "number") return [v];
  if (v instanceof Tensor) return v.data;
  if (v instanceof Float64Array || Array.isArray(v)) return v;
  throw new Error(`${where}: ${name} must be a number, an array of numbers or a Tensor, got ${String(v)}`);
}

function checkActual(where: string, v: unknown): number {
  // NaN is a value that fails the claim, not a misuse.
  if (typeof v !== "number") throw new Error(`${where}: the measured value must be a number, got ${String(v)}`);
  return v;
}

function holds(label: string, text: string): void {
  console.log(`✓ ${label}: ${text}`);
}

function fails(label: string, text: string): never {
  throw new ClaimError(`claim failed: ${label}: ${text}`);
}

/**
 * `actual` equals `expected` within `abs + rel·|expected|`, entry by entry for arrays (numpy's
 * `isclose` rule). NaN never passes.
 *
 *   expectClose(step, 0.3, { rel: 1e-12, label: "the first Adam step is η" })
 */
export function expectClose(actual: Numbers, expected: Numbers, options: CloseOptions): void {
  const where = "expectClose";
  if (options === null || typeof options !== "object") {
    throw new Error(`${where}: expected options { label, rel?, abs? }, got ${String(options)}`);
  }
  const label = checkLabel(where, options.label);
  for (const key of Object.keys(options)) {
    if (!["label", "rel", "abs"].includes(key)) throw new Error(`${where}: unknown option "${key}" (expected label, rel, abs)`);
  }
  if (options.rel === undefined && options.abs === undefined) {
    throw new Error(`${where}: give a tolerance, { rel } or { abs } (or both), for "${label}"`);
  }
  const rel = options.rel === undefined ? 0 : checkBound(where, "rel", options.rel);
  const abs = options.abs === undefined ? 0 : checkBound(where, "abs", options.abs);
  if (rel < 0 || abs < 0) throw new Error(`${where}: tolerances must be ≥ 0, got rel ${rel}, abs ${abs}`);
  const a = valuesOf(where, "actual", actual);
  const e = valuesOf(where, "expected", expected);
  const scalarExpected = e.length === 1 && a.length > 1;
  if (a.length !== e.length && !scalarExpected) {
    throw new Error(`${where}: actual has ${a.length} values but expected has ${e.length} (for "${label}")`);
  }
  let worst = 0;
  let worstIndex = 0;
  let worstTol = abs + rel * Math.abs(e[0]);
  for (let i = 0; i < a.length; i++) {
    const want = scalarExpected ? e[0] : e[i];
    const diff = Math.abs(a[i] - want);
    const tol = abs + rel * Math.abs(want);
    if (!(diff <= tol)) {
      const at = a.length > 1 ? ` at entry ${i} of ${a.length}` : "";
      fails(label, `got ${formatClaimNumber(a[i])}${at}, expected ${formatClaimNumber(want)} ± ${formatClaimNumber(tol)}`);
    }
    if (diff > worst) [worst, worstIndex, worstTol] = [diff, i, tol];
  }
  const f = formatClaimNumber;
  if (a.length === 1) holds(label, `${f(a[0])} ≈ ${f(e[0])} (|diff| ${f(worst)} ≤ ${f(worstTol)})`);
  else holds(label, `all ${a.length} values agree (largest |diff| ${f(worst)} at entry ${worstIndex}, allowed ${f(worstTol)})`);
}

/** `actual ≥ bound`, e.g. an accuracy: `expectAtLeast(acc, 0.95, "test accuracy of the CNN")`. */
export function expectAtLeast(actual: number, bound: number, label: string): void {
  const where = "expectAtLeast";
  checkLabel(where, label);
  checkBound(where, "bound", bound);
  checkActual(where, actual);
  if (actual >= bound) holds(label, `${formatClaimNumber(actual)} ≥ ${formatClaimNumber(bound)}`);
  else fails(label, `got ${formatClaimNumber(actual)}, expected at least ${formatClaimNumber(bound)}`);
}

/** `actual ≤ bound`, e.g. a relative error: `expectAtMost(err, 1e-7, "bprop agrees with finite differences")`. */
export function expectAtMost(actual: number, bound: number, label: string): void {
  const where = "expectAtMost";
  checkLabel(where, label);
  checkBound(where, "bound", bound);
  checkActual(where, actual);
  if (actual <= bound) holds(label, `${formatClaimNumber(actual)} ≤ ${formatClaimNumber(bound)}`);
  else fails(label, `got ${formatClaimNumber(actual)}, expected at most ${formatClaimNumber(bound)}`);
}

/** `low ≤ actual ≤ high`, e.g. a measured slope: `expectBetween(slope, -1.1, -0.9, "slope −1")`. */
export function expectBetween(actual: number, low: number, high: number, label: string): void {
  const where = "expectBetween";
  checkLabel(where, label);
  checkBound(where, "low", low);
  checkBound(where, "high", high);
  if (low > high) throw new Error(`${where}: low ${low} is above high ${high} (for "${label}")`);
  checkActual(where, actual);
  const range = `[${formatClaimNumber(low)}, ${formatClaimNumber(high)}]`;
  if (actual >= low && actual <= high) holds(label, `${formatClaimNumber(actual)} in ${range}`);
  else fails(label, `got ${formatClaimNumber(actual)}, expected a value in ${range}`);
}

type Exact = number | string | boolean | readonly (number | string | boolean)[] | Float64Array | Int32Array;

function exactText(v: Exact): string {
  if (typeof v === "number") return formatClaimNumber(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return String(v);
  const items = Array.from(v as ArrayLike<number | string | boolean>, (x) => (typeof x === "number" ? formatClaimNumber(x) : String(x)));
  return `[${items.length > 12 ? [...items.slice(0, 12), "…"].join(", ") : items.join(", ")}]`;
}

/**
 * `actual` is exactly `expected` (numbers with ===, so 0 and −0 are equal and NaN never is;
 * arrays entry by entry): for counts, step numbers, flags and values that are exact by design.
 *
 *   expectEqual(history.bestEpoch, 12, "early stopping keeps epoch 12")
 */
export function expectEqual(actual: Exact, expected: Exact, label: string): void {
  const where = "expectEqual";
  checkLabel(where, label);
  const isList = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || v instanceof Float64Array || v instanceof Int32Array;
  let equal: boolean;
  if (isList(actual) || isList(expected)) {
    if (!isList(actual) || !isList(expected)) equal = false;
    else if (actual.length !== expected.length) equal = false;
    else {
      equal = true;
      for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) equal = false;
    }
  } else {
    equal = actual === expected;
  }
  if (equal) holds(label, exactText(actual));
  else fails(label, `got ${exactText(actual)}, expected exactly ${exactText(expected)}`);
}
