/**
 * a2's hidden tests (grader only; students see their names, pass/fail and diagnosis, never their
 * inputs): Rosenbrock from a random start, a 6-D quadratic with condition number 100 whose w is a
 * 2×3 matrix (a rule must work on any shape), other hyperparameters and more steps; the schedule
 * with other settings, including a decay at every step; a wider network on other data.
 */
import type { PartTests } from "../../../grader/tests/test_case";
import { quadratic, rosenbrock, ruleTest, scheduleTest, trainingTest } from "./cases";
import { adagradSpec, adamSpec, momentumSpec, nesterovSpec, rmspropSpec } from "./rules";

const rosen = "Rosenbrock from another start";
const q6 = "a 6-D quadratic (κ = 100) on a 2×3 w";

export const hiddenTests: PartTests = {
  momentum: [
    ruleTest(`${rosen}, 150 steps`, "hidden", momentumSpec, rosenbrock("random", 150, { lr: 2e-4, momentum: 0.8 })),
    ruleTest(`${q6}, 120 steps`, "hidden", momentumSpec, quadratic([2, 3], 0.1, 10, 120, { lr: 0.08, momentum: 0.7 })),
  ],
  nesterov: [
    ruleTest(`${rosen}, 150 steps`, "hidden", nesterovSpec, rosenbrock("random", 150, { lr: 2e-4, momentum: 0.8 })),
    ruleTest(`${q6}, 120 steps`, "hidden", nesterovSpec, quadratic([2, 3], 0.1, 10, 120, { lr: 0.08, momentum: 0.7 })),
  ],
  adagrad: [
    ruleTest(`${rosen}, 150 steps`, "hidden", adagradSpec, rosenbrock("random", 150, { lr: 0.05, eps: 0.1 })),
    ruleTest(`${q6}, 120 steps`, "hidden", adagradSpec, quadratic([2, 3], 0.1, 10, 120, { lr: 0.3, eps: 1e-3 })),
  ],
  rmsprop: [
    ruleTest(`${rosen}, 100 steps`, "hidden", rmspropSpec, rosenbrock("random", 100, { lr: 0.003, beta: 0.95, eps: 0.1 })),
    ruleTest(`${q6}, 100 steps`, "hidden", rmspropSpec, quadratic([2, 3], 0.1, 10, 100, { lr: 0.01, beta: 0.8, eps: 1e-2 })),
  ],
  adam: [
    ruleTest(`${rosen}, 150 steps`, "hidden", adamSpec, rosenbrock("random", 150, { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-3 })),
    ruleTest(`${q6}, 120 steps`, "hidden", adamSpec, quadratic([2, 3], 0.1, 10, 120, { lr: 0.05, beta1: 0.9, beta2: 0.99, eps: 1e-4 })),
  ],
  schedule: [
    scheduleTest("other settings, 30 steps and four out of order", "hidden", { lr: 0.05, stepSize: 7, gamma: 0.3, steps: 30, extra: [100, 8, 1, 57] }),
    scheduleTest("a decay at every step (stepSize 1)", "hidden", { lr: 1, stepSize: 1, gamma: 0.9, steps: 10, extra: [25] }),
  ],
  train_mlp: [trainingTest("a 2–64–3 ReLU network on other spiral data", "hidden", { data: "spiral", hidden: 64, activation: "ReLU" })],
};
