/**
 * a2's public tests: run by check() in the student's notebook and by the grader, on fixed inputs.
 * Each rule follows a rotated 2-D quadratic and Rosenbrock's function from its usual start; the
 * tests' ε are larger than the usual defaults so that where ε sits changes the trajectory.
 */
import type { PartTests } from "../../../grader/tests/test_case";
import { quadratic, rosenbrock, ruleTest, scheduleTest, trainingTest } from "./cases";
import { adagradSpec, adamSpec, momentumSpec, nesterovSpec, rmspropSpec } from "./rules";

const q2 = "a rotated 2-D quadratic (κ = 20), 30 steps";
const rosen = "Rosenbrock from (−1.2, 1), 50 steps";

export const publicTests: PartTests = {
  momentum: [
    ruleTest(`${q2}, η = 0.05, α = 0.9`, "public", momentumSpec, quadratic([2], 0.5, 10, 30, { lr: 0.05, momentum: 0.9 })),
    ruleTest(`${rosen}, η = 0.001, α = 0.9`, "public", momentumSpec, rosenbrock([-1.2, 1], 50, { lr: 1e-3, momentum: 0.9 })),
  ],
  nesterov: [
    ruleTest(`${q2}, η = 0.05, α = 0.9`, "public", nesterovSpec, quadratic([2], 0.5, 10, 30, { lr: 0.05, momentum: 0.9 })),
    ruleTest(`${rosen}, η = 0.001, α = 0.9`, "public", nesterovSpec, rosenbrock([-1.2, 1], 50, { lr: 1e-3, momentum: 0.9 })),
  ],
  adagrad: [
    ruleTest(`${q2}, η = 0.5, ε = 0.01`, "public", adagradSpec, quadratic([2], 0.5, 10, 30, { lr: 0.5, eps: 1e-2 })),
    ruleTest(`${rosen}, η = 0.1, ε = 1`, "public", adagradSpec, rosenbrock([-1.2, 1], 50, { lr: 0.1, eps: 1 })),
  ],
  rmsprop: [
    ruleTest(`${q2}, η = 0.02, β = 0.9, ε = 0.01`, "public", rmspropSpec, quadratic([2], 0.5, 10, 30, { lr: 0.02, beta: 0.9, eps: 1e-2 })),
    ruleTest(`${rosen}, η = 0.01, β = 0.9, ε = 1`, "public", rmspropSpec, rosenbrock([-1.2, 1], 50, { lr: 0.01, beta: 0.9, eps: 1 })),
  ],
  adam: [
    ruleTest(`${q2}, η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 0.001`, "public", adamSpec, quadratic([2], 0.5, 10, 30, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-3 })),
    ruleTest(`${rosen}, η = 0.05, β₁ = 0.9, β₂ = 0.999, ε = 0.001`, "public", adamSpec, rosenbrock([-1.2, 1], 50, { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-3 })),
  ],
  schedule: [scheduleTest("stepDecaySchedule(0.1, 5, 0.5), steps 1–20 and three out of order", "public", { lr: 0.1, stepSize: 5, gamma: 0.5, steps: 20, extra: [12, 3, 40] })],
  train_mlp: [trainingTest("a 2–32–3 ReLU network on the spiral", "public", { data: "spiral", hidden: 32, activation: "ReLU" })],
};
