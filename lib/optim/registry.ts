import { UpdateRule } from "./rule";
import { adagrad } from "./adagrad";
import { adam } from "./adam";
import { adamw } from "./adamw";
import { momentum } from "./momentum";
import { nesterov } from "./nesterov";
import { rmsprop } from "./rmsprop";
import { rprop } from "./rprop";
import { sgd } from "./sgd";

/**
 * Any update rule, whatever its hyperparameters and state. The registry holds rules of different
 * types, so this is the one place that gives up the precise types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyUpdateRule = UpdateRule<any, any>;

/** The update rules by name, so that a trainer or a notebook can say `{ optimizer: "adam" }`. */
export const rules = Object.freeze({ sgd, momentum, nesterov, adagrad, rmsprop, rprop, adam, adamw });

export type RuleName = keyof typeof rules;

/**
 * The registered names, in the order the lectures introduce the methods. Typed as strings so
 * that `for (const name of ruleNames) getRule(name)` gives a rule usable with any options.
 */
export const ruleNames: readonly string[] = Object.freeze(Object.keys(rules));

/**
 * The update rule registered under `name`; an unknown name is an error listing the known ones,
 * e.g. `getRule: unknown optimizer "adma"; known optimizers are "sgd", "momentum", ...`.
 */
export function getRule<K extends RuleName>(name: K, where?: string): (typeof rules)[K];
export function getRule(name: string, where?: string): AnyUpdateRule;
export function getRule(name: string, where = "getRule"): AnyUpdateRule {
  // Own keys only, so that "toString" or "constructor" are not mistaken for rules.
  if (typeof name === "string" && Object.prototype.hasOwnProperty.call(rules, name)) {
    return rules[name as RuleName];
  }
  const known = ruleNames.map((k) => `"${k}"`).join(", ");
  const lower = typeof name === "string" ? name.toLowerCase() : "";
  const hint = lower !== name && Object.prototype.hasOwnProperty.call(rules, lower) ? ` (did you mean "${lower}"?)` : "";
  throw new Error(`${where}: unknown optimizer ${JSON.stringify(name) ?? String(name)}${hint}; known optimizers are ${known}`);
}
