/** Optimization: update rules, the Optimizer class, learning-rate schedules, parameter EMA, Newton's method. */
export * from "./rule";
export type { EpsPlacement } from "./hyper";
export * from "./sgd";
export * from "./momentum";
export * from "./nesterov";
export * from "./adagrad";
export * from "./rmsprop";
export * from "./rprop";
export { adam } from "./adam";
export type { AdamHP, AdamState } from "./adam";
export * from "./adamw";
export * from "./registry";
export * from "./optimizer";
export * from "./schedules";
export * from "./ema";
export * from "./newton";
export * from "./tensor_rule";
