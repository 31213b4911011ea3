/** Losses: each returns `{ loss, grad }` with grad = dL/d(prediction), averaged over the batch. */
export type { LossOptions, LossResult } from "./loss_result";
export * from "./softmax_cross_entropy";
export * from "./mse";
export * from "./binary_cross_entropy";
export * from "./nll";
