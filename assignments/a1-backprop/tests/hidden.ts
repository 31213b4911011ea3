/**
 * a1's hidden tests (grader only; never shown to students beyond name, pass/fail and diagnosis):
 * other sizes than the public ones (non-square, so a transpose cannot pass), a single example,
 * large logits (a softmax without the max subtraction overflows), other functions and shapes for
 * the gradient checker, and the spiral on other data.
 */
import { bpropTest, fpropTest } from "../../../grader/tests/module_tests";
import type { PartTests } from "../../../grader/tests/test_case";
import { activationTests, gradCheckTest, linearSpec, softmaxCeTest, spiralTrainingTest } from "./cases";

export const hiddenTests: PartTests = {
  linear_fprop: [fpropTest("a batch of 7, 5 → 6", "hidden", linearSpec(7, 5, 6)), fpropTest("one example, 1 → 4", "hidden", linearSpec(1, 1, 4))],
  linear_bprop: [bpropTest("a batch of 7, 5 → 6", "hidden", linearSpec(7, 5, 6)), bpropTest("one example, 3 → 1", "hidden", linearSpec(1, 3, 1))],
  sigmoid: activationTests("Sigmoid", "hidden", [6, 5], 6),
  tanh: activationTests("Tanh", "hidden", [6, 5], 4),
  relu: activationTests("ReLU", "hidden", [2, 3, 4], 3),
  softmax_ce: [softmaxCeTest("9 examples, 5 classes", "hidden", 9, 5, 2), softmaxCeTest("large logits (scale 500)", "hidden", 6, 4, 500)],
  grad_check: [gradCheckTest("a sum of sines over a 3×4 tensor", "hidden", "sinSum", [3, 4]), gradCheckTest("log-sum-exp of 6 values", "hidden", "logSumExp", [6])],
  mlp_spiral: [spiralTrainingTest("trained on other spiral data", "hidden", 0.9)],
};
