/**
 * Mutates its input: the caller still needs what it passed in (x is reused by the next layer's
 * bprop, dy by the other branch of a graph), so a call may not write into its arguments. The
 * runner echoes each argument as the call left it; this compares them with what was sent, exactly
 * (any change counts, NaN equals NaN).
 */
import { Tensor, formatShape, sameShape } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatIndex, formatNumber } from "./format";
import { multiIndex } from "./values";

export interface InputBeforeAfter {
  /** The argument's name: "x", "dy". */
  name: string;
  /** As sent to the student's code. */
  before: Tensor;
  /** As the student's code left it. */
  after: Tensor;
}

function changed(a: number, b: number): boolean {
  return a !== b && !(Number.isNaN(a) && Number.isNaN(b));
}

interface Change {
  name: string;
  count: number;
  first: number;
  shapeChanged: boolean;
}

function changeOf(input: InputBeforeAfter): Change | null {
  if (!sameShape(input.before.shape, input.after.shape)) return { name: input.name, count: input.before.size, first: 0, shapeChanged: true };
  let count = 0;
  let first = -1;
  for (let i = 0; i < input.before.size; i++) {
    if (!changed(input.before.data[i], input.after.data[i])) continue;
    count++;
    if (first < 0) first = i;
  }
  return count ? { name: input.name, count, first, shapeChanged: false } : null;
}

/**
 * null when every input is as it was sent, else a "mutates-input" diagnosis for `call` (e.g.
 * "fprop"): the first changed input, how many of its entries changed, the first changed entry as a
 * multi-index with its values before and after, and the names of any other changed inputs.
 */
export function diagnoseMutatesInput(call: string, inputs: readonly InputBeforeAfter[]): Diagnosis | null {
  const changes = inputs.map(changeOf).filter((c): c is Change => c !== null);
  if (!changes.length) return null;
  const c = changes[0];
  const input = inputs.find((i) => i.name === c.name) as InputBeforeAfter;
  const others = changes.slice(1).map((o) => o.name);
  const also = others.length ? ` (${others.join(", ")} changed too)` : "";
  const hint = `work on a copy (${c.name}.clone()) or build a new tensor: the caller still needs ${c.name} as it was`;
  if (c.shapeChanged) {
    return {
      id: "mutates-input",
      message: `${call} changed its input ${c.name}: its shape went from ${formatShape(input.before.shape)} to ${formatShape(input.after.shape)}${also}.`,
      evidence: { input: c.name, shapeBefore: [...input.before.shape], shapeAfter: [...input.after.shape], alsoChanged: others },
      hint,
    };
  }
  const index = multiIndex(c.first, input.before.shape);
  const before = input.before.data[c.first];
  const after = input.after.data[c.first];
  return {
    id: "mutates-input",
    message:
      `${call} changed its input ${c.name}: ${c.count} of ${input.before.size} entries differ after the call ` +
      `(the first at ${formatIndex(index)}: ${formatNumber(before)} before, ${formatNumber(after)} after)${also}.`,
    evidence: { input: c.name, changed: c.count, total: input.before.size, firstIndex: index, before, after, alsoChanged: others },
    hint,
  };
}
