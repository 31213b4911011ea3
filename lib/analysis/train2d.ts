import { NesterovState, nesterov, nesterovTheta } from "../optim/nesterov";
import { AnyUpdateRule, getRule } from "../optim/registry";
import { UpdateRule } from "../optim/rule";
import { Schedule } from "../optim/schedules";
import { checkNumber, withDefaults } from "../util/options";
import { Objective } from "./quadratic";

export interface Train2dOptions {
  /** Starting point (default: the function's `start`, if it has one). */
  w0: ArrayLike<number> | null;
  /** Number of updates (default 100). */
  steps: number;
  /** Learning rate: a number or a schedule t ↦ η(t) (default: the rule's). */
  lr: number | Schedule;
  /** Stop once ‖∇f(w)‖ < tol (default 0: never). */
  tol: number;
  /** Count as diverged, and stop, once |f(w)| or any |w_i| exceeds this, or a value is not finite (default 1e12). */
  divergeAt: number;
}

/** The path of one optimizer run on a 2-D (or n-D) function. */
export interface Trajectory {
  /** The rule's name. */
  rule: string;
  /** w₀, w₁, ..., the iterates (each a plain array). */
  points: number[][];
  /** f(w_t) for each point. */
  losses: number[];
  /** The x and y coordinates of the points, ready for a plot (first two entries of each point). */
  xs: number[];
  ys: number[];
  /** Updates taken (points.length − 1). */
  steps: number;
  /** True when the run stopped because the iterates blew up (see `divergeAt`). */
  diverged: boolean;
  /** True when it stopped because ‖∇f‖ fell below `tol`. */
  converged: boolean;
}

/**
 * Runs an update rule from lib/optim on a function with an analytic gradient, recording the
 * trajectory (d2l's `train2d`): at each step g = f.grad(w) and `rule.step(w, g, state, hp, t)`
 * updates the 2-element Float64Array w in place, exactly as the `Optimizer` does for each
 * parameter tensor of a network, so the contour demo and the network use the same code.
 *
 *   train2d("momentum", valley, { lr: 0.1, momentum: 0.9, steps: 50 })
 *
 * Extra options are the rule's hyperparameters (unknown keys are rejected). For "nesterov" the
 * parameter holds the look-ahead point φ = θ + αv (see lib/optim/nesterov.ts), where the gradient
 * is taken; the trajectory records the lecture's iterate θ = φ − αv and f(θ).
 */
export function train2d(
  rule: AnyUpdateRule | string,
  f: Objective,
  options?: Partial<Train2dOptions> & Record<string, unknown>,
): Trajectory {
  const where = "train2d";
  const r = resolveRule(rule, where);
  if (f === null || typeof f !== "object" || typeof f.grad !== "function" || typeof f.value !== "function") {
    throw new Error(`${where}: f must have value(w) and grad(w), e.g. valley or rosenbrock; got ${String(f)}`);
  }
  const ruleDefaults = r.defaults as Record<string, unknown>;
  const opts = withDefaults<Record<string, unknown>>(
    `${where}(${r.name})`,
    { ...ruleDefaults, w0: null, steps: 100, lr: ruleDefaults.lr, tol: 0, divergeAt: 1e12 },
    options,
  );
  const { w0: w0Option, steps: stepsOption, lr, tol: tolOption, divergeAt: divergeOption, ...rest } = opts;
  const start = w0Option ?? (f as { start?: ArrayLike<number> }).start;
  if (start === undefined || start === null) throw new Error(`${where}: give w0, the starting point (${f.name} has no suggested start)`);
  if (typeof start !== "object" || (start as ArrayLike<number>).length !== f.dim) {
    throw new Error(`${where}: w0 must have ${f.dim} entries for ${f.name}, got ${String(start)}`);
  }
  const steps = checkNumber(where, "steps", stepsOption, { min: 0, integer: true });
  const tol = checkNumber(where, "tol", tolOption, { min: 0 });
  const divergeAt = checkNumber(where, "divergeAt", divergeOption, { min: 0, minExclusive: true });
  const schedule = typeof lr === "function" ? (lr as Schedule) : null;
  const hp = { ...rest, lr: schedule ? schedule(1) : lr } as Record<string, unknown> & { lr: number };
  r.validate(hp);

  const w = Float64Array.from(start as ArrayLike<number>, (v, i) => checkNumber(where, `w0[${i}]`, v));
  const g = new Float64Array(w.length);
  const state = r.init(w.length);
  const isNesterov = r.name === nesterov.name;
  const theta = new Float64Array(w.length);
  const out: Trajectory = { rule: r.name, points: [], losses: [], xs: [], ys: [], steps: 0, diverged: false, converged: false };
  const record = (): boolean => {
    const p = isNesterov ? nesterovTheta(w, state as NesterovState, hp.momentum as number, theta) : w;
    const loss = f.value(p);
    out.points.push(Array.from(p));
    out.losses.push(loss);
    out.xs.push(p[0]);
    out.ys.push(p.length > 1 ? p[1] : 0);
    // NaN fails every comparison, so this one test catches NaN, ±Infinity and values beyond divergeAt.
    let ok = loss <= divergeAt && loss >= -divergeAt;
    for (let i = 0; i < p.length; i++) if (!(p[i] <= divergeAt && p[i] >= -divergeAt)) ok = false;
    return ok;
  };

  if (!record()) out.diverged = true;
  for (let t = 1; t <= steps && !out.diverged; t++) {
    f.grad(w, g);
    if (tol > 0 && norm(g) < tol) {
      out.converged = true;
      break;
    }
    if (schedule) hp.lr = checkNumber(where, `lr(${t})`, schedule(t), { min: 0 });
    r.step(w, g, state, hp, t);
    out.steps = t;
    if (!record()) out.diverged = true;
  }
  return out;
}

function resolveRule(rule: AnyUpdateRule | string, where: string): UpdateRule<Record<string, unknown>, object> {
  const r: unknown = typeof rule === "string" ? getRule(rule, where) : rule;
  const o = r as Partial<AnyUpdateRule> | null;
  if (o === null || typeof o !== "object" || typeof o.step !== "function" || typeof o.init !== "function" || typeof o.validate !== "function" || typeof o.defaults !== "object") {
    throw new Error(`${where}: rule must be an update rule {name, defaults, validate, init, step} or a registered name such as "sgd"; got ${String(rule)}`);
  }
  return r as UpdateRule<Record<string, unknown>, object>;
}

function norm(g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return Math.sqrt(s);
}
