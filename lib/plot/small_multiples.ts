import { checkNumber, withDefaults } from "../util/options";
import { Figure, Layout, PlotAxis, SubplotCell, Trace, baseConfig, baseLayout, cellTitle, subplotGrid } from "./figure";

export interface SmallMultiplesOptions {
  /** Panels per row (fewer when there are fewer panels). */
  columns: number;
  title: string;
  /** Height of one row of panels, in pixels. */
  rowHeight: number;
  /** Width of the whole figure in pixels (default: about 300 per column, at most 960). */
  width: number | null;
  /** Every panel zooms and pans with the first one along x (or y), and shows the same range. */
  shareX: boolean;
  shareY: boolean;
  /** Keep the colour bars of contour and heatmap panels (default false: side by side they overlap). */
  colorbars: boolean;
  /** Show a legend (default true); captions alone suffice when every panel shows one method. */
  legend: boolean;
}

const DEFAULTS: SmallMultiplesOptions = {
  columns: 3,
  title: "",
  rowHeight: 300,
  width: null,
  shareX: false,
  shareY: false,
  colorbars: false,
  legend: true,
};

/** "x" → the cell's x axis name, "paper" → its domain, for shapes and annotations of a panel. */
function mapRef(ref: unknown, axis: "x" | "y", cell: SubplotCell): unknown {
  const own = axis === "x" ? cell.xaxis : cell.yaxis;
  if (ref === undefined || ref === axis) return own;
  if (ref === "paper" || ref === `${axis} domain`) return `${own} domain`;
  return ref;
}

function checkSinglePanel(fig: Figure, k: number, where: string): void {
  if (fig === null || typeof fig !== "object" || !Array.isArray(fig.data) || fig.layout === null || typeof fig.layout !== "object") {
    throw new Error(`${where}: panel ${k} must be a figure { data, layout }, got ${String(fig)}`);
  }
  for (const t of fig.data) {
    const xa = t.xaxis ?? "x";
    const ya = t.yaxis ?? "y";
    if (xa !== "x" || ya !== "y" || t.type === "surface") {
      const what = t.type === "surface" ? "a 3-D surface" : `axes ${xa}/${ya}`;
      throw new Error(`${where}: panel ${k} uses ${what}; small multiples take single-panel 2-D figures (linePlot, contourWithTrajectories, …)`);
    }
  }
}

/** The layout keys of a panel's own axis, with the cell's domain and anchor. */
function placeAxis(axis: PlotAxis | undefined, cell: SubplotCell, which: "x" | "y", share: string | null, keepTitle: boolean): PlotAxis {
  const placed: PlotAxis = { ...(axis ?? {}) };
  placed.domain = which === "x" ? cell.xDomain : cell.yDomain;
  placed.anchor = which === "x" ? cell.yaxis : cell.xaxis;
  if (placed.scaleanchor === "x" || placed.scaleanchor === "y") {
    placed.scaleanchor = placed.scaleanchor === "x" ? cell.xaxis : cell.yaxis;
  }
  if (share !== null) placed.matches = share;
  if (!keepTitle) delete placed.title;
  return placed;
}

/** An axis title's text, or "" when it has none. */
function titleText(axis: PlotAxis | undefined): string {
  return axis?.title?.text ?? "";
}

/**
 * Several single-panel figures side by side in one figure: one method per panel instead of six
 * paths drawn over each other (Tufte's small multiples). Each panel keeps its traces, axes,
 * shapes and annotations; its title becomes the panel's caption.
 *
 * Panel k goes to cell k of a row-major grid with `columns` columns. Traces of the same name (or
 * `legendgroup`) share one legend entry across panels. An axis title that every panel shares is
 * shown once per row (y) or column (x), at the outer edge; different titles stay on each panel.
 * Contour and heatmap colour bars are dropped unless `colorbars` is set. Figures with subplots
 * of their own, or 3-D surfaces, are rejected.
 */
export function smallMultiples(panels: readonly Figure[], options?: Partial<SmallMultiplesOptions>): Figure {
  const where = "smallMultiples";
  const opts = withDefaults(where, DEFAULTS, options);
  checkNumber(where, "columns", opts.columns, { min: 1, integer: true });
  checkNumber(where, "rowHeight", opts.rowHeight, { min: 50, integer: true });
  if (opts.width !== null) checkNumber(where, "width", opts.width, { min: 100, integer: true });
  if (!Array.isArray(panels) || panels.length === 0) {
    throw new Error(`${where}: expected a non-empty list of figures, e.g. [linePlot(...), linePlot(...)]`);
  }
  panels.forEach((p, k) => checkSinglePanel(p, k, where));

  const columns = Math.min(opts.columns, panels.length);
  const rows = Math.ceil(panels.length / columns);
  const cells = subplotGrid(rows, columns, { x: 0.07, y: rows > 1 ? 0.16 : 0 });
  const sameX = panels.every((p) => titleText(p.layout.xaxis) === titleText(panels[0].layout.xaxis));
  const sameY = panels.every((p) => titleText(p.layout.yaxis) === titleText(panels[0].layout.yaxis));

  const data: Trace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  const seenGroups = new Set<string>();
  const width = opts.width ?? Math.min(960, 120 + 290 * columns);
  const margin = { l: 60, r: 30, t: opts.title ? 70 : 40, b: 100 };
  const height = margin.t + margin.b + opts.rowHeight * rows;
  // The legend goes 60 px below the plotting area, clear of the bottom row's axis titles.
  const legendY = -60 / (height - margin.t - margin.b);
  const layout: Partial<Layout> = baseLayout(opts.title || undefined, {
    width,
    height,
    legend: { orientation: "h", x: 0, y: legendY, yanchor: "top" },
    margin,
  });

  panels.forEach((panel, k) => {
    const cell = cells[k];
    const bottom = k + columns >= panels.length;
    const left = k % columns === 0;
    const panelLegend = opts.legend && panel.layout.showlegend !== false;
    for (const t of panel.data) {
      const copy: Trace = { ...t, xaxis: cell.xaxis, yaxis: cell.yaxis };
      if ((t.type === "contour" || t.type === "heatmap") && !opts.colorbars) {
        copy.showscale = false;
        delete copy.colorbar;
      }
      const group = typeof t.legendgroup === "string" ? t.legendgroup : t.name;
      if (!panelLegend || t.showlegend === false || group === undefined) copy.showlegend = false;
      else {
        copy.legendgroup = group;
        copy.showlegend = !seenGroups.has(group);
        seenGroups.add(group);
      }
      data.push(copy);
    }
    const xShare = opts.shareX && k > 0 ? cells[0].xaxis : null;
    const yShare = opts.shareY && k > 0 ? cells[0].yaxis : null;
    layout[cell.xKey] = placeAxis(panel.layout.xaxis, cell, "x", xShare, !sameX || bottom);
    layout[cell.yKey] = placeAxis(panel.layout.yaxis, cell, "y", yShare, !sameY || left);
    const caption = panel.layout.title?.text;
    if (caption) annotations.push(cellTitle(cell, caption));
    for (const a of panel.layout.annotations ?? []) annotations.push({ ...a, xref: mapRef(a.xref, "x", cell), yref: mapRef(a.yref, "y", cell) });
    for (const s of (panel.layout.shapes as Record<string, unknown>[] | undefined) ?? []) {
      shapes.push({ ...s, xref: mapRef(s.xref, "x", cell), yref: mapRef(s.yref, "y", cell) });
    }
  });
  layout.showlegend = seenGroups.size > 0;
  layout.annotations = annotations;
  if (shapes.length > 0) layout.shapes = shapes;
  return { data, layout, config: baseConfig() };
}
