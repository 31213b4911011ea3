/** Weight penalties λΩ(θ) (lecture 004): L2 and L1, as functions and as named Regularizers. */
export type { Regularizer } from "./regularizer";
export * from "./l2";
export * from "./l1";
export * from "./registry";
