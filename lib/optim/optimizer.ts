import { Param } from "../nn/module";
import { Tensor } from "../tensor/tensor";
import { assertSameShape } from "../tensor/shape";
import { checkNumber, withDefaults } from "../util/options";
import { AnyUpdateRule, RuleName, getRule, rules } from "./registry";
import { UpdateRule } from "./rule";
import { Schedule } from "./schedules";

/** A learning rate: a fixed number, or a schedule t ↦ η(t) (t = 1 on the first step; see `Schedule` for the numbering). */
export type LearningRate = number | Schedule;

/**
 * The options of an optimizer: the rule's hyperparameters (each optional, defaulting to the
 * rule's `defaults`) plus `lr`, a number or a schedule.
 */
export type OptimizerOptions<HP> = Partial<Omit<HP, "lr">> & { lr?: LearningRate };

type HPOf<R> = R extends UpdateRule<infer HP, object> ? HP : never;

/**
 * The imperative shell around a pure update rule (lib/optim/rule.ts), for training a model:
 *
 *   const opt = new Optimizer(model.params(), "adam", { lr: 0.01 });
 *   for (...) { opt.zeroGrad(); loss = ...; model.bprop(grad); opt.step(); }
 *
 * `step()` applies the rule to every parameter, in place, with that parameter's own state
 * (named after the parameter: "0.W/m", "0.W/v", ...; see `state()`), and counts steps t = 1, 2, ...
 * A step allocates no arrays: the states are created once, here, and the rules write in place.
 *
 * Options are checked once, here: unknown keys (a typo such as `betas1`) and bad values (a
 * negative lr, beta1 = 1) are errors that name the rule and what was expected. A schedule's rate
 * is checked on every step.
 */
export class Optimizer<HP extends object = Record<string, unknown>, S extends object = object> {
  readonly rule: UpdateRule<HP, S>;
  readonly params: readonly Param[];
  /** Number of steps taken so far; the next step is t + 1. */
  t = 0;
  private readonly hp: HP & { lr: number };
  private readonly schedule: Schedule | null;
  private readonly states: S[];
  /** The state-slot prefix of each parameter: its name, made unique with "#2", "#3", ... */
  private readonly slotNames: string[];

  constructor(params: readonly Param[], rule: UpdateRule<HP, S> | string, options?: OptimizerOptions<HP>) {
    const resolved: unknown = typeof rule === "string" ? getRule(rule, "Optimizer") : rule;
    if (!isRule(resolved)) {
      const known = Object.keys(rules).map((k) => `"${k}"`).join(", ");
      throw new Error(
        `Optimizer: rule must be an UpdateRule {name, defaults, validate, init, step} or one of ${known}; got ${String(rule)}`,
      );
    }
    this.rule = resolved as UpdateRule<HP, S>;
    const where = `Optimizer(${this.rule.name})`;
    this.params = checkParams(params, where);

    const merged = withDefaults<Record<string, unknown>>(
      where,
      { lr: undefined, ...(this.rule.defaults as Record<string, unknown>) },
      options as Record<string, unknown> | undefined,
    );
    const lr = merged.lr;
    this.schedule = typeof lr === "function" ? (lr as Schedule) : null;
    // Validate with the rate of the first step, so a bad schedule fails here and not mid-training.
    merged.lr = this.schedule ? checkedRate(this.rule.name, this.schedule, 1) : checkNumber(where, "lr", lr, { min: 0 });
    this.hp = merged as HP & { lr: number };
    this.rule.validate(this.hp);

    this.states = this.params.map((p) => this.rule.init(p.value.size));
    const seen = new Map<string, number>();
    this.slotNames = this.params.map((p) => {
      const n = (seen.get(p.name) ?? 0) + 1;
      seen.set(p.name, n);
      return n === 1 ? p.name : `${p.name}#${n}`;
    });
  }

