import { checkNumber, withDefaults } from "../util/options";
import { Figure, Trace, axisTitle, baseConfig, baseLayout } from "./figure";

export interface AnnotatedHeatmapOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  /** Colour range [low, high] (default: the values' own range). */
  range: [number, number] | null;
  /** The colour bar's title. */
  colorbarTitle: string;
  /** Decimals of the numbers written in the cells. */
  digits: number;
}

const HEATMAP_DEFAULTS: AnnotatedHeatmapOptions = { title: "", xTitle: "", yTitle: "", range: null, colorbarTitle: "", digits: 2 };

/**
 * A table of numbers as a heatmap with each value written in its cell, e.g. validation accuracy
 * over a grid search: `z[row][column]`, rows labelled by `yLabels` (drawn top to bottom) and
 * columns by `xLabels`. A null or non-finite entry is an empty cell (a trial that did not run).
 */
export function annotatedHeatmap(
  z: readonly (readonly (number | null)[])[],
  xLabels: readonly (string | number)[],
  yLabels: readonly (string | number)[],
  options?: Partial<AnnotatedHeatmapOptions>,
): Figure {
  const where = "annotatedHeatmap";
  const opts = withDefaults(where, HEATMAP_DEFAULTS, options);
  checkNumber(where, "digits", opts.digits, { min: 0, max: 12, integer: true });
  // Checked through `unknown` so that Array.isArray does not narrow z's type to any[].
  const rows: unknown = z;
  const fits = Array.isArray(rows) && rows.length === yLabels.length && rows.every((row: unknown) => Array.isArray(row) && row.length === xLabels.length);
  if (!fits) {
    throw new Error(`${where}: z must have ${yLabels.length} rows (one per y label) of ${xLabels.length} values (one per x label)`);
  }
  const cells = z.map((row) => row.map((v) => (v !== null && Number.isFinite(v) ? v : null)));
  const trace: Trace = {
    type: "heatmap",
    x: xLabels.map(String),
    y: yLabels.map(String),
    z: cells,
    text: cells.map((row) => row.map((v) => (v === null ? "" : v.toFixed(opts.digits)))),
    texttemplate: "%{text}",
    colorscale: "Viridis",
    hoverongaps: false,
    colorbar: { title: { text: opts.colorbarTitle } },
    hovertemplate: `${opts.xTitle || "x"} %{x}, ${opts.yTitle || "y"} %{y}: %{z}<extra></extra>`,
  };
  if (opts.range) [trace.zmin, trace.zmax] = opts.range;
  const layout = baseLayout(opts.title || undefined, {
    xaxis: axisTitle(opts.xTitle, { type: "category" }),
    yaxis: axisTitle(opts.yTitle, { type: "category" }),
    height: 120 + 55 * yLabels.length,
  });
  return { data: [trace], layout, config: baseConfig() };
}

export interface ConfusionMatrixOptions {
  title: string;
  /** Number of classes (default: one more than the largest label seen). */
  classes: number | null;
}

/** Counts of (true class, predicted class): `counts[t][p]`, and the figure that draws them. */
export interface ConfusionMatrix {
  counts: number[][];
  figure: Figure;
}

/**
 * The confusion matrix of a classifier: row t, column p counts the examples of true class t that
 * were predicted as p, so the diagonal holds the correct predictions. The figure draws the
 * diagonal in blues and the mistakes in reds, each on a colour scale of its own, so that a single
 * mistake stands out next to a diagonal of hundreds; empty cells stay blank.
 */
export function confusionMatrix(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options?: Partial<ConfusionMatrixOptions>,
): ConfusionMatrix {
  const where = "confusionMatrix";
  const opts = withDefaults(where, { title: "", classes: null as number | null }, options);
  if (actual.length !== predicted.length) {
    throw new Error(`${where}: ${actual.length} true labels but ${predicted.length} predictions`);
  }
  let classes = opts.classes ?? 0;
  if (opts.classes === null) for (let i = 0; i < actual.length; i++) classes = Math.max(classes, actual[i] + 1, predicted[i] + 1);
  checkNumber(where, "classes", classes, { min: 1, integer: true });
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const [t, p] = [actual[i], predicted[i]];
    if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0 || t >= classes || p >= classes) {
      throw new Error(`${where}: example ${i} has true class ${t} and prediction ${p}; expected integers in [0, ${classes})`);
    }
    counts[t][p]++;
  }
  const labels = counts.map((_, c) => String(c));
  const part = (keep: (t: number, p: number) => boolean, from: string, to: string, name: string): Trace => {
    const z = counts.map((row, t) => row.map((v, p) => (keep(t, p) && v > 0 ? v : null)));
    return {
      type: "heatmap",
      name,
      x: labels,
      y: labels,
      z,
      zmin: 0,
      zmax: Math.max(1, ...z.flat().map((v) => v ?? 0)),
      colorscale: [[0, from], [1, to]],
      showscale: false,
      hoverongaps: false,
      text: z.map((row) => row.map((v) => (v === null ? "" : String(v)))),
      texttemplate: "%{text}",
      hovertemplate: `${name}: true %{y}, predicted %{x}: %{z}<extra></extra>`,
    };
  };
  const figure: Figure = {
    data: [part((t, p) => t === p, "#c6d7ef", "#1f4e99", "correct"), part((t, p) => t !== p, "#f2b8a2", "#c0392b", "mistakes")],
    layout: baseLayout(opts.title || undefined, {
      width: 520,
      height: 520,
      showlegend: false,
      xaxis: axisTitle("predicted class", { type: "category" }),
      yaxis: axisTitle("true class", { type: "category", autorange: "reversed", scaleanchor: "x" }),
    }),
    config: baseConfig(),
  };
  return { counts, figure };
}
