import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { Figure, Layout, Trace, axisTitle, baseConfig, baseLayout, cellTitle, paletteColor, subplotGrid } from "./figure";

/** Values per layer: `{ layer1: acts1, layer2: acts2 }` or `[{ name, values }]` (keeps order explicit). */
export type NamedArrays =
  | Readonly<Record<string, ArrayLike<number> | Tensor>>
  | readonly { name: string; values: ArrayLike<number> | Tensor }[];

export interface HistogramOptions {
  bins: number;
  /** Subplots per row (fewer when there are fewer layers). */
  columns: number;
  /** "fraction": bar heights sum to 1 per layer, so layers of different sizes compare. */
  normalize: "fraction" | "count";
  /** The x axis title, e.g. "activation" or "gradient". */
  xTitle: string;
  title: string;
}

const DEFAULTS: HistogramOptions = { bins: 50, columns: 4, normalize: "fraction", xTitle: "value", title: "" };

/** Short number for an annotation: three significant digits. */
function short(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v);
}

function entriesOf(arrays: NamedArrays, where: string): { name: string; values: ArrayLike<number> }[] {
  if (arrays === null || typeof arrays !== "object") {
    throw new Error(`${where}: expected { name: values } or [{ name, values }], got ${String(arrays)}`);
  }
  const list = Array.isArray(arrays)
    ? (arrays as readonly { name: string; values: ArrayLike<number> | Tensor }[]).map((e, i) => {
        if (e === null || typeof e !== "object" || typeof e.name !== "string") {
          throw new Error(`${where}: entry ${i} must be { name: string, values }, got ${String(e)}`);
        }
        return { name: e.name, values: e.values };
      })
    : Object.entries(arrays as Readonly<Record<string, ArrayLike<number> | Tensor>>).map(([name, values]) => ({ name, values }));
  if (list.length === 0) throw new Error(`${where}: no arrays given; expected at least one named array`);
  return list.map(({ name, values }) => {
    const v = values instanceof Tensor ? values.data : values;
    if (v === null || typeof v !== "object" || typeof v.length !== "number") {
      throw new Error(`${where}: "${name}" must be a Tensor or an array of numbers, got ${String(values)}`);
    }
    return { name, values: v };
  });
}

/**
 * Histograms of values per layer (activations or gradients), one subplot each, all with the
 * same bins: this is how saturating or vanishing activations, and gradients shrinking towards
 * the input, show up (Glorot and Bengio's pictures, lecture 004's initialization section).
 *
 * Bins are computed here, not by plotly, so the figure carries `bins` numbers per layer rather
 * than every activation: `bins` equal bins span [min, max] over all layers' finite values and
 * each layer is one `bar` trace at the bin centres. The subplot title gives the layer's mean
 * and (population) standard deviation, and how many values were NaN or infinite.
 */
export function layerHistograms(arrays: NamedArrays, options?: Partial<HistogramOptions>): Figure {
  const where = "layerHistograms";
  const opts = withDefaults(where, DEFAULTS, options);
  checkNumber(where, "bins", opts.bins, { min: 1, max: 10000, integer: true });
  checkNumber(where, "columns", opts.columns, { min: 1, integer: true });
  if (opts.normalize !== "fraction" && opts.normalize !== "count") {
    throw new Error(`${where}: normalize must be "fraction" or "count", got ${String(opts.normalize)}`);
  }
  const layers = entriesOf(arrays, where);

  let lo = Infinity;
  let hi = -Infinity;
  for (const { values } of layers) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) throw new Error(`${where}: no finite values to draw`);
  if (lo === hi) {
    // All values equal (e.g. all-zero gradients): one visible bar centred on that value.
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / opts.bins;
  const centres = Array.from({ length: opts.bins }, (_, b) => lo + (b + 0.5) * width);

  const columns = Math.min(opts.columns, layers.length);
  const rows = Math.ceil(layers.length / columns);
  const cells = subplotGrid(rows, columns, { y: 0.15 });
  const yTitle = opts.normalize === "fraction" ? "fraction" : "count";
  const data: Trace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const layout: Partial<Layout> = baseLayout(opts.title, { showlegend: false, bargap: 0, height: 80 + 260 * rows });

  layers.forEach(({ name, values }, k) => {
    const counts = new Float64Array(opts.bins);
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      // (v − lo) / width can round to `bins` at v = hi: that value belongs to the last bin.
      counts[Math.min(opts.bins - 1, Math.floor((v - lo) / width))]++;
      n++;
      sum += v;
      sumSq += v * v;
    }
    const mean = n > 0 ? sum / n : NaN;
    const std = n > 0 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : NaN;
    const bad = values.length - n;
    const scale = opts.normalize === "fraction" && n > 0 ? 1 / n : 1;
    const cell = cells[k];
    data.push({
      type: "bar",
      name,
      x: centres,
      y: Array.from(counts, (c) => c * scale),
      width,
      xaxis: cell.xaxis,
      yaxis: cell.yaxis,
      marker: { color: paletteColor(k) },
      hovertemplate: `${name}<br>%{x:.3g}: %{y:.3g}<extra></extra>`,
    });
    const note = bad > 0 ? `, ${bad} non-finite` : "";
    annotations.push(cellTitle(cell, `${name}: mean ${short(mean)}, std ${short(std)}${note}`));
    const bottomRow = k + columns >= layers.length;
    layout[cell.xKey] = axisTitle(bottomRow ? opts.xTitle : "", { domain: cell.xDomain, anchor: cell.yaxis, range: [lo, hi] });
    layout[cell.yKey] = axisTitle(k % columns === 0 ? yTitle : "", { domain: cell.yDomain, anchor: cell.xaxis });
  });
  layout.annotations = annotations;
  return { data, layout, config: baseConfig() };
}
