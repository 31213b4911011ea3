/** a1's public tests: run by check() in the student's notebook and by the grader, on fixed inputs. */
import { fpropTest, bpropTest } from "../../../grader/tests/module_tests";
import type { PartTests } from "../../../grader/tests/test_case";
import { activationTests, gradCheckTest, linearSpec, mlpSpec, softmaxCeTest, spiralTrainingTest } from "./cases";

export const publicTests: PartTests = {
  linear_fprop: [fpropTest("a batch of 4, 3 → 2", "public", linearSpec(4, 3, 2))],
  linear_bprop: [bpropTest("a batch of 4, 3 → 2", "public", linearSpec(4, 3, 2))],
  sigmoid: activationTests("Sigmoid", "public", [4, 3], 2),
  tanh: activationTests("Tanh", "public", [4, 3], 2),
  relu: activationTests("ReLU", "public", [4, 3], 1),
  softmax_ce: [softmaxCeTest("4 examples, 3 classes", "public", 4, 3, 1)],
  grad_check: [gradCheckTest("a quadratic in 5 variables", "public", "quadratic", [5])],
  mlp_spiral: [fpropTest("makeMLP(8, rng) is your Linear–ReLU–Linear", "public", mlpSpec(5, 8)), spiralTrainingTest("trained on the spiral", "public", 0.9)],
};
