/** a3's public tests: run by check() in the student's notebook and by the grader, on fixed inputs. */
import { bpropTest, fpropTest } from "../../../grader/tests/module_tests";
import type { PartTests } from "../../../grader/tests/test_case";
import { batchnormEvalTest } from "./batchnorm_running";
import { ConvCase, PoolCase, batchnormSpec, convSpec, poolSpec } from "./cases";
import { initExperimentTest } from "./init_experiment";

const padded: ConvCase = { N: 2, Cin: 3, H: 6, W: 6, F: 4, kernel: 3, stride: 1, padding: 1 };
const strided: ConvCase = { N: 2, Cin: 2, H: 7, W: 7, F: 3, kernel: 3, stride: 2, padding: 0 };
const tiles: PoolCase = { N: 2, C: 3, H: 4, W: 6, kernel: 2 };
const ties: PoolCase = { N: 2, C: 2, H: 4, W: 4, kernel: 2, ties: true };

export const publicTests: PartTests = {
  batchnorm_fprop: [fpropTest("a batch of 8, 5 features", "public", batchnormSpec(8, 5))],
  batchnorm_eval: [batchnormEvalTest("3 training batches of 8, then 5 examples in evaluation mode", "public", { C: 4, batches: 3, N: 8, evalN: 5 })],
  batchnorm_bprop: [bpropTest("a batch of 8, 5 features", "public", batchnormSpec(8, 5))],
  conv_fprop: [
    fpropTest("2 images 3×6×6, 4 filters 3×3, padding 1", "public", convSpec(padded)),
    fpropTest("2 images 2×7×7, 3 filters 3×3, stride 2", "public", convSpec(strided)),
  ],
  conv_bprop: [
    bpropTest("2 images 3×6×6, 4 filters 3×3, padding 1", "public", convSpec(padded)),
    bpropTest("2 images 2×7×7, 3 filters 3×3, stride 2", "public", convSpec(strided)),
  ],
  maxpool: [
    fpropTest("fprop, 2×2 windows on 2×3×4×6", "public", poolSpec(tiles)),
    bpropTest("bprop, 2×2 windows on 2×3×4×6", "public", poolSpec(tiles)),
    bpropTest("bprop, 2×2 windows on values with ties", "public", poolSpec(ties)),
  ],
  init_experiment: [
    initExperimentTest("tanh, scale 1 (Xavier): the spread decays slowly", "public", { N: 48, width: 32, depth: 8, scale: 1, activation: "tanh" }),
    initExperimentTest("tanh, scale 0.2 (too small): the signal vanishes", "public", { N: 48, width: 32, depth: 8, scale: 0.2, activation: "tanh" }),
  ],
};
