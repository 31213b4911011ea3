/**
 * The notebooks check themselves: break the built library in one place, and a notebook whose
 * prose depends on that place must fail with the claim the mutation contradicts.
 *
 * Each mutation patches one file of a COPY of dist/lib (the real dist is never touched), in a
 * temporary folder that also holds the notebook, so the notebook's `import … from "gradlab"`
 * resolves to the mutated copy. Each notebook runs with the embedded engine and stops at its first
 * failing cell; for each mutation we chose the cheapest notebook that catches it, and two run at a
 * time (jest runs test files one after another on this 2-core machine).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { runNotebooks as RunNotebooks } from "../tools/notebook/run_notebooks";
import { findRepoRoot } from "../lib/util/repo_root";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runNotebooks } = require("../dist/tools/notebook/run_notebooks") as { runNotebooks: typeof RunNotebooks };

interface Mutation {
  /** What is broken, in the notebooks' words. */
  name: string;
  /** The file under dist/lib to patch. */
  file: string;
  /** Text that must occur exactly once in that file, and what replaces it. */
  find: string;
  replace: string;
  /** The notebook that must fail, and a pattern for the claim it must fail on. */
  notebook: string;
  claim: RegExp;
}

const MUTATIONS: Mutation[] = [
  {
    name: "Adam: the second moment's bias correction removed",
    file: "optim/adam.js", find: "const vHat = v[i] / correction2;", replace: "const vHat = v[i];",
    notebook: "09-adam-and-adamw", claim: /exactly η/,
  },
  {
    name: "SGD: the update takes half a step",
    file: "optim/sgd.js", find: "w[i] -= lr * g[i];", replace: "w[i] -= 0.5 * lr * g[i];",
    notebook: "05-gradient-descent", claim: /train2d\("sgd"\) = the loop/,
  },
  {
    name: "momentum: the velocity's gradient scaled by (1 − α)",
    file: "optim/momentum.js", find: "v[i] = alpha * v[i] - lr * g[i];", replace: "v[i] = alpha * v[i] - (1 - alpha) * lr * g[i];",
    notebook: "07-momentum", claim: /three times faster|v = −η Σ α\^\(t−k\) g_k/,
  },
  {
    name: "RMSProp: the moving average without its (1 − β)",
    file: "optim/rmsprop.js", find: "const oneMinusBeta = 1 - beta;", replace: "const oneMinusBeta = 1;",
    notebook: "08-adaptive-rates", claim: /RMSProp|1\/√\(1 − β\)/,
  },
  {
    name: "Linear.bprop: db is the mean over the batch instead of the sum",
    file: "nn/linear.js", find: "db[j] += dyd[row + j];", replace: "db[j] += dyd[row + j] / N;",
    notebook: "00-getting-started", claim: /Linear's bprop agrees with finite differences/,
  },
  {
    name: "Tanh.bprop: g'(a) written 1 − y instead of 1 − y²",
    file: "nn/activations/tanh.js", find: "dx[i] = dy[i] * (1 - y[i] * y[i]);", replace: "dx[i] = dy[i] * (1 - y[i]);",
    notebook: "02-activations-and-losses", claim: /tanh: bprop = finite differences/,
  },
  {
    name: "Value.mul: the second factor's gradient doubled",
    file: "autograd/value.js", find: "b.grad += this.data * g;", replace: "b.grad += 2 * this.data * g;",
    notebook: "00-getting-started", claim: /f, ∂f\/∂x1, ∂f\/∂x2, ∂f\/∂x3/,
  },
  {
    name: "xavierUniform: the bound √3 instead of √6 (half the variance)",
    file: "init/initializers.js", find: "(f) => (gain * Math.sqrt(6)) / Math.sqrt(f.fanIn + f.fanOut)",
    replace: "(f) => (gain * Math.sqrt(3)) / Math.sqrt(f.fanIn + f.fanOut)",
    notebook: "02-activations-and-losses", claim: /loses about/,
  },
  {
    name: "exponentialSchedule: decays at 2λ",
    file: "optim/schedules.js", find: "return lr0 * Math.exp(-lambda * t);", replace: "return lr0 * Math.exp(-2 * lambda * t);",
    notebook: "07-momentum", claim: /×e\^\(−0\.05\) per step/,
  },
  {
    name: "mse: the lecture form divides by all N·K entries (PyTorch's mean)",
    file: "loss/mse.js", find: 'const count = reduction === "lecture" ? N : pred.size;', replace: "const count = pred.size;",
    notebook: "02-activations-and-losses", claim: /lecture form 6\/2 = 3/,
  },
  {
    name: "softmaxCrossEntropy: the gradient loses its 1/N",
    file: "loss/softmax_cross_entropy.js", find: "const scale = invN / s;", replace: "const scale = 1 / s;",
    notebook: "01-computational-graph", claim: /by hand = library/,
  },
  {
    name: "BatchNorm1d: the running mean replaced by the last batch's (no momentum)",
    file: "nn/batchnorm1d.js", find: "rm[c] = (1 - m) * rm[c] + m * this.mean[c];", replace: "rm[c] = this.mean[c];",
    notebook: "11-normalization", claim: /running mean after two updates/,
  },
  {
    name: "Conv2d: the direct path ignores the padding of the rows",
    // The notebook's small convolutions take the direct path (conv2d_direct.ts): its tap tables.
    file: "nn/conv2d_direct.js", find: "const r = i * sh - ph + a;", replace: "const r = i * sh + a;",
    notebook: "04-convolution", claim: /padding 1: the top-left output is −\(2 \+ 1\) = −3/,
  },
  {
    name: "MaxPool2d.bprop: the gradient sent one position before the maximum",
    file: "nn/maxpool_reference.js", find: "dx[base + argmax[out]] += dy[out];", replace: "dx[base + Math.max(0, argmax[out] - 1)] += dy[out];",
    notebook: "04-convolution", claim: /the gradient goes to each maximum/,
  },
  {
    name: "addL2Grad: adds λW instead of 2λW",
    file: "regularize/l2.js", find: "const twoLambda = 2 * lambda;", replace: "const twoLambda = lambda;",
    notebook: "12-regularization", claim: /L2: every gradient = finite differences of the penalty/,
  },
];

