import { Rng } from "../tensor/random";
import { checkNumber, withDefaults } from "../util/options";
import { formatNumber } from "./history";

/** A hyperparameter configuration: name → value. */
export type Config = Record<string, unknown>;

/**
 * What a trial returns: numbers such as { valLoss, valAccuracy, trainLoss }, or one number (taken
 * as the objective). The objective is `valLoss` (lower is better) or `score` (higher is better)
 * unless `metric` says otherwise; every other number is shown in the table as well.
 */
export type TrialResult = Record<string, number> | number;

export interface SearchOptions {
  /** The number that ranks trials (default: "score" if the results have it, else "valLoss"). */
  metric: string | null;
  /** "min" or "max" (default: "max" for names containing "score" or "acc", else "min"). */
  mode: "min" | "max" | null;
  /** Record a trial that throws as failed (its error in the table) and go on (default true). */
  catchErrors: boolean;
}

export interface Trial {
  /** 1-based position in the order the trials ran. */
  trial: number;
  config: Config;
  metrics: Record<string, number>;
  /** The objective (NaN for a failed trial). */
  value: number;
  seconds: number;
  /** The error message of a failed trial. */
  error: string | null;
}

/**
 * The trials of a search, best first (failed and NaN trials last), with `best` and a printable
 * table (lecture 004, "MODEL SELECTION": select the configuration by validation performance).
 */
export class SearchResults {
  constructor(
    readonly trials: readonly Trial[],
    readonly metric: string,
    readonly mode: "min" | "max",
  ) {}

  get best(): Trial {
    return this.trials[0];
  }

