/**
 * gradlab: a small deep-learning library for teaching. Everything a notebook, an assignment,
 * the grader or a test needs is exported here, so one line imports it:
 * `import { Tensor, Linear, gradcheck } from "gradlab";`
 */
export * from "./tensor/shape";
export * from "./tensor/random";
export * from "./tensor/tensor";
export { gemm, gemmReference } from "./tensor/gemm";
export * from "./util/options";
export * from "./util/repo_root";
export * from "./init/initializers";
export * from "./nn/module";
export * from "./nn/linear";
export * from "./check/rel_error";
export * from "./check/finite_diff";
export * from "./check/gradcheck";
export * from "./loss/index";
export * from "./nn/batchnorm1d";
export * from "./nn/activations/index";
export * from "./nn/dropout";
export * from "./nn/flatten";
export * from "./nn/sequential";
export * from "./autograd/value";
export * from "./regularize/index";
export * from "./nn/conv2d";
export * from "./nn/maxpool2d";
export * from "./analysis/index";
export * from "./data/index";
export * from "./optim/index";
export * from "./plot/index";
export * from "./train/index";
export * from "./nn/buffers";
export { setGemmBackend, getGemmBackend, gemmPath, type GemmBackend } from "./tensor/gemm";
export * from "./linalg/index";
