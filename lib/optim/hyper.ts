import { checkNumber } from "../util/options";

/**
 * Small checks shared by the update rules (lib/optim/*.ts), so that every rule rejects a bad
 * hyperparameter with the same kind of message: `adam: beta1 must be a finite number >= 0 and < 1, got 1`.
 */

/**
 * Where AdaGrad and RMSProp put the small constant ε (the lectures' δ):
 * - "inside" (the lectures, default): η g / √(r + ε)
 * - "outside" (PyTorch's `Adagrad`/`RMSprop`): η g / (√r + ε)
 */
export type EpsPlacement = "inside" | "outside";

export const EPS_PLACEMENTS: readonly EpsPlacement[] = ["inside", "outside"];

/** The learning rate η: a finite number ≥ 0 (0 freezes the weights; negative would ascend). */
export function checkLr(where: string, lr: unknown): number {
  return checkNumber(where, "lr", lr, { min: 0 });
}

/** A decay rate such as β, β₁, β₂ or α: a number in [0, 1). */
export function checkDecay(where: string, name: string, value: unknown): number {
  return checkNumber(where, name, value, { min: 0, max: 1, maxExclusive: true });
}

/** One of a fixed list of strings, e.g. `form` ∈ {"lecture", "pytorch"}. */
export function checkChoice<T extends string>(where: string, name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    const list = choices.map((c) => `"${c}"`).join(" or ");
    throw new Error(`${where}: ${name} must be ${list}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value as T;
}

/**
 * Throws unless the gradient and each state array have as many entries as w. Called at the top
 * of every step; it compares lengths only, so it costs nothing per element and allocates nothing.
 */
export function checkStepSizes(where: string, w: Float64Array, g: Float64Array, s1?: Float64Array, s2?: Float64Array): void {
  if (!(w instanceof Float64Array) || !(g instanceof Float64Array)) {
    throw new Error(`${where}.step: w and g must be Float64Arrays of the same length`);
  }
  if (g.length !== w.length) {
    throw new Error(`${where}.step: g has ${g.length} entries but w has ${w.length}; they must be equal`);
  }
  // Two fixed slots rather than a rest parameter: a rest parameter would allocate an array per step.
  if ((s1 !== undefined && s1.length !== w.length) || (s2 !== undefined && s2.length !== w.length)) {
    const n = s1 !== undefined && s1.length !== w.length ? s1.length : (s2 as Float64Array).length;
    throw new Error(`${where}.step: the state has ${n} entries but w has ${w.length}; create it with ${where}.init(${w.length})`);
  }
}
