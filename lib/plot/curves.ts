import { withDefaults } from "../util/options";
import { Figure, Layout, PlotAxis, Trace, axisTitle, baseConfig, baseLayout, paletteColor, subplotGrid, toNumbers } from "./figure";

/**
 * Per-epoch series under any names, e.g. `{ trainLoss: [...], valLoss: [...], valAcc: [...] }`,
 * or a `History`. Typed as `object` because a class instance (History, with its non-array
 * fields) is not assignable to an index-signature type; fields that are not arrays are skipped.
 */
export type CurveSeries = object;

/** One epoch of a training history, e.g. `{ epoch: 1, trainLoss: 0.9, valLoss: 1.1, valAcc: 0.62 }` (an `EpochInfo`). */
export type CurveRecord = object;

export interface LossCurveOptions {
  title: string;
  /** Log-scale loss axis: late epochs' small improvements stay visible. */
  logLoss: boolean;
  /** Title of the shared x axis ("step" for per-step losses). */
  xTitle: string;
}

const DEFAULTS: LossCurveOptions = { title: "", logLoss: false, xTitle: "epoch" };

type Kind = "loss" | "accuracy";

interface Series {
  key: string;
  kind: Kind;
  /** What is left of the name without "loss"/"acc": "train", "val"; one colour per split. */
  split: string;
  x: number[];
  y: (number | null)[];
}

/** "trainLoss" → ["train", "loss"], "val_acc" → ["val", "acc"]. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function kindOf(key: string): Kind | null {
  const k = key.toLowerCase();
  if (k.includes("loss")) return "loss";
  if (k.includes("acc")) return "accuracy";
  return null;
}

function splitOf(key: string): string {
  return words(key)
    .filter((w) => !/^(loss|acc|accuracy)$/.test(w))
    .join(" ");
}

/** Display name: "trainLoss" → "train loss", "valAcc" → "val accuracy", "PCA_loss" → "PCA loss" (case kept). */
function displayName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => (/^acc$/i.test(w) ? "accuracy" : /^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w))
    .join(" ");
}

/** Series from per-epoch records; x is the records' `epoch` when every record has one, else 1, 2, …. */
function fromRecords(given: readonly CurveRecord[], where: string): Series[] {
  given.forEach((r, i) => {
    if (r === null || typeof r !== "object") throw new Error(`${where}: history[${i}] must be an object of numbers, got ${String(r)}`);
  });
  const records = given as readonly Readonly<Record<string, unknown>>[];
  const hasEpoch = records.length > 0 && records.every((r) => typeof r.epoch === "number" && Number.isFinite(r.epoch));
  const x = records.map((r, i) => (hasEpoch ? (r.epoch as number) : i + 1));
  const keys: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (k !== "epoch" && !keys.includes(k)) keys.push(k);
  const out: Series[] = [];
  for (const key of keys) {
    const kind = kindOf(key);
    if (kind === null) continue;
    // An epoch without this metric (validation every other epoch) is a gap, not a zero.
    const y = new Float64Array(records.length);
    records.forEach((r, i) => (y[i] = typeof r[key] === "number" ? (r[key] as number) : NaN));
    out.push({ key, kind, split: splitOf(key), x, y: toNumbers(y) });
  }
  return out;
}

/** Named series (a `History` is one); x is its `epoch` array when that has one entry per value, else 1, 2, …. */
function fromSeries(series: CurveSeries): Series[] {
  const isArrayLike = (v: unknown): v is ArrayLike<number> =>
    v !== null && typeof v === "object" && typeof (v as { length?: unknown }).length === "number";
  const fields = series as Readonly<Record<string, unknown>>;
  const epochs = isArrayLike(fields.epoch) ? fields.epoch : null;
  const out: Series[] = [];
  for (const [key, values] of Object.entries(fields)) {
    const kind = kindOf(key);
    if (kind === null || !isArrayLike(values)) continue;
    const x =
      epochs && epochs.length === values.length
        ? (toNumbers(epochs) as number[])
        : Array.from({ length: values.length }, (_, i) => i + 1);
    out.push({ key, kind, split: splitOf(key), x, y: toNumbers(values) });
  }
  return out;
}

