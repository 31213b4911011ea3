import { withDefaults } from "../util/options";
import { Figure, Trace, axisTitle, baseConfig, baseLayout, paletteColor, toNumbers } from "./figure";

/** One curve: y against x (x defaults to 1, 2, …). */
export interface LineSeries {
  name: string;
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
  /** Draw dashed, e.g. for a prediction or a reference line. */
  dashed?: boolean;
}

export interface LinePlotOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  logX: boolean;
  logY: boolean;
  /** Mark the points as well as joining them (default: only when there are few). */
  markers: boolean | null;
}

const DEFAULTS: LinePlotOptions = { title: "", xTitle: "", yTitle: "", logX: false, logY: false, markers: null };

/**
 * The general-purpose plot: one or more named curves on shared axes, e.g. validation loss
 * against λ, relative error against the finite-difference step ε (log–log), or a learning-rate
 * schedule against t. For per-epoch histories `lossCurves` knows the naming conventions.
 */
export function linePlot(series: readonly LineSeries[], options?: Partial<LinePlotOptions>): Figure {
  const where = "linePlot";
  const opts = withDefaults(where, DEFAULTS, options);
  if (!Array.isArray(series) || series.length === 0) {
    throw new Error(`${where}: expected a non-empty list of series like [{ name: "loss", y: [...] }]`);
  }
  const data: Trace[] = series.map((s, i) => {
    if (!s || typeof s.name !== "string" || !s.y || typeof s.y.length !== "number") {
      throw new Error(`${where}: series ${i} must be { name: string, y: numbers, x?: numbers }`);
    }
    if (s.x && s.x.length !== s.y.length) {
      throw new Error(`${where}: series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`);
    }
    const x = s.x ? toNumbers(s.x) : Array.from({ length: s.y.length }, (_, k) => k + 1);
    const color = paletteColor(i);
    const markers = opts.markers ?? s.y.length <= 30;
    return {
      type: "scatter",
      mode: markers ? "lines+markers" : "lines",
      name: s.name,
      x,
      y: toNumbers(s.y),
      line: { color, width: 2, ...(s.dashed ? { dash: "dash" } : {}) },
      marker: { color, size: 6 },
    };
  });
  const xaxis = axisTitle(opts.xTitle);
  const yaxis = axisTitle(opts.yTitle);
  if (opts.logX) xaxis.type = "log";
  if (opts.logY) yaxis.type = "log";
  return { data, layout: baseLayout(opts.title || undefined, { xaxis, yaxis, showlegend: series.length > 1 }), config: baseConfig() };
}