  /** The learning rate the next `step()` will use (η(t + 1) for a schedule). */
  get lr(): number {
    return this.schedule ? checkedRate(this.rule.name, this.schedule, this.t + 1) : this.hp.lr;
  }

  /** The hyperparameters in use (lr is the rate of the last step, or of the first before any step). */
  get hyperparameters(): Readonly<HP & { lr: number }> {
    return { ...this.hp };
  }

  /** One update of every parameter with its gradient; call after `bprop`. */
  step(): void {
    const t = this.t + 1;
    if (this.schedule) this.hp.lr = checkedRate(this.rule.name, this.schedule, t);
    const { params, states, rule, hp } = this;
    for (let i = 0; i < params.length; i++) {
      rule.step(params[i].value.data, params[i].grad.data, states[i], hp, t);
    }
    this.t = t;
  }

  /** Sets every parameter's gradient to 0 (bprop accumulates with +=). */
  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }

  /**
   * The rule's state arrays by slot name, "<param name>/<state name>", e.g. "0.W/m" and "0.W/v"
   * for Adam. The arrays are the live state (read them; writing changes the next step).
   */
  state(): Record<string, Float64Array> {
    const out: Record<string, Float64Array> = {};
    this.states.forEach((s, i) => {
      for (const [key, value] of Object.entries(s)) {
        if (value instanceof Float64Array) out[`${this.slotNames[i]}/${key}`] = value;
      }
    });
    return out;
  }
}

/**
 * `new Optimizer(params, getRule(name), options)`, typed by the rule's name:
 * `createOptimizer("adam", model.params(), { lr: 0.01, beta2: 0.99 })`.
 */
export function createOptimizer<K extends RuleName>(
  name: K,
  params: readonly Param[],
  options?: OptimizerOptions<HPOf<(typeof rules)[K]>>,
): Optimizer<HPOf<(typeof rules)[K]>>;
export function createOptimizer(name: string, params: readonly Param[], options?: Record<string, unknown>): Optimizer;
export function createOptimizer(name: string, params: readonly Param[], options?: Record<string, unknown>): Optimizer {
  const rule: AnyUpdateRule = getRule(name, "createOptimizer");
  return new Optimizer(params, rule, options);
}

function isRule(r: unknown): r is AnyUpdateRule {
  if (r === null || typeof r !== "object") return false;
  const o = r as Record<string, unknown>;
  return typeof o.name === "string" && typeof o.defaults === "object" && typeof o.validate === "function" &&
    typeof o.init === "function" && typeof o.step === "function";
}

/** η(t) from a schedule, checked; takes the rule's name so that the message is built only on failure. */
function checkedRate(ruleName: string, schedule: Schedule, t: number): number {
  const lr = schedule(t);
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
    throw new Error(`Optimizer(${ruleName}): the learning-rate schedule returned ${String(lr)} at step ${t}; expected a finite number >= 0`);
  }
  return lr;
}

function checkParams(params: readonly Param[], where: string): Param[] {
  const example = "e.g. new Optimizer(model.params(), \"sgd\", { lr: 0.1 })";
  if (!Array.isArray(params)) throw new Error(`${where}: params must be an array of Param, ${example}; got ${String(params)}`);
  if (params.length === 0) throw new Error(`${where}: the list of params is empty; nothing to optimize (${example})`);
  params.forEach((p, i) => {
    if (p === null || typeof p !== "object" || !(p.value instanceof Tensor) || !(p.grad instanceof Tensor)) {
      throw new Error(`${where}: params[${i}] is not a Param {name, value, grad, regularize}; ${example}`);
    }
    assertSameShape(p.value.shape, p.grad.shape, `${where}: param "${p.name}"`, ["value", "grad"]);
    const first = params.indexOf(p);
    if (first !== i) {
      throw new Error(
        `${where}: params[${i}] ("${p.name}") is the same Param as params[${first}]; it would be updated twice per step`,
      );
    }
  });
  return [...params];
}
