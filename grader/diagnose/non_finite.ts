/**
 * NaN or ±Infinity in the student's value: counted by kind, with the first offending entry as a
 * multi-index, because a single NaN makes every comparison fail and hides any other diagnosis.
 */
import { Tensor, formatShape } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatIndex, formatNumber, plural } from "./format";
import { multiIndex } from "./values";

/**
 * null when every entry of `value` (a Tensor, or a number such as a loss) is finite, else a
 * "non-finite" diagnosis: how many NaN, +Infinity and -Infinity entries, and the first one's index.
 */
export function diagnoseNonFinite(what: string, value: Tensor | number): Diagnosis | null {
  const data = typeof value === "number" ? Float64Array.of(value) : value.data;
  const shape = typeof value === "number" ? [] : value.shape;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let first = -1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isFinite(v)) continue;
    if (Number.isNaN(v)) nan++;
    else if (v > 0) posInf++;
    else negInf++;
    if (first < 0) first = i;
  }
  if (first < 0) return null;
  const counts = [
    nan ? `${plural(nan, "NaN entry", "NaN entries")}` : "",
    posInf ? `${plural(posInf, "+Infinity entry", "+Infinity entries")}` : "",
    negInf ? `${plural(negInf, "-Infinity entry", "-Infinity entries")}` : "",
  ].filter((c) => c !== "");
  const listed = counts.length > 1 ? `${counts.slice(0, -1).join(", ")} and ${counts[counts.length - 1]}` : counts[0];
  const index = multiIndex(first, shape);
  const where =
    typeof value === "number"
      ? `${what} is ${formatNumber(value)}.`
      : `${what} has ${listed} (of ${data.length}, shape ${formatShape(shape)}); the first is at ${formatIndex(index)}.`;
  return {
    id: "non-finite",
    message: where,
    evidence: { nan, posInf, negInf, total: data.length, firstIndex: index },
    hint: "NaN comes from 0/0, ∞−∞, log of a negative number or a NaN input; Infinity from dividing by 0, log(0) or exp of a large number (subtract the row maximum before exp)",
  };
}
