/**
 * a2-optimizers: momentum, Nesterov, AdaGrad, RMSProp and Adam as pure update rules on tensors,
 * a step-decay learning-rate schedule, and a network trained with the student's Adam.
 */
import type { AssignmentSpec } from "../../grader/assignment/spec";

export const spec: AssignmentSpec = {
  name: "a2-optimizers",
  title: "Optimizers: update rules from momentum to Adam",
  // The library's rules and everything that hands one out (the registry, createOptimizer; the
  // runner also refuses these names as strings given to Optimizer and train2d), its step-decay
  // schedule and the two that compute it (piecewise with boundaries every stepSize steps, the
  // `schedules` table). Optimizer, tensorRule, fit, the layers and the plots stay allowed: the
  // training part needs them.
  banned: [
    "sgd",
    "momentum",
    "nesterov",
    "nesterovTheta",
    "adagrad",
    "rmsprop",
    "rprop",
    "adam",
    "adamw",
    "rules",
    "getRule",
    "createOptimizer",
    "stepDecaySchedule",
    "piecewiseSchedule",
    "schedules",
  ],
  parts: [
    { id: "momentum", title: "SGD with momentum", cells: ["answer_momentum"] },
    { id: "nesterov", title: "Nesterov's accelerated gradient", cells: ["answer_nesterov"] },
    { id: "adagrad", title: "AdaGrad", cells: ["answer_adagrad"] },
    { id: "rmsprop", title: "RMSProp", cells: ["answer_rmsprop"] },
    { id: "adam", title: "Adam with bias correction", cells: ["answer_adam"] },
    { id: "schedule", title: "A step-decay learning-rate schedule", cells: ["answer_schedule"] },
    { id: "train_mlp", title: "A network trained with your Adam", cells: ["answer_adam", "answer_train"] },
  ],
  limits: { testMs: 10_000 },
};
