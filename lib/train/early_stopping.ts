import { Dataset, isClassification } from "../data/dataset";
import { Module, Param } from "../nn/module";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";

export interface EarlyStoppingOptions {
  /** Epochs without improvement to wait before stopping (default 5): the lectures' "look ahead". */
  patience: number;
  /** "valLoss" (default, lower is better) or "valAccuracy" (higher is better). */
  monitor: "valLoss" | "valAccuracy";
  /** An epoch improves only if it beats the best by more than this (default 0). */
  minDelta: number;
}

/**
 * Early stopping (lecture 004, "KNOWING WHEN TO STOP"): stop training when the validation error
 * has not improved for `patience` epochs, and keep the best epoch's model.
 *
 * `update(epoch, value)` records one epoch and says whether it is a new best; `shouldStop` turns
 * true after `patience` epochs in a row without one.
 */
export class EarlyStopping {
  readonly patience: number;
  readonly monitor: "valLoss" | "valAccuracy";
  readonly minDelta: number;
  bestEpoch = 0;
  bestValue = NaN;
  /** Epochs since the last improvement. */
  wait = 0;

  constructor(options: Partial<EarlyStoppingOptions>, val: Dataset | null, where: string) {
    const w = `${where}: earlyStopping`;
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new Error(`${w} must be true or an object like { patience: 5, monitor: "valLoss", minDelta: 0 }, got ${String(options)}`);
    }
    const opts = withDefaults<EarlyStoppingOptions>(w, { patience: 5, monitor: "valLoss", minDelta: 0 }, options);
    this.patience = checkNumber(w, "patience", opts.patience, { min: 1, integer: true });
    this.minDelta = checkNumber(w, "minDelta", opts.minDelta, { min: 0 });
    if (opts.monitor !== "valLoss" && opts.monitor !== "valAccuracy") {
      throw new Error(`${w}: monitor must be "valLoss" or "valAccuracy", got ${JSON.stringify(opts.monitor) ?? String(opts.monitor)}`);
    }
    this.monitor = opts.monitor;
    if (val === null) throw new Error(`${w} needs a validation set: pass val (e.g. from trainValTestSplit)`);
    if (this.monitor === "valAccuracy" && !isClassification(val)) {
      throw new Error(`${w}: monitor "valAccuracy" needs class labels, but val has regression targets; monitor "valLoss"`);
    }
  }

  /** Records the monitored value of `epoch`; returns true when it is the new best. */
  update(epoch: number, value: number): boolean {
    const improved =
      Number.isNaN(this.bestValue)
        ? !Number.isNaN(value)
        : this.monitor === "valLoss"
          ? value < this.bestValue - this.minDelta
          : value > this.bestValue + this.minDelta;
    if (improved) {
      this.bestEpoch = epoch;
      this.bestValue = value;
      this.wait = 0;
    } else {
      this.wait++;
    }
    return improved;
  }

  get shouldStop(): boolean {
    return this.wait >= this.patience;
  }
}

/**
 * A copy of a model's parameters, plus the running statistics of BatchNorm-like layers (tensor
 * fields named `running…`, which are state but not parameters), saved into buffers allocated
 * once and written back in place, so every reference to the model's tensors stays valid.
 */
export class WeightSnapshot {
  private readonly targets: Float64Array[];
  private readonly copies: Float64Array[];

  constructor(model: Module, params: readonly Param[]) {
    this.targets = [...params.map((p) => p.value.data), ...runningStatistics(model).map((t) => t.data)];
    this.copies = this.targets.map((t) => new Float64Array(t.length));
  }

  save(): void {
    for (let i = 0; i < this.targets.length; i++) this.copies[i].set(this.targets[i]);
  }

  restore(): void {
    for (let i = 0; i < this.targets.length; i++) this.targets[i].set(this.copies[i]);
  }
}

/** Tensor fields whose names start with "running" in the model and every module below it. */
export function runningStatistics(model: Module): Tensor[] {
  const out: Tensor[] = [];
  const seen = new Set<Module>();
  const visit = (m: Module): void => {
    if (seen.has(m)) return;
    seen.add(m);
    for (const [key, value] of Object.entries(m)) {
      if (key.startsWith("running") && value instanceof Tensor) out.push(value);
    }
    for (const c of m.children()) visit(c);
  };
  visit(model);
  return out;
}
