/**
 * gradlab: a small deep-learning library for teaching. Everything a notebook, an assignment,
 * the grader or a test needs is exported here, so one line imports it:
 * `import { Tensor, Linear, gradcheck } from "gradlab";`
 */

// Numbers: tensors, shapes, seeded randomness, matrix products, small dense linear algebra.
export * from "./tensor/shape";
export * from "./tensor/random";
export * from "./tensor/tensor";
export { gemm, gemmReference, setGemmBackend, getGemmBackend, gemmPath, type GemmBackend } from "./tensor/gemm";
export { setGemmThreads, getGemmThreads } from "./tensor/gemm_threads";
export * from "./linalg/index";

// Flow-graph boxes: the Module contract, layers, activations, containers.
export * from "./nn/module";
export * from "./nn/buffers";
export * from "./nn/linear";
export * from "./nn/activations/index";
export * from "./nn/dropout";
export * from "./nn/batchnorm1d";
export * from "./nn/conv2d";
export * from "./nn/maxpool2d";
export * from "./nn/flatten";
export * from "./nn/sequential";

// Losses, penalties, initial weights.
export * from "./loss/index";
export * from "./regularize/index";
export * from "./init/initializers";

// Checking gradients, and the scalar autograd of the computational-graph lecture.
export * from "./check/rel_error";
export * from "./check/finite_diff";
export * from "./check/gradcheck";
export * from "./check/expect";
export * from "./autograd/value";

// Optimization and training.
export * from "./optim/index";
export * from "./train/index";
export * from "./analysis/index";
export * from "./data/index";

// Plots, and shared helpers.
export * from "./plot/index";
export * from "./util/options";
export * from "./util/repo_root";
