/**
 * Plotly figures as plain data, and the helpers the figure builders share.
 *
 * A figure is `{ data, layout, config }` exactly as plotly.js takes it, so the same JSON goes to
 * JupyterLab's and VS Code's plotly renderers and to `Plotly.newPlot` in the HTML fallback. The
 * types below are a hand-written subset (no dependency on @types/plotly.js): the attributes
 * gradlab sets are named, anything else plotly accepts passes through the index signatures.
 * Builders must keep figures JSON-serialisable: numbers in plain arrays (`toNumbers`), no
 * functions, no typed arrays.
 */

/** One value of a data array: a number, a category name, or null for a gap (NaN, ±Infinity). */
export type PlotDatum = number | string | null;

/** plotly.js v3 accepts titles only as objects (the string shorthand was removed). */
export interface PlotTitle {
  text: string;
  [key: string]: unknown;
}

export interface PlotAxis {
  title?: PlotTitle;
  /** Fraction of the plotting area this axis spans, for subplots: [from, to] in [0, 1]. */
  domain?: [number, number];
  /** The axis this one is drawn against, e.g. "y2" for "x2". */
  anchor?: string;
  type?: "linear" | "log" | "category";
  range?: [number, number];
  autorange?: boolean | "reversed";
  /** Ties this axis's scale to another, e.g. `scaleanchor: "y"` for square pixels. */
  scaleanchor?: string;
  showgrid?: boolean;
  zeroline?: boolean;
  showticklabels?: boolean;
  ticks?: "" | "outside" | "inside";
  [key: string]: unknown;
}

export interface Trace {
  type: "scatter" | "contour" | "heatmap" | "surface" | "bar" | string;
  name?: string;
  x?: PlotDatum[];
  y?: PlotDatum[];
  z?: PlotDatum[][];
  /** The axes the trace is drawn on, "x"/"y" or "x2"/"y2" etc. for subplots. */
  xaxis?: string;
  yaxis?: string;
  mode?: "lines" | "markers" | "lines+markers" | string;
  showlegend?: boolean;
  [key: string]: unknown;
}

export interface Layout {
  title: PlotTitle;
  xaxis: PlotAxis;
  yaxis: PlotAxis;
  width: number;
  height: number;
  showlegend: boolean;
  annotations: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface PlotConfig {
  responsive?: boolean;
  displaylogo?: boolean;
  [key: string]: unknown;
}

export interface Figure {
  data: Trace[];
  layout: Partial<Layout>;
  config?: PlotConfig;
}

/**
 * Okabe and Ito's colour-blind-safe palette (about one student in twelve has some colour
 * blindness), ordered so the first colours differ most; yellow comes late because it is faint
 * on white.
 */
export const PALETTE: readonly string[] = Object.freeze([
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow
]);

/** The palette colour for the i-th series (it wraps around after eight). */
export function paletteColor(i: number): string {
  const n = PALETTE.length;
  return PALETTE[((Math.floor(i) % n) + n) % n];
}

/** An axis with a title, e.g. `xaxis: axisTitle("epoch")`. */
export function axisTitle(text: string, extra: PlotAxis = {}): PlotAxis {
  return { ...extra, title: { text } };
}

/** A JSON-safe copy: non-finite values become null (a gap in plotly; JSON has no NaN) and -0 becomes 0. */
export function toNumbers(values: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
  }
  return out;
}

/** The common layout of every gradlab figure: a title and modest margins. */
export function baseLayout(text: string | undefined, extra: Partial<Layout> = {}): Partial<Layout> {
  const layout: Partial<Layout> = {
    margin: { l: 60, r: 30, t: text ? 60 : 30, b: 50 },
    ...extra,
  };
  if (text) layout.title = { text };
  return layout;
}

/** The config every figure gets: resizes with its container and no plotly logo. */
export function baseConfig(): PlotConfig {
  return { responsive: true, displaylogo: false };
}

/** One cell of a subplot grid: the names traces refer to and the layout keys to set. */
export interface SubplotCell {
  /** "x", "x2", ... as a trace's `xaxis`. */
  xaxis: string;
  yaxis: string;
  /** "xaxis", "xaxis2", ... as the layout's key. */
  xKey: string;
  yKey: string;
  xDomain: [number, number];
  yDomain: [number, number];
}

/**
 * Cells of a `rows × columns` subplot grid, row-major with row 0 at the top. Domains are
 * computed here rather than with plotly's `layout.grid`, so titles can be placed above each
 * cell in paper coordinates and every renderer (old or new plotly) lays them out the same.
 */
export function subplotGrid(rows: number, columns: number, gaps: { x?: number; y?: number } = {}): SubplotCell[] {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(columns) || columns < 1) {
    throw new Error(`subplotGrid: rows and columns must be positive integers, got ${rows} and ${columns}`);
  }
  const xGap = columns > 1 ? gaps.x ?? 0.08 : 0;
  const yGap = rows > 1 ? gaps.y ?? 0.12 : 0;
  const width = (1 - xGap * (columns - 1)) / columns;
  const height = (1 - yGap * (rows - 1)) / rows;
  // Rounding hides float noise (0.54 not 0.5400000000000001); "+ 0" turns a rounded -0 into 0.
  const round = (v: number): number => Math.round(v * 1e6) / 1e6 + 0;
  const cells: SubplotCell[] = [];
  for (let k = 0; k < rows * columns; k++) {
    const row = Math.floor(k / columns);
    const col = k % columns;
    const suffix = k === 0 ? "" : String(k + 1);
    const left = col * (width + xGap);
    const top = 1 - row * (height + yGap);
    cells.push({
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      xKey: `xaxis${suffix}`,
      yKey: `yaxis${suffix}`,
      xDomain: [round(left), round(left + width)],
      yDomain: [round(top - height), round(top)],
    });
  }
  return cells;
}

/** A title over one subplot cell, as a layout annotation in paper coordinates. */
export function cellTitle(cell: SubplotCell, text: string): Record<string, unknown> {
  return {
    text,
    x: (cell.xDomain[0] + cell.xDomain[1]) / 2,
    y: cell.yDomain[1],
    xref: "paper",
    yref: "paper",
    xanchor: "center",
    yanchor: "bottom",
    showarrow: false,
    font: { size: 12 },
  };
}
