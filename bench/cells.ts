/** How numbers, ratios and failed processes are written in the report's table cells. */
import type { Outcome } from "./children";

/** A number with `digits` decimals, or rounded with thousands separators; "–" when missing. */
export const num = (v: number | null, digits = 0): string => {
  if (v === null || !Number.isFinite(v)) return "–";
  if (digits > 0) return v.toFixed(digits);
  return Math.round(v).toLocaleString("en-US");
};

/** a / b, or null when either is missing or b is not positive. */
export const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b > 0 ? a / b : null);

/** "0.39×", "3.86×"; "–" when missing. */
export const fmtRatio = (r: number | null): string => (r === null ? "–" : `${r < 1 ? r.toPrecision(2) : r.toFixed(2)}×`);

/** The result a child process reported, or null when it failed or did not run. */
export function value<T>(o: Outcome<unknown> | undefined | null): T | null {
  return o && o.ok ? (o.result as T) : null;
}

/** "error" for a process that failed, else the number. */
export function errorCell(o: Outcome<unknown> | undefined, v: number | null, digits = 0): string {
  if (o && !o.ok) return "error";
  return num(v, digits);
}
