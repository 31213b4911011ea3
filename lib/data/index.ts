/** Data sets and data handling: synthetic toys, the digits, batches, splits, normalization. */
export * from "./dataset";
export * from "./check";
export * from "./apportion";
export * from "./batches";
export * from "./split";
export * from "./synthetic";
export * from "./regression";
export * from "./digits";
export * from "./normalize";