  toString(): string {
    const keys = [...new Set(this.trials.flatMap((t) => Object.keys(t.config)))];
    const metricKeys = [this.metric, ...new Set(this.trials.flatMap((t) => Object.keys(t.metrics)).filter((k) => k !== this.metric))];
    const header = ["rank", ...keys, ...metricKeys.map((k) => (k === this.metric ? `${k} (${this.mode})` : k)), "seconds"];
    const rows = this.trials.map((t, i) => [
      String(i + 1),
      ...keys.map((k) => formatValue(t.config[k])),
      ...metricKeys.map((k) => (k in t.metrics ? formatNumber(t.metrics[k]) : t.error !== null && k === this.metric ? "failed" : "")),
      t.seconds.toFixed(2),
    ]);
    const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    const lines = [header, ...rows].map((r) => r.map((c, j) => c.padStart(widths[j])).join("  "));
    for (const t of this.trials) if (t.error !== null) lines.push(`trial ${t.trial} failed: ${t.error}`);
    return lines.join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * Grid search: runs `run` on every combination of the listed values (the Cartesian product, the
 * last key varying fastest) and returns the trials sorted best first.
 * Example: `gridSearch({ lr: [1e-3, 1e-2], hidden: [32, 64] }, (c) => ({ valLoss: ... }))` runs 4 trials.
 */
export function gridSearch<C extends Config = Config>(
  space: { [K in keyof C]: readonly C[K][] },
  run: (config: C) => TrialResult,
  options?: Partial<SearchOptions>,
): SearchResults {
  const where = "gridSearch";
  const opts = withDefaults<SearchOptions>(where, { metric: null, mode: null, catchErrors: true }, options);
  if (space === null || typeof space !== "object" || Array.isArray(space) || Object.keys(space).length === 0) {
    throw new Error(`${where}: space must be an object of value lists, e.g. { lr: [0.01, 0.1], hidden: [32, 64] }; got ${String(space)}`);
  }
  checkRun(run, where);
  const keys = Object.keys(space);
  for (const k of keys) {
    const values = (space as Record<string, unknown>)[k];
    if (!Array.isArray(values) || values.length === 0) {
      throw new Error(`${where}: space.${k} must be a non-empty array of values to try, got ${Array.isArray(values) ? "[]" : String(values)}`);
    }
  }
  const configs: Config[] = [{}];
  for (const k of keys) {
    const values = (space as Record<string, unknown[]>)[k];
    const next: Config[] = [];
    for (const c of configs) for (const v of values) next.push({ ...c, [k]: v });
    configs.splice(0, configs.length, ...next);
  }
  return runTrials(configs as C[], run, opts, where);
}

/** A distribution of one hyperparameter, for `randomSearch`. */
export interface Distribution<T = unknown> {
  sample(rng: Rng): T;
  /** E.g. "logUniform(0.0001, 0.1)". */
  readonly description: string;
}

/** Uniform on [low, high). */
export function uniform(low: number, high: number): Distribution<number> {
  checkRange("uniform", low, high);
  return { sample: (rng) => rng.uniformIn(low, high), description: `uniform(${low}, ${high})` };
}

/** Log-uniform on [low, high): log η uniform, so each decade is equally likely (learning rates, λ). */
export function logUniform(low: number, high: number): Distribution<number> {
  checkRange("logUniform", low, high);
  if (!(low > 0)) throw new Error(`logUniform: low must be > 0 (a logarithm is taken), got ${low}`);
  const a = Math.log(low);
  const b = Math.log(high);
  return { sample: (rng) => Math.exp(rng.uniformIn(a, b)), description: `logUniform(${low}, ${high})` };
}

/** A uniform integer in [low, high], both ends included. */
export function randInt(low: number, high: number): Distribution<number> {
  checkNumber("randInt", "low", low, { integer: true });
  checkNumber("randInt", "high", high, { integer: true, min: low });
  return { sample: (rng) => low + rng.int(high - low + 1), description: `randInt(${low}, ${high})` };
}

/** One of the listed values, each equally likely. */
export function choice<T>(values: readonly T[]): Distribution<T> {
  if (!Array.isArray(values) || values.length === 0) throw new Error(`choice: values must be a non-empty array, got ${String(values)}`);
  const copy = [...values];
  return { sample: (rng) => copy[rng.int(copy.length)], description: `choice([${copy.map(formatValue).join(", ")}])` };
}

/**
 * Random search: draws `trials` configurations, each hyperparameter independently from its
 * distribution (a plain array is `choice(array)`, any other value is a constant), runs `run`
 * on each and returns the trials sorted best first. The same rng seed draws the same configurations.
 * Example: `randomSearch({ lr: logUniform(1e-4, 1e-1), hidden: choice([32, 64]) }, 20, new Rng(0), run)`.
 */
export function randomSearch<C extends Config = Config>(
  distributions: Record<string, Distribution | readonly unknown[] | unknown>,
  trials: number,
  rng: Rng,
  run: (config: C) => TrialResult,
  options?: Partial<SearchOptions>,
): SearchResults {
  const where = "randomSearch";
  const opts = withDefaults<SearchOptions>(where, { metric: null, mode: null, catchErrors: true }, options);
  if (distributions === null || typeof distributions !== "object" || Array.isArray(distributions) || Object.keys(distributions).length === 0) {
    throw new Error(`${where}: distributions must be an object like { lr: logUniform(1e-4, 1e-1), hidden: choice([32, 64]) }; got ${String(distributions)}`);
  }
  checkNumber(where, "trials", trials, { min: 1, integer: true });
  if (!(rng instanceof Rng)) throw new Error(`${where}: rng must be an Rng (e.g. new Rng(0)), got ${String(rng)}`);
  checkRun(run, where);
  const samplers = Object.entries(distributions).map(([k, d]): [string, (r: Rng) => unknown] => {
    if (isDistribution(d)) return [k, (r) => d.sample(r)];
    if (Array.isArray(d)) {
      const c = choice(d);
      return [k, (r) => c.sample(r)];
    }
    return [k, () => d];
  });
  const configs: Config[] = [];
  for (let t = 0; t < trials; t++) configs.push(Object.fromEntries(samplers.map(([k, sample]) => [k, sample(rng)])));
  return runTrials(configs as C[], run, opts, where);
}

function runTrials<C extends Config>(configs: C[], run: (config: C) => TrialResult, opts: SearchOptions, where: string): SearchResults {
  const done: Trial[] = [];
  let metric = opts.metric;
  for (let i = 0; i < configs.length; i++) {
    const config = configs[i];
    const start = Date.now();
    let metrics: Record<string, number> = {};
    let error: string | null = null;
    try {
      metrics = toMetrics(run({ ...config }), where, i + 1);
    } catch (e) {
      if (!opts.catchErrors || (e instanceof Error && e.message.startsWith(`${where}: trial`))) throw e;
      error = e instanceof Error ? e.message : String(e);
    }
    if (metric === null && error === null) metric = "score" in metrics ? "score" : "valLoss";
    done.push({ trial: i + 1, config, metrics, value: NaN, seconds: (Date.now() - start) / 1000, error });
  }
  if (done.every((t) => t.error !== null)) throw new Error(`${where}: all ${done.length} trials failed; the first error: ${done[0].error}`);
  const key = metric as string;
  for (const t of done) {
    if (t.error !== null) continue;
    if (!(key in t.metrics)) {
      throw new Error(`${where}: trial ${t.trial} returned {${Object.keys(t.metrics).join(", ")}}, which has no "${key}"; return { valLoss } or { score }, or set the metric option`);
    }
    t.value = t.metrics[key];
  }
  const mode = opts.mode ?? (/score|acc/i.test(key) ? "max" : "min");
  if (mode !== "min" && mode !== "max") throw new Error(`${where}: mode must be "min" or "max", got ${String(mode)}`);
  const sign = mode === "min" ? 1 : -1;
  // Stable sort (ties keep trial order); NaN and failed trials go last.
  const sorted = [...done].sort((a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return sign * (a.value - b.value);
  });
  return new SearchResults(sorted, key, mode);
}

function toMetrics(result: TrialResult, where: string, trial: number): Record<string, number> {
  if (typeof result === "number") return { score: result };
  if (result === null || typeof result !== "object") {
    throw new Error(`${where}: trial ${trial}: run must return numbers like { valLoss: 0.3 } or a number, got ${String(result)}`);
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(result)) if (typeof v === "number") out[k] = v;
  return out;
}

function checkRun(run: unknown, where: string): void {
  if (typeof run !== "function") throw new Error(`${where}: run must be a function (config) => { valLoss } or { score }, got ${String(run)}`);
}

function checkRange(where: string, low: number, high: number): void {
  checkNumber(where, "low", low);
  checkNumber(where, "high", high, { min: low, minExclusive: true });
}

function isDistribution(d: unknown): d is Distribution {
  return d !== null && typeof d === "object" && typeof (d as Distribution).sample === "function";
}

function formatValue(v: unknown): string {
  return typeof v === "number" ? formatNumber(v) : typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
}
