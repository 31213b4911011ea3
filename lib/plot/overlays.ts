import { Figure, PlotAxis, Trace, paletteColor, toNumbers } from "./figure";

/** Measured points to draw over predicted curves: markers only, no line. */
export interface MarkerSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Palette index of the colour (default: the next one after the figure's traces). */
  color?: number;
  /** A plotly marker symbol, e.g. "diamond" (default "circle"). */
  symbol?: string;
}

/**
 * A copy of `fig` with measured points on top of its curves, e.g. a measured rate of
 * convergence over `linePlot`'s predicted one. Each series is a markers-only scatter trace.
 */
export function withMarkers(fig: Figure, series: MarkerSeries | readonly MarkerSeries[]): Figure {
  const where = "withMarkers";
  const list: readonly MarkerSeries[] = Array.isArray(series) ? series : [series as MarkerSeries];
  const added: Trace[] = list.map((s, i) => {
    if (s === null || typeof s !== "object" || typeof s.name !== "string" || !s.x || !s.y) {
      throw new Error(`${where}: series ${i} must be { name: string, x: numbers, y: numbers }`);
    }
    if (s.x.length !== s.y.length) throw new Error(`${where}: series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`);
    const color = paletteColor(s.color ?? fig.data.length + i);
    return {
      type: "scatter",
      mode: "markers",
      name: s.name,
      x: toNumbers(s.x),
      y: toNumbers(s.y),
      marker: { color, size: 8, symbol: s.symbol ?? "circle" },
    };
  });
  return { ...fig, data: [...fig.data, ...added], layout: { ...fig.layout, showlegend: true } };
}

/** A vertical line at `x` or a horizontal one at `y`, with an optional label. */
export interface ReferenceLine {
  x?: number;
  y?: number;
  label?: string;
  /** A CSS colour (default grey). */
  color?: string;
}

/**
 * Where an annotation sits: at log10 of the value on a log axis (plotly's convention for
 * annotations; shapes, in plotly.js 2 and later, take the value itself).
 */
function annotationPosition(v: number, axis: PlotAxis | undefined, where: string): number {
  if (axis?.type !== "log") return v;
  if (!(v > 0)) throw new Error(`${where}: a reference line at ${v} cannot be drawn on a log axis`);
  return Math.log10(v);
}

/**
 * A copy of `fig` with dotted reference lines: a threshold such as 2/λ_M, a tolerance, the
 * noise floor a loss cannot go below. Vertical lines span the plot's height and horizontal ones
 * its width, whatever the data range; labels sit at the top (vertical, stacked downwards
 * when there are several) or the right end (horizontal) of their line.
 */
export function withReferenceLines(fig: Figure, lines: readonly ReferenceLine[]): Figure {
  const where = "withReferenceLines";
  if (!Array.isArray(lines)) throw new Error(`${where}: expected a list of { x } or { y } lines`);
  const shapes = [...((fig.layout.shapes as Record<string, unknown>[] | undefined) ?? [])];
  const annotations = [...(fig.layout.annotations ?? [])];
  let verticals = 0;
  lines.forEach((l, i) => {
    const vertical = typeof l?.x === "number";
    const horizontal = typeof l?.y === "number";
    if (vertical === horizontal) throw new Error(`${where}: line ${i} must have exactly one of x (vertical) or y (horizontal)`);
    const line = { color: l.color ?? "#777777", dash: "dot", width: 2 };
    if (vertical) {
      const x = l.x as number;
      const at = annotationPosition(x, fig.layout.xaxis, where);
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line });
      // Labels of neighbouring vertical lines would overlap at the same height: stack them.
      const y = (100 - 7 * (verticals++ % 4)) / 100;
      if (l.label) annotations.push({ x: at, y, xref: "x", yref: "paper", text: l.label, showarrow: false, xanchor: "left", yanchor: "top", xshift: 3 });
    } else {
      const y = l.y as number;
      const at = annotationPosition(y, fig.layout.yaxis, where);
      shapes.push({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: y, y1: y, line });
      if (l.label) annotations.push({ x: 1, y: at, xref: "paper", yref: "y", text: l.label, showarrow: false, xanchor: "right", yanchor: "bottom" });
    }
  });
  return { ...fig, layout: { ...fig.layout, shapes, annotations } };
}
