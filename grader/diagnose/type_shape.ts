/**
 * Wrong type or wrong shape: the first check on anything the student's code returns, before any
 * number is compared. The message says what the value is instead, in words a student recognises.
 */
import { Tensor, formatShape, sameShape, shapeSize } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatNumber, plural } from "./format";

export type ExpectedType = "Tensor" | "number" | "object";

/** What the value is, and a hint that suits it when the caller wanted `expected`. */
function describe(value: unknown, expected: ExpectedType): { kind: string; text: string; hint?: string } {
  if (value === undefined) return { kind: "undefined", text: "undefined — did you forget to return?", hint: "end the function with `return ...`" };
  if (value === null) return { kind: "null", text: "null" };
  if (value instanceof Tensor) {
    const hint = expected === "number" && value.size === 1 ? "take its one value: `t.data[0]`, or `t.sum()`" : undefined;
    return { kind: "Tensor", text: `a Tensor of shape ${formatShape(value.shape)}`, hint };
  }
  if (Array.isArray(value)) {
    const hint = expected === "Tensor" ? "make it a Tensor: `Tensor.from(values)`" : undefined;
    return { kind: "array", text: `an array of ${plural(value.length, "entry", "entries")}`, hint };
  }
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    const length = (value as unknown as { length?: number }).length ?? value.byteLength;
    const hint = expected === "Tensor" ? "wrap it with its shape: `new Tensor(data, shape)`" : undefined;
    return { kind: name, text: `a ${name} of ${plural(length, "entry", "entries")}`, hint };
  }
  switch (typeof value) {
    case "number":
      return { kind: "number", text: `a number (${formatNumber(value)})` };
    case "string":
      return { kind: "string", text: `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})` };
    case "boolean":
      return { kind: "boolean", text: `a boolean (${value})` };
    case "bigint":
      return { kind: "bigint", text: "a bigint" };
    case "symbol":
      return { kind: "symbol", text: "a symbol" };
    case "function":
      return { kind: "function", text: "a function — did you forget to call it?" };
  }
  const object = value as Record<string, unknown>;
  if (typeof object.then === "function") {
    return { kind: "Promise", text: "a Promise", hint: "the function must return its value directly: remove `async`, or the `await` that made it asynchronous" };
  }
  const keys = Object.keys(object);
  if (expected === "Tensor" && Object.prototype.toString.call(object.data) === "[object Float64Array]" && Array.isArray(object.shape)) {
    return { kind: "object", text: "a plain object with data and shape, not a Tensor", hint: "build a Tensor: `new Tensor(data, shape)`" };
  }
  const shown = keys.slice(0, 5).join(", ") + (keys.length > 5 ? ", …" : "");
  return { kind: "object", text: keys.length ? `an object with keys ${shown}` : "an empty object {}" };
}

function hasExpectedType(value: unknown, expected: ExpectedType): boolean {
  if (expected === "Tensor") return value instanceof Tensor;
  if (expected === "number") return typeof value === "number";
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Tensor) && !ArrayBuffer.isView(value);
}

const ARTICLE: Record<ExpectedType, string> = { Tensor: "a Tensor", number: "a number", object: "an object" };

/**
 * null when `value` has the expected type, else a "wrong-type" diagnosis saying what it is instead.
 * A NaN is a number here (the non-finite diagnosis reports it); "object" means a plain object such
 * as an update rule's `{ w, state }`, not a Tensor or an array. `hint` replaces the generic one.
 */
export function diagnoseType(what: string, value: unknown, expected: ExpectedType, hint?: string): Diagnosis | null {
  if (hasExpectedType(value, expected)) return null;
  const got = describe(value, expected);
  const diagnosis: Diagnosis = {
    id: "wrong-type",
    message: `${what} should be ${ARTICLE[expected]}, but it is ${got.text}${/[?.]$/.test(got.text) ? "" : "."}`,
    evidence: { expected, got: got.kind },
  };
  const chosen = hint ?? got.hint;
  if (chosen !== undefined) diagnosis.hint = chosen;
  return diagnosis;
}

function withoutOnes(shape: readonly number[]): number[] {
  return shape.filter((d) => d !== 1);
}

/**
 * null when the shapes agree, else a "wrong-shape" diagnosis: expected vs got, and what the
 * difference looks like: the expected shape reversed ("transposed?"), or the same sizes apart from
 * axes of size 1 (a reduction that kept or dropped an axis). `hint` replaces the generic one.
 */
export function diagnoseShape(what: string, got: readonly number[], expected: readonly number[], hint?: string): Diagnosis | null {
  if (sameShape(got, expected)) return null;
  const reversed = got.length >= 2 && sameShape([...got].reverse(), expected);
  const onlyOnes = !reversed && sameShape(withoutOnes(got), withoutOnes(expected));
  let message = `${what} has shape ${formatShape(got)}, expected ${formatShape(expected)}`;
  let generic: string;
  if (reversed) {
    message += ": this is the expected shape reversed: transposed?";
    generic = "check the order of the factors of each matrix product, and where a transpose is needed";
  } else if (onlyOnes) {
    message += ": the same sizes apart from axes of size 1.";
    generic = `reshape it to ${formatShape(expected)}, or check which axis a sum or mean removes`;
  } else {
    message += ".";
    generic =
      shapeSize(got) === shapeSize(expected)
        ? `it has the right number of entries (${shapeSize(got)}) arranged differently: check each step's shape`
        : "write each intermediate's shape next to it and check them one by one";
  }
  return {
    id: "wrong-shape",
    message,
    evidence: { expected: [...expected], got: [...got], reversed, onlyUnitAxesDiffer: onlyOnes },
    hint: hint ?? generic,
  };
}
