/**
 * Display precision of a figure's data. A plot is read to about three digits (a 1000-pixel axis
 * has 1000 positions) and plotly's hover labels show at most six, but JSON prints a float64
 * with up to 17; rounding what is displayed to six significant digits halves a notebook's
 * stored figures without changing a pixel or a hover label. The figure a builder returns keeps
 * its full values: only the displayed copy is rounded.
 */
import { Figure } from "./figure";

/** Significant digits a displayed figure keeps (plotly's hover shows at most 6 by default). */
export const DISPLAY_DIGITS = 6;

/** `v` to `digits` significant digits; integers (counts, epochs, indices) stay exact. */
export function roundToDigits(v: number, digits: number = DISPLAY_DIGITS): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  return Number(v.toPrecision(digits));
}

function roundDeep(value: unknown, digits: number): unknown {
  if (typeof value === "number") return roundToDigits(value, digits);
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, digits));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = roundDeep(v, digits);
    return out;
  }
  return value;
}

/**
 * A copy of `fig` whose trace data (every number in `data`) has `digits` significant digits.
 * The layout is copied as it is: its few numbers (ranges, sizes, domains) are often chosen to
 * the last digit.
 */
export function roundFigureData(fig: Figure, digits: number = DISPLAY_DIGITS): Figure {
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new Error(`roundFigureData: digits must be an integer from 1 to 17, got ${digits}`);
  }
  return { ...fig, data: roundDeep(fig.data, digits) as Figure["data"] };
}
