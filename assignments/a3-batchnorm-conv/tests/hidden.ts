/**
 * a3's hidden tests (grader only; students see their names, pass/fail and diagnosis): a batch of
 * 2, other ε and momentum, features with means around 10⁶ (a variance taken as E[x²] − μ² loses
 * its digits there), one example in evaluation mode, the statistics right after construction;
 * non-square images and kernels, strides and paddings per axis, a 1×1 and an image-sized kernel;
 * overlapping pooling windows with padding, ties where windows overlap, non-square windows, large
 * values; and ReLU networks and other sizes for the experiment.
 */
import { bpropTest, fpropTest } from "../../../grader/tests/module_tests";
import type { PartTests, TestCase } from "../../../grader/tests/test_case";
import { batchnormEvalTest } from "./batchnorm_running";
import { ConvCase, PoolCase, batchnormSpec, convSpec, poolSpec } from "./cases";
import { initExperimentTest } from "./init_experiment";

const bn = {
  pair: batchnormSpec(2, 3),
  options: batchnormSpec(6, 7, { momentum: 0.3, eps: 1e-3 }),
  large: batchnormSpec(16, 4, {}, { offset: 1e6 }),
};

const convs: [string, ConvCase][] = [
  ["2 images 3×7×5, 4 filters 2×3, stride 2, padding 1", { N: 2, Cin: 3, H: 7, W: 5, F: 4, kernel: [2, 3], stride: 2, padding: 1 }],
  ["3 images 2×6×5, 2 filters 3×3, stride [2, 1], padding [1, 0]", { N: 3, Cin: 2, H: 6, W: 5, F: 2, kernel: 3, stride: [2, 1], padding: [1, 0] }],
  ["1 image 1×5×5, 1 filter 5×5, padding 2", { N: 1, Cin: 1, H: 5, W: 5, F: 1, kernel: 5, padding: 2 }],
  ["2 images 4×3×3, 2 filters 1×1", { N: 2, Cin: 4, H: 3, W: 3, F: 2, kernel: 1 }],
];

const pools: [string, PoolCase][] = [
  ["3×3 windows, stride 2, padding 1 (overlapping) on 2×3×7×6", { N: 2, C: 3, H: 7, W: 6, kernel: 3, stride: 2, padding: 1 }],
  ["3×3 windows, stride 1, on values with ties", { N: 1, C: 2, H: 5, W: 5, kernel: 3, stride: 1, ties: true }],
  ["2×3 windows, stride [2, 3], on 2×1×6×9", { N: 2, C: 1, H: 6, W: 9, kernel: [2, 3], stride: [2, 3] }],
];

const poolTests: TestCase[] = pools.flatMap(([name, c]) => [fpropTest(`fprop, ${name}`, "hidden", poolSpec(c)), bpropTest(`bprop, ${name}`, "hidden", poolSpec(c))]);

export const hiddenTests: PartTests = {
  batchnorm_fprop: [
    fpropTest("a batch of 2, 3 features", "hidden", bn.pair),
    fpropTest("momentum 0.3, ε = 1e-3, a batch of 6, 7 features", "hidden", bn.options),
    fpropTest("features with means around 10⁶", "hidden", bn.large),
  ],
  batchnorm_eval: [
    batchnormEvalTest("momentum 0.3, ε = 1e-3, 4 batches of 2, then one example", "hidden", { C: 3, batches: 4, N: 2, evalN: 1, options: { momentum: 0.3, eps: 1e-3 } }),
    batchnormEvalTest("evaluation right after construction", "hidden", { C: 5, batches: 0, N: 2, evalN: 4 }),
    batchnormEvalTest("5 batches of 16 with means around 10³", "hidden", { C: 4, batches: 5, N: 16, evalN: 6, scales: { offset: 1e3 } }),
  ],
  batchnorm_bprop: [
    bpropTest("a batch of 2, 3 features", "hidden", bn.pair),
    bpropTest("momentum 0.3, ε = 1e-3, a batch of 6, 7 features", "hidden", bn.options),
    bpropTest("features with means around 10⁶", "hidden", bn.large),
  ],
  conv_fprop: convs.map(([name, c]) => fpropTest(name, "hidden", convSpec(c))),
  conv_bprop: convs.map(([name, c]) => bpropTest(name, "hidden", convSpec(c))),
  maxpool: [...poolTests, bpropTest("bprop, values of size 10⁶", "hidden", poolSpec({ N: 2, C: 2, H: 4, W: 4, kernel: 2, scale: 1e6 }))],
  init_experiment: [
    initExperimentTest("ReLU, scale √2 (He): the spread is kept", "hidden", { N: 40, width: 32, depth: 10, scale: Math.SQRT2, activation: "relu" }),
    initExperimentTest("ReLU, scale 0.5 (too small): the signal vanishes", "hidden", { N: 40, width: 32, depth: 10, scale: 0.5, activation: "relu" }),
    initExperimentTest("tanh, scale 3 (too large): the units saturate, width 24, depth 6", "hidden", { N: 30, width: 24, depth: 6, scale: 3, activation: "tanh" }),
  ],
};
