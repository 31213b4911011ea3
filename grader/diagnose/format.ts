/**
 * How diagnoses write numbers, indices and vectors for students: errors with 2 significant digits
 * (3.1e-16, 0.41), values and factors with 4 (0.3183, -1.25), multi-indices like [2, 0].
 */

/** Drops trailing zeros of a mantissa ("1.250" → "1.25", "2.0e-5" → "2e-5") and the "+" of an exponent. */
function tidy(text: string): string {
  const [mantissa, exponent] = text.split("e");
  const short = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return exponent === undefined ? short : `${short}e${exponent.replace(/^\+/, "")}`;
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return "0";
  return null;
}

/** A relative error with 2 significant digits: 3.1e-16, 0.00042 → 4.2e-4, 0.41, 1.3. */
export function formatError(x: number): string {
  const s = special(x);
  if (s !== null) return s;
  const a = Math.abs(x);
  return tidy(a < 1e-3 || a >= 1e3 ? x.toExponential(1) : x.toPrecision(2));
}

/** A value or a factor with 4 significant digits: 0.3183, -1.25, 4, 1.235e6, 1e-7. */
export function formatNumber(x: number, digits = 4): string {
  const s = special(x);
  if (s !== null) return s;
  return tidy(x.toPrecision(digits));
}

/** A multi-index or a shape: [2, 0]. */
export function formatIndex(index: readonly number[]): string {
  return `[${index.join(", ")}]`;
}

/** The first `max` values of a vector, 4 significant digits each: [0.5, -1.25, 3, …]. */
export function formatVector(values: ArrayLike<number>, max = 4): string {
  const shown: string[] = [];
  for (let i = 0; i < Math.min(max, values.length); i++) shown.push(formatNumber(values[i]));
  if (values.length > max) shown.push("…");
  return `[${shown.join(", ")}]`;
}

/** "1 entry", "3 entries": a count with its noun. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