const root = findRepoRoot();
let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-mutations-"));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * A folder holding the notebook under notebooks/ and, under node_modules/gradlab, a copy of the
 * built library with one file patched (the data file and the dependencies linked, not copied).
 */
function mutatedCopy(m: Mutation, k: number): string {
  const dir = path.join(scratch, `m${k}`);
  const pkg = path.join(dir, "node_modules", "gradlab");
  fs.mkdirSync(path.join(pkg, "dist"), { recursive: true });
  fs.cpSync(path.join(root, "dist", "lib"), path.join(pkg, "dist", "lib"), { recursive: true });
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "gradlab", main: "dist/lib/index.js", types: "dist/lib/index.d.ts" }));
  fs.mkdirSync(path.join(pkg, "lib", "data"), { recursive: true });
  fs.symlinkSync(path.join(root, "lib", "data", "digits.csv.gz"), path.join(pkg, "lib", "data", "digits.csv.gz"));
  fs.symlinkSync(path.join(root, "node_modules"), path.join(pkg, "node_modules"));
  const file = path.join(pkg, "dist", "lib", m.file);
  const text = fs.readFileSync(file, "utf8");
  const found = text.split(m.find).length - 1;
  if (found !== 1) throw new Error(`${m.name}: expected the text to patch once in dist/lib/${m.file}, found it ${found} times; update the mutation`);
  fs.writeFileSync(file, text.replace(m.find, m.replace));
  fs.mkdirSync(path.join(dir, "notebooks"));
  fs.copyFileSync(path.join(root, "notebooks", `${m.notebook}.ipynb`), path.join(dir, "notebooks", `${m.notebook}.ipynb`));
  return dir;
}

/** Runs each mutation's notebook against its mutated copy, `parallel` at a time; the one-line summaries. */
async function runAll(parallel: number): Promise<string[]> {
  const summaries: string[] = new Array(MUTATIONS.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < MUTATIONS.length) {
      const k = next++;
      const m = MUTATIONS[k];
      let dir: string;
      try {
        dir = mutatedCopy(m, k);
      } catch (e) {
        summaries[k] = `not run: ${(e as Error).message}`;
        continue;
      }
      const notebook = path.join(dir, "notebooks", `${m.notebook}.ipynb`);
      const options = { engine: "embedded" as const, timeoutMs: 120_000, allowErrors: false, inplace: false };
      const [result] = await runNotebooks([notebook], { ...options, output: path.join(dir, "out.ipynb"), log: () => undefined });
      summaries[k] = result.ok ? "ran without an error" : result.summary;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return summaries;
}

test("the mutations cover at least twelve places across the areas the notebooks teach", () => {
  expect(MUTATIONS.length).toBeGreaterThanOrEqual(12);
  const areas = new Set(MUTATIONS.map((m) => m.file.split("/")[0]));
  expect([...areas].sort()).toEqual(["autograd", "init", "loss", "nn", "optim", "regularize"]);
});

test("every mutation of the built library makes a notebook fail on the claim it contradicts", async () => {
  const started = Date.now();
  const summaries = await runAll(2);
  const report = MUTATIONS.map((m, k) => `${m.name} → ${m.notebook}: ${summaries[k]}`);
  console.log(`notebook mutations, ${((Date.now() - started) / 1000).toFixed(1)} s:\n${report.join("\n")}`);
  const missed = MUTATIONS.filter((m, k) => !/ClaimError: claim failed: /.test(summaries[k]) || !m.claim.test(summaries[k]));
  expect(missed.map((m) => `${m.name} → ${m.notebook}: ${summaries[MUTATIONS.indexOf(m)]}`)).toEqual([]);
}, 600_000);
