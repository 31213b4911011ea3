/** What `fit` monitors to choose the best epoch. */
export type Monitor = "valLoss" | "valAccuracy" | "trainLoss";

/** Why training ended. */
export type StopReason = "completed" | "earlyStopping" | "callback";

/** The numbers of one epoch, as `onEpoch` receives them and `History` stores them. */
export interface EpochInfo {
  /** 1-based epoch number. */
  epoch: number;
  /** Number of epochs asked for. */
  epochs: number;
  /**
   * Mean training loss over the epoch's steps, INCLUDING the weight penalty λΩ (l1/l2): each
   * step's data loss plus the penalty at that step's weights, averaged over examples. It is a
   * running average while the weights change, as Keras and PyTorch loops report it.
   */
  trainLoss: number;
  /** The penalty part of `trainLoss` (0 without l1/l2); trainLoss − trainPenalty is the data loss. */
  trainPenalty: number;
  /** Fraction of training examples classified correctly during the epoch's steps; null for regression. */
  trainAccuracy: number | null;
  /** Mean loss on the validation set after the epoch, in eval mode, without the penalty; null without val. */
  valLoss: number | null;
  /** Validation accuracy after the epoch; null without val or for regression. */
  valAccuracy: number | null;
  /** Steps (minibatches) taken in this epoch. */
  steps: number;
  /** Seconds since `fit` started. */
  seconds: number;
  /** True when this epoch is the best so far by the monitored quantity. */
  best: boolean;
}

/**
 * The record of a training run, one entry per epoch in each array (index e − 1 for epoch e).
 * `trainLoss` includes the weight penalty (see `EpochInfo.trainLoss`); accuracy arrays are empty
 * for regression and the val arrays are empty without a validation set.
 */
export class History {
  readonly epoch: number[] = [];
  readonly trainLoss: number[] = [];
  readonly trainPenalty: number[] = [];
  readonly trainAccuracy: number[] = [];
  readonly valLoss: number[] = [];
  readonly valAccuracy: number[] = [];
  /** Seconds since the start of `fit` at the end of each epoch. */
  readonly seconds: number[] = [];
  /** The quantity that picks the best epoch (early stopping's monitor, else valLoss if there is val data, else trainLoss). */
  monitor: Monitor = "trainLoss";
  /** 1-based number of the best epoch by `monitor` (0 before any epoch). */
  bestEpoch = 0;
  /** The monitored value at `bestEpoch`. */
  bestValue = NaN;
  /** True when early stopping or `onEpoch` ended training before `epochs`. */
  stoppedEarly = false;
  stopReason: StopReason = "completed";
  /** True when early stopping put the best epoch's weights back into the model. */
  restoredBest = false;

  /** Number of epochs run. */
  get epochsRun(): number {
    return this.epoch.length;
  }

  /** @internal Appends one epoch's numbers. */
  push(info: EpochInfo): void {
    this.epoch.push(info.epoch);
    this.trainLoss.push(info.trainLoss);
    this.trainPenalty.push(info.trainPenalty);
    if (info.trainAccuracy !== null) this.trainAccuracy.push(info.trainAccuracy);
    if (info.valLoss !== null) this.valLoss.push(info.valLoss);
    if (info.valAccuracy !== null) this.valAccuracy.push(info.valAccuracy);
    this.seconds.push(info.seconds);
  }

  /** A table with one row per epoch; the best epoch is marked with *. */
  toString(): string {
    const cols: [string, number[], (v: number) => string][] = [
      ["train loss", this.trainLoss, (v) => v.toFixed(5)],
      ["train acc", this.trainAccuracy, percent],
      ["val loss", this.valLoss, (v) => v.toFixed(5)],
      ["val acc", this.valAccuracy, percent],
    ];
    const shown = cols.filter(([, values]) => values.length > 0);
    const header = ["epoch", ...shown.map(([name]) => name)];
    const rows = this.epoch.map((e, i) => [`${e}${e === this.bestEpoch ? "*" : ""}`, ...shown.map(([, values, f]) => f(values[i]))]);
    const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    const line = (r: string[]): string => r.map((c, j) => c.padStart(widths[j])).join("  ");
    const end =
      this.stopReason === "completed"
        ? `completed ${this.epochsRun} epochs`
        : `stopped early at epoch ${this.epochsRun} (${this.stopReason === "callback" ? "onEpoch returned false" : "early stopping"})`;
    const best = this.bestEpoch > 0 ? `; best epoch ${this.bestEpoch} (${this.monitor} ${formatNumber(this.bestValue)})${this.restoredBest ? ", weights restored" : ""}` : "";
    return [line(header), ...rows.map(line), end + best].join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** One progress line for an epoch: epoch, losses, accuracies, elapsed time. */
export function formatEpochLine(info: EpochInfo): string {
  const width = String(info.epochs).length;
  const parts = [`epoch ${String(info.epoch).padStart(width)}/${info.epochs}`, `train loss ${info.trainLoss.toFixed(5)}`];
  if (info.trainAccuracy !== null) parts.push(`acc ${percent(info.trainAccuracy)}`);
  if (info.valLoss !== null) parts.push(`val loss ${info.valLoss.toFixed(5)}`);
  if (info.valAccuracy !== null) parts.push(`acc ${percent(info.valAccuracy)}`);
  parts.push(`${info.seconds.toFixed(1)}s${info.best ? "  *" : ""}`);
  return parts.join("  ");
}

export function percent(v: number): string {
  return `${(100 * v).toFixed(2)}%`;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(5)));
}
