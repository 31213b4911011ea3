/** Training: the fit loop with early stopping, evaluation helpers, and model selection (lecture 004). */
export * from "./trainer";
export * from "./evaluate";
export * from "./history";
export * from "./early_stopping";
export * from "./search";
