import { checkNumber, withDefaults } from "../util/options";
import { Figure, Trace, axisTitle, baseConfig, baseLayout, paletteColor, toNumbers } from "./figure";
import { PlotRange, ScalarFunction2D, evaluateGrid, gridExtent, logShift } from "./grid";

/**
 * One optimizer's path: the parameters w = (w[0], w[1]) after each step, starting point first.
 * A `train2d` result is one as it is: its `rule` names it when there is no `name`.
 */
export interface PlotTrajectory {
  name?: string;
  rule?: string;
  points: readonly (Float64Array | readonly number[])[];
}

export interface ContourOptions {
  /** Number of equally spaced contour levels between the smallest and largest value shown. */
  levels: number;
  /** Show log10(1 + f − min f) instead of f, for functions with a steep valley (Rosenbrock). */
  logScale: boolean;
  /** Grid points per axis at which f is evaluated. */
  resolution: number;
  title: string;
}

const DEFAULTS: ContourOptions = { levels: 30, logScale: false, resolution: 100, title: "" };

/**
 * Contour lines of a 2-D function with optimizer paths on top, so methods can be compared on
 * the same landscape (the d2l.ai `showTrace2d` picture).
 *
 * The contour trace has `z[j][i] = f([x[i], y[j]])` on a `resolution × resolution` grid over
 * `range` (or the log-shifted value); levels run from the smallest to the largest grid value in
 * `levels` equal steps. Each trajectory is a scatter trace of lines and markers, in palette order.
 */
export function contourWithTrajectories(
  f: ScalarFunction2D,
  range: PlotRange,
  trajectories: readonly PlotTrajectory[] = [],
  options?: Partial<ContourOptions>,
): Figure {
  const where = "contourWithTrajectories";
  const opts = withDefaults(where, DEFAULTS, options);
  checkNumber(where, "levels", opts.levels, { min: 1, integer: true });
  checkNumber(where, "resolution", opts.resolution, { min: 2, max: 1000, integer: true });
  if (!Array.isArray(trajectories)) {
    throw new Error(`${where}: trajectories must be an array of { name, points }, got ${String(trajectories)}`);
  }

  const grid = evaluateGrid(f, range, opts.resolution, where);
  const z = opts.logScale ? logShift(grid.z) : grid.z;
  const zName = opts.logScale ? "log10(1 + f − min f)" : "f(w)";
  const [lo, hi] = gridExtent(z);
  const contour: Trace = {
    type: "contour",
    name: zName,
    x: grid.x,
    y: grid.y,
    z,
    colorscale: "Viridis",
    colorbar: { title: { text: zName, side: "right" } },
    showlegend: false,
    hovertemplate: `w[0]=%{x:.3g}<br>w[1]=%{y:.3g}<br>${zName}=%{z:.4g}<extra></extra>`,
  };
  if (Number.isFinite(lo) && hi > lo) {
    // Explicit levels: plotly's automatic ones ignore the requested count on skewed functions.
    contour.autocontour = false;
    contour.contours = { coloring: "lines", start: lo, end: hi, size: (hi - lo) / opts.levels };
  } else {
    contour.contours = { coloring: "lines" };
  }

  const paths: Trace[] = trajectories.map((t, k) => {
    const label = typeof t?.name === "string" ? t.name : typeof t?.rule === "string" ? t.rule : null;
    if (t === null || typeof t !== "object" || label === null || !Array.isArray(t.points)) {
      throw new Error(`${where}: trajectories[${k}] must be { name: string, points: w[] } (or a train2d result), got ${String(t)}`);
    }
    const xs = new Float64Array(t.points.length);
    const ys = new Float64Array(t.points.length);
    for (let s = 0; s < t.points.length; s++) {
      const p: Float64Array | readonly number[] = t.points[s];
      if (p === null || typeof p !== "object" || p.length !== 2) {
        const got = p !== null && typeof p === "object" ? `${p.length} entries` : String(p);
        throw new Error(`${where}: trajectories[${k}].points[${s}] has ${got}, expected 2 (w[0], w[1])`);
      }
      xs[s] = p[0];
      ys[s] = p[1];
    }
    const color = paletteColor(k);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: label,
      x: toNumbers(xs),
      y: toNumbers(ys),
      line: { color, width: 2 },
      marker: { color, size: 5 },
    };
  });

  return {
    data: [contour, ...paths],
    layout: baseLayout(opts.title, {
      xaxis: axisTitle("w[0]", { range: [range.x[0], range.x[1]] }),
      yaxis: axisTitle("w[1]", { range: [range.y[0], range.y[1]] }),
      showlegend: paths.length > 0,
      // Below the plot: on the right the legend would cover the colour bar.
      legend: { orientation: "h", x: 0, y: -0.15, yanchor: "top" },
      margin: { l: 60, r: 30, t: opts.title ? 60 : 30, b: 90 },
    }),
    config: baseConfig(),
  };
}
