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
  // 20 s); 1.5 s is a wide margin, and keeps a looping submission from holding up a class.
  limits: { testMs: 1_500, cellMs: 3_000 },
};
