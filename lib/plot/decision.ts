import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { Figure, Trace, axisTitle, baseConfig, baseLayout, paletteColor, toNumbers } from "./figure";
import { linspace } from "./grid";

/** Two-feature classification data: x [N, 2] and an integer class per row. */
export interface PlaneData {
  x: Tensor;
  y: ArrayLike<number> | Tensor;
  /** Number of classes, when some class has no example here (a `ClassificationData` has it). */
  classes?: number;
}

export interface DecisionOptions {
  /** Grid points per axis at which the model is asked for a class. */
  resolution: number;
  /** Margin around the data, as a fraction of its extent on each axis. */
  padding: number;
  /** Legend names per class; "class k" when missing. */
  classNames: string[];
  title: string;
}

const DEFAULTS: DecisionOptions = { resolution: 100, padding: 0.1, classNames: [], title: "" };

function checkClass(v: number, where: string, what: string): number {
  if (!Number.isInteger(v) || v < 0) throw new Error(`${where}: ${what} must be a class index (an integer >= 0), got ${v}`);
  return v;
}

/**
 * Which class a 2-D classifier predicts where: a heatmap of predicted classes over the data's
 * bounding box (plus `padding`), with the data points on top, one scatter trace per class in
 * the same colour as its region. Misclassified points are the ones sitting on another colour.
 *
 * `predict` is called once with all `resolution²` grid points as a Tensor [M, 2] (row
 * `j·resolution + i` is the point (x[i], y[j])) and returns one class per row, e.g.
 * `(x) => model.fprop(x).argmax(1)`. The heatmap has `z[j][i]` = that row's class.
 */
export function decisionRegions(
  predict: (x: Tensor) => ArrayLike<number>,
  data: PlaneData,
  options?: Partial<DecisionOptions>,
): Figure {
  const where = "decisionRegions";
  const opts = withDefaults(where, DEFAULTS, options);
  const res = checkNumber(where, "resolution", opts.resolution, { min: 2, max: 1000, integer: true });
  checkNumber(where, "padding", opts.padding, { min: 0 });
  if (typeof predict !== "function") throw new Error(`${where}: predict must be a function (x: Tensor [M, 2]) => classes`);
  if (data === null || typeof data !== "object" || !(data.x instanceof Tensor)) {
    throw new Error(`${where}: data must be { x: Tensor [N, 2], y: classes }`);
  }
  expectShape(data.x.shape, [null, 2], where, "data.x", ["N", "2"]);
  const n = data.x.shape[0];
  const labels = data.y instanceof Tensor ? data.y.data : data.y;
  if (labels === null || typeof labels !== "object" || labels.length !== n) {
    throw new Error(`${where}: data.y has ${labels?.length ?? String(labels)} labels but data.x has ${n} rows`);
  }

  // Bounding box of the data, padded; a zero extent (all points on a line) gets a unit margin.
  const axes = [0, 1].map((d) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < n; r++) {
      const v = data.x.data[2 * r + d];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`${where}: data.x must be non-empty and finite`);
    const pad = hi > lo ? opts.padding * (hi - lo) : 1;
    return linspace(lo - pad, hi + pad, res);
  });
  const [xs, ys] = axes;

  const grid = Tensor.zeros([res * res, 2]);
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res; i++) {
      grid.data[2 * (j * res + i)] = xs[i];
      grid.data[2 * (j * res + i) + 1] = ys[j];
    }
  }
  const predicted = predict(grid);
  if (predicted === null || typeof predicted !== "object" || predicted.length !== res * res) {
    throw new Error(
      `${where}: predict returned ${predicted?.length ?? String(predicted)} classes for ${res * res} grid points; expected one class per row of x`,
    );
  }

  let classes = data.classes ?? 0;
  for (let m = 0; m < predicted.length; m++) classes = Math.max(classes, checkClass(predicted[m], where, `predict's output [${m}]`) + 1);
  for (let r = 0; r < n; r++) classes = Math.max(classes, checkClass(labels[r], where, `data.y[${r}]`) + 1);

  const z: number[][] = [];
  for (let j = 0; j < res; j++) z.push(Array.from({ length: res }, (_, i) => predicted[j * res + i]));
  // Class k maps to the band [k/K, (k+1)/K] of the colour scale: a flat colour per class.
  const colorscale: [number, string][] = [];
  for (let k = 0; k < classes; k++) colorscale.push([k / classes, paletteColor(k)], [(k + 1) / classes, paletteColor(k)]);
  const name = (k: number): string => opts.classNames[k] ?? `class ${k}`;

  const regions: Trace = {
    type: "heatmap",
    name: "predicted class",
    x: toNumbers(xs),
    y: toNumbers(ys),
    z,
    zmin: -0.5,
    zmax: classes - 0.5,
    colorscale,
    opacity: 0.35,
    showscale: false,
    showlegend: false,
    hovertemplate: "x[0]=%{x:.3g}<br>x[1]=%{y:.3g}<br>predicted class %{z}<extra></extra>",
  };
  const points: Trace[] = [];
  for (let k = 0; k < classes; k++) {
    const px: number[] = [];
    const py: number[] = [];
    for (let r = 0; r < n; r++) {
      if (labels[r] !== k) continue;
      px.push(data.x.data[2 * r]);
      py.push(data.x.data[2 * r + 1]);
    }
    if (px.length === 0) continue;
    points.push({
      type: "scatter",
      mode: "markers",
      name: name(k),
      x: toNumbers(px),
      y: toNumbers(py),
      marker: { color: paletteColor(k), size: 7, line: { color: "#ffffff", width: 1 } },
    });
  }

  return {
    data: [regions, ...points],
    layout: baseLayout(opts.title, {
      xaxis: axisTitle("x[0]", { range: [xs[0], xs[res - 1]] }),
      yaxis: axisTitle("x[1]", { range: [ys[0], ys[res - 1]] }),
      showlegend: true,
    }),
    config: baseConfig(),
  };
}
