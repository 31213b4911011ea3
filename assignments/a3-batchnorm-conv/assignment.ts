/**
 * a3-batchnorm-conv: batch normalization (training, evaluation, running statistics), a strided
 * and padded convolution, max pooling, each with fprop/bprop written vectorized on Tensor, and an
 * experiment on how the weights' scale decides the signal's spread through a deep network.
 */
import type { AssignmentSpec } from "../../grader/assignment/spec";

export const spec: AssignmentSpec = {
  name: "a3-batchnorm-conv",
  title: "Batch normalization, convolution and pooling",
  // The library's own versions of the graded boxes, and what would compute them or the
  // experiment for the student: the plain-loop convolution and its gradients, the named weight initializers (a
  // `normalFanIn(scale)` is the experiment's whole recipe), `Linear`, whose `init` option would
  // draw the weights by name, and the gradient checkers.
  banned: [
    "BatchNorm1d",
    "Conv2d",
    "conv2dReference",
    "conv2dReferenceGrads",
    "MaxPool2d",
    "Linear",
    "normalFanIn",
    "xavierUniform",
    "xavierNormal",
    "heNormal",
    "heUniform",
    "getInitializer",
    "initializers",
    "numericalGradient",
    "numericalGradientArray",
    "partialDerivative",
    "sparseGradientCheck",
    "gradcheck",
  ],
  parts: [
    { id: "batchnorm_fprop", title: "BatchNorm1d: fprop in training mode", cells: ["answer_batchnorm"] },
    { id: "batchnorm_eval", title: "BatchNorm1d: running statistics and evaluation mode", cells: ["answer_batchnorm"] },
    { id: "batchnorm_bprop", title: "BatchNorm1d: bprop", cells: ["answer_batchnorm"] },
    { id: "conv_fprop", title: "Conv2d: fprop with stride and padding", cells: ["answer_conv"] },
    { id: "conv_bprop", title: "Conv2d: bprop", cells: ["answer_conv"] },
    { id: "maxpool", title: "MaxPool2d: fprop and bprop", cells: ["answer_maxpool"] },
    { id: "init_experiment", title: "Signal spread through depth", cells: ["answer_init"] },
  ],
  limits: { testMs: 10_000 },
};
