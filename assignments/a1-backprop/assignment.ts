/**
 * a1-backprop: the flow-graph boxes of a multilayer perceptron, written by the student with
 * fprop/bprop, a softmax cross-entropy, a gradient checker, and a 2-layer network on the spiral.
 */
import type { AssignmentSpec } from "../../grader/assignment/spec";

export const spec: AssignmentSpec = {
  name: "a1-backprop",
  title: "Backpropagation: boxes with fprop and bprop",
  // The library's versions of what this assignment grades, and what would compute it for the
  // student: the boxes, the loss and its softmax (log-softmax and the NLL loss would make it up
  // between them), autodiff, and the library's gradient checkers.
  banned: [
    "Linear",
    "ElementwiseActivation",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "LeakyReLU",
    "Softplus",
    "Softmax",
    "softmax",
    "logSoftmax",
    "LogSoftmax",
    "nllLoss",
    "softmaxCrossEntropy",
    "resolveLoss",
    "Value",
    "numericalGradient",
    "numericalGradientArray",
    "partialDerivative",
    "sparseGradientCheck",
    "gradcheck",
  ],
  parts: [
    { id: "linear_fprop", title: "Linear: fprop", cells: ["answer_linear"] },
    { id: "linear_bprop", title: "Linear: bprop", cells: ["answer_linear"] },
    { id: "sigmoid", title: "Sigmoid", cells: ["answer_sigmoid"] },
    { id: "tanh", title: "Tanh", cells: ["answer_tanh"] },
    { id: "relu", title: "ReLU", cells: ["answer_relu"] },
    { id: "softmax_ce", title: "Softmax cross-entropy", cells: ["answer_softmax_ce"] },
    { id: "grad_check", title: "Gradient checker", cells: ["answer_grad_check"] },
    { id: "mlp_spiral", title: "A 2-layer network on the spiral", cells: ["answer_linear", "answer_relu", "answer_softmax_ce", "answer_mlp"] },
  ],
  // Every test's calls take milliseconds with a correct solution (the training test has its own
  // 20 s): in a batch of 300 with --jobs 2 the slowest call of any other test took 111 ms (the
  // first call after a runner restart). 1 s leaves a 9× margin and keeps a looping submission
  // from holding up a class: each timeout costs a whole core for the limit.
  limits: { testMs: 1_000, cellMs: 3_000 },
};
