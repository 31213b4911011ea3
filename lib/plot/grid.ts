import { toNumbers } from "./figure";

/** A function of two parameters, as the 2-D optimization demos define them (w has two entries). */
export interface ScalarFunction2D {
  value(w: Float64Array): number;
}

/** The rectangle [x0, x1] × [y0, y1] a plot covers (a `TestFunction2D`'s `range` is one). */
export interface PlotRange {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** Values of f on a regular grid, in plotly's layout: `z[j][i] = f(x[i], y[j])` (rows are y). */
export interface GridValues {
  x: number[];
  y: number[];
  z: (number | null)[][];
}

/** Throws unless both intervals are finite with low < high. */
export function checkRange(range: PlotRange, where: string): void {
  for (const axis of ["x", "y"] as const) {
    const r = range?.[axis];
    if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
      throw new Error(`${where}: range.${axis} must be [low, high] with finite low < high, got ${JSON.stringify(r)}`);
    }
  }
}

/** `n` evenly spaced points from a to b, both ends included. */
export function linspace(a: number, b: number, n: number): number[] {
  const out = new Array<number>(n);
  // a + (b - a) * i / (n - 1) hits both ends exactly, so a test can evaluate f at the corners.
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
  return out;
}

/**
 * Evaluates f at `resolution × resolution` grid points covering `range`. One Float64Array is
 * reused for every call (f must not keep it). Non-finite values (an overflowing Rosenbrock far
 * from the minimum) become null, which plotly draws as a gap.
 */
export function evaluateGrid(f: ScalarFunction2D, range: PlotRange, resolution: number, where: string): GridValues {
  if (f === null || typeof f !== "object" || typeof f.value !== "function") {
    throw new Error(`${where}: f must be an object with a value(w: Float64Array) method, got ${String(f)}`);
  }
  checkRange(range, where);
  const x = linspace(range.x[0], range.x[1], resolution);
  const y = linspace(range.y[0], range.y[1], resolution);
  const w = new Float64Array(2);
  const row = new Float64Array(resolution);
  const z: (number | null)[][] = [];
  for (let j = 0; j < resolution; j++) {
    for (let i = 0; i < resolution; i++) {
      w[0] = x[i];
      w[1] = y[j];
      row[i] = f.value(w);
    }
    z.push(toNumbers(row));
  }
  return { x: toNumbers(x) as number[], y: toNumbers(y) as number[], z };
}

/**
 * The grid for a log-scale view: log10(1 + f − min f), with min f over the grid. Shifting by
 * the minimum keeps the log defined where f ≤ 0 and makes the lowest level 0; the 1 keeps
 * values near the minimum from racing to −∞, which would spend every level near one point.
 */
export function logShift(z: (number | null)[][]): (number | null)[][] {
  let min = Infinity;
  for (const row of z) for (const v of row) if (v !== null && v < min) min = v;
  return z.map((row) => row.map((v) => (v === null ? null : Math.log10(1 + v - min))));
}

/** Smallest and largest non-null values of a grid (NaN, NaN when all are null). */
export function gridExtent(z: (number | null)[][]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of z) {
    for (const v of row) {
      if (v === null) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}
