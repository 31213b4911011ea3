/** Optimization analysis (lecture 001): the quadratic model of GD convergence, 2-D test functions, train2d. */
export * from "./quadratic";
export * from "./functions2d";
export * from "./train2d";