/**
 * Loss (and accuracy) per epoch: the first plot to look at after training.
 *
 * Takes `fit`'s `History` (or any named series) or per-epoch records (`EpochInfo`s). Names
 * containing "loss" are drawn in the loss panel, names containing "acc" in an accuracy panel
 * below it (each panel only when it has a series); other names (a learning rate, a time) are
 * left out.
 * Train and validation curves of the same split share a colour across the panels, so
 * overfitting shows as the validation loss turning up while the train loss keeps falling.
 */
export function lossCurves(history: readonly CurveRecord[] | CurveSeries, options?: Partial<LossCurveOptions>): Figure {
  const where = "lossCurves";
  const opts = withDefaults(where, DEFAULTS, options);
  if (history === null || typeof history !== "object") {
    throw new Error(`${where}: expected per-epoch records or named series, got ${String(history)}`);
  }
  // A metric that was never measured (no validation set, accuracy of a regression) is left out.
  const series = (Array.isArray(history) ? fromRecords(history, where) : fromSeries(history)).filter(
    (s) => s.y.some((v) => v !== null),
  );
  if (series.length === 0) {
    const keys = Array.isArray(history) ? Object.keys(history[0] ?? {}) : Object.keys(history);
    throw new Error(
      `${where}: nothing to plot: expected per-epoch numbers named with "loss" or "acc" (e.g. trainLoss, valAccuracy); got ${keys.length ? keys.join(", ") : "no fields"}`,
    );
  }

  const splits: string[] = [];
  for (const s of series) if (!splits.includes(s.split)) splits.push(s.split);
  // One panel per kind present, loss on top; they share the epoch axis, labelled at the bottom.
  const kinds = (["loss", "accuracy"] as const).filter((k) => series.some((s) => s.kind === k));
  const cells = subplotGrid(kinds.length, 1);
  const cellOf = (kind: Kind) => cells[kinds.indexOf(kind)];
  const longest = Math.max(...series.map((s) => s.x.length));

  const data: Trace[] = series.map((s) => {
    const cell = cellOf(s.kind);
    const color = paletteColor(splits.indexOf(s.split));
    return {
      type: "scatter",
      mode: longest <= 50 ? "lines+markers" : "lines",
      name: displayName(s.key),
      legendgroup: s.split,
      x: s.x,
      y: s.y,
      xaxis: cell.xaxis,
      yaxis: cell.yaxis,
      line: { color, width: 2 },
      marker: { color, size: 5 },
    };
  });

  // Whole epochs only: over a short span plotly would otherwise put ticks at 1.2, 1.4, ….
  // (A loop, not Math.max(...xs): per-step losses can be longer than the argument limit.)
  let lo = Infinity;
  let hi = -Infinity;
  let integers = true;
  for (const s of series) {
    for (const v of s.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      integers &&= Number.isInteger(v);
    }
  }
  const epochTicks = hi - lo <= 20 && integers ? { dtick: 1 } : {};
  const layout: Partial<Layout> = baseLayout(opts.title, { showlegend: true });
  const bottom = cells[cells.length - 1];
  kinds.forEach((kind, i) => {
    const cell = cells[i];
    const x: PlotAxis =
      cell === bottom
        ? axisTitle(opts.xTitle, { domain: cell.xDomain, anchor: cell.yaxis, ...epochTicks })
        : { domain: cell.xDomain, anchor: cell.yaxis, matches: bottom.xaxis, showticklabels: false, ...epochTicks };
    const y = axisTitle(kind, { domain: cell.yDomain, anchor: cell.xaxis });
    if (kind === "loss" && opts.logLoss) y.type = "log";
    layout[cell.xKey] = x;
    layout[cell.yKey] = y;
  });
  if (kinds.length === 2) layout.height = 600;
  return { data, layout, config: baseConfig() };
}
