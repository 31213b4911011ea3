/**
 * The initialization experiment: the student's `layerStds(x, depth, scale, activation, rng)`
 * sends x [N, width] through `depth` layers h ← g(h Wᵀ), W [width, width] ~ N(0, scale²/width),
 * and returns the standard deviation of h after each layer.
 *
 * The weights are random, and the notebook does not prescribe the order in which they are drawn,
 * so the answer is not one exact list: it is graded against the spread of many networks drawn by
 * the recipe. Here, in the trusted process, M networks on the same x give each layer's mean and
 * standard deviation of log(std); the student's value at layer k must lie within
 * exp(±(log 1.05 + 6·sd_k)) of that layer's geometric mean (in 20 000 simulated right answers per
 * case, none fell outside). A right experiment lands there
 * whatever its drawing order (sd_k is small for tanh, larger for ReLU, whose log-norm random-walks);
 * a wrong recipe (no 1/√width, variances instead of stds, the pre-activations) lands far outside,
 * and when it does, the same simulation of that recipe names it.
 */
import { Rng, Tensor } from "gradlab";
import type { Call } from "../../../grader/runner/protocol";
import { failedCheck, outcomeFailure, wire } from "../../../grader/tests/compare";
import { asTensor, outcome } from "../../../grader/tests/read_reply";
import type { Check, TestCase, Visibility } from "../../../grader/tests/test_case";
import { diagnoseMutatesInput } from "../../../grader/diagnose/mutates_input";

export type Activation = "tanh" | "relu";

export interface InitCase {
  N: number;
  width: number;
  depth: number;
  scale: number;
  activation: Activation;
}

/** Networks simulated for the band; 32 keep the estimated spread within about ±25 % of the true one. */
const NETWORKS = 32;
const FLOOR = Math.log(1.05);
const SPREADS = 6;
const SIDE_WEIGHT = 0.25;

/**
 * Simulations already run, by their inputs: a test's inputs follow from its seed, so grading a
 * class (or check() run again) meets the same ones over and over. Pure data, bounded.
 */
const memo = new Map<string, number[][]>();
const MEMO_SIZE = 64;

/** log std of each layer's activations (or pre-activations) for each network, [network][layer]. */
function simulate(x: Tensor, c: InitCase, scale: number, seeds: number[], record: "post" | "pre"): number[][] {
  let checksum = 0;
  x.data.forEach((v, i) => (checksum += v * ((i % 97) + 1)));
  const key = JSON.stringify([c.N, c.width, c.depth, c.activation, scale, record, seeds, x.shape, checksum]);
  const hit = memo.get(key);
  if (hit) return hit;
  const logs = runNetworks(x, c, scale, seeds, record);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, logs);
  return logs;
}

function runNetworks(x: Tensor, c: InitCase, scale: number, seeds: number[], record: "post" | "pre"): number[][] {
  return seeds.map((seed) => {
    const rng = new Rng(seed);
    let h = x;
    const logs: number[] = [];
    for (let k = 0; k < c.depth; k++) {
      const W = Tensor.randn([c.width, c.width], rng, 0, scale / Math.sqrt(c.width));
      const a = h.matmul(W.transpose());
      h = c.activation === "tanh" ? a.tanh() : a.maximum(0);
      logs.push(0.5 * Math.log((record === "post" ? h : a).var()));
    }
    return logs;
  });
}

interface Band {
  centre: number[];
  tolerance: number[];
}

function bandOf(logs: number[][]): Band {
  const depth = logs[0].length;
  const centre: number[] = [];
  const tolerance: number[] = [];
  for (let k = 0; k < depth; k++) {
    const v = logs.map((l) => l[k]);
    const mean = v.reduce((s, t) => s + t, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, t) => s + (t - mean) ** 2, 0) / (v.length - 1));
    centre.push(mean);
    tolerance.push(FLOOR + SPREADS * sd);
  }
  return { centre, tolerance };
}

/** Layers (0-based) where log(stds) leaves the band. */
function outside(logStds: number[], band: Band): number[] {
  return logStds.flatMap((s, k) => (Math.abs(s - band.centre[k]) <= band.tolerance[k] ? [] : [k]));
}

/** The largest distance of log(stds) from the band's centre, in tolerances: ≤ 1 is inside. */
function distance(logStds: number[], band: Band): number {
  return Math.max(...logStds.map((s, k) => Math.abs(s - band.centre[k]) / band.tolerance[k]));
}

/** The student's result as numbers: a number[] or a 1-D Tensor. */
function readStds(value: unknown): number[] | null {
  if (Array.isArray(value)) return value.every((v) => typeof v === "number") ? (value as number[]) : null;
  const t = asTensor(value);
  return t && t.ndim === 1 ? Array.from(t.data) : null;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2));

export function initExperimentTest(name: string, visibility: Visibility, c: InitCase, weight = 1): TestCase {
  return {
    name,
    visibility,
    weight,
    prepare(rng: Rng) {
      const x = Tensor.randn([c.N, c.width], rng);
      const studentSeed = rng.int(2 ** 31);
      const seeds = Array.from({ length: NETWORKS }, () => rng.int(2 ** 31));
      const calls: Call[] = [
        { op: "new", cls: { $t: "lib", name: "Rng" }, args: [studentSeed], as: "rng" },
        { op: "call", fn: { $t: "local", name: "layerStds" }, args: [wire(x), c.depth, c.scale, c.activation, { $t: "ref", name: "rng" }], echo: true },
      ];
      return {
        calls,
        judge(replies) {
          const what = "std per layer";
          const o = outcome(replies, 1);
          if (o.kind !== "value") return { checks: [outcomeFailure(`layerStds(x, ${c.depth}, ${c.scale}, "${c.activation}", rng)`, o)] };
          const stds = readStds(o.value);
          const inputs = sideCheck(x, o.echo[0]);
          if (stds === null || stds.length !== c.depth) {
            const got = stds === null ? "something else" : `${stds.length} numbers`;
            return { checks: [failedCheck(what, { id: "wrong-shape", message: `layerStds should return ${c.depth} numbers, one per layer; it returned ${got}`, evidence: {} })] };
          }
          if (stds.some((s) => !Number.isFinite(s) || s <= 0)) {
            const k = stds.findIndex((s) => !Number.isFinite(s) || s <= 0);
            return { checks: [failedCheck(what, { id: "non-finite", message: `the std at layer ${k + 1} is ${stds[k]}; every layer's std is a positive finite number`, evidence: { layer: k + 1 } }), inputs] };
          }
          const logs = stds.map(Math.log);
          const band = bandOf(simulate(x, c, c.scale, seeds, "post"));
          const off = outside(logs, band);
          if (off.length === 0) return { checks: [{ what, passed: true, credit: 1, weight: 1 }, inputs] };
          return { checks: [failedCheck(what, diagnose(logs, band, off, x, c, seeds)), inputs] };
        },
      };
    },
  };
}

/** Which wrong recipe the student's stds follow, if one fits; else the layers out of the band. */
function diagnose(logs: number[], band: Band, off: number[], x: Tensor, c: InitCase, seeds: number[]): import("../../../grader/diagnose/diagnosis").Diagnosis {
  const few = seeds.slice(0, 8); // enough to name a recipe that is far from the right one
  // Each wrong recipe as a band of its own; the closest one that contains the student's curve names it.
  const recipes: { label: string; band: () => Band; hint: string }[] = [
    {
      label: "the variances instead of the standard deviations",
      band: () => ({ centre: band.centre.map((m) => 2 * m), tolerance: band.tolerance.map((t) => 2 * t) }),
      hint: "return Math.sqrt(h.var()) for each layer",
    },
    {
      label: "the standard deviations of the pre-activations h Wᵀ, before the activation",
      band: () => bandOf(simulate(x, c, c.scale, few, "pre")),
      hint: "apply the activation first, then take the std of its output",
    },
    {
      label: `weights drawn with std ${fmt(c.scale)} instead of ${fmt(c.scale)}/√width`,
      band: () => bandOf(simulate(x, c, c.scale * Math.sqrt(c.width), few, "post")),
      hint: "W ~ N(0, scale²/width): the std of the weights is scale/√width",
    },
  ];
  const fits = recipes.map((r) => ({ r, d: distance(logs, r.band()) })).filter((f) => f.d <= 1).sort((a, b) => a.d - b.d);
  if (fits.length > 0) {
    const { r } = fits[0];
    return { id: "wrong-reduction", message: `your stds match ${r.label}, not the expected ones`, evidence: { matched: r.label }, hint: r.hint };
  }
  const k = off[0];
  const lo = Math.exp(band.centre[k] - band.tolerance[k]);
  const hi = Math.exp(band.centre[k] + band.tolerance[k]);
  return {
    id: "some-entries-wrong",
    message:
      `${off.length} of ${logs.length} layers are outside the range of networks drawn by the recipe; first layer ${k + 1}: ` +
      `your std ${fmt(Math.exp(logs[k]))}, expected about ${fmt(Math.exp(band.centre[k]))} (between ${fmt(lo)} and ${fmt(hi)})`,
    evidence: { layers: off.map((i) => i + 1), yours: logs.map((l) => Math.exp(l)), expected: band.centre.map((l) => Math.exp(l)) },
    hint: "each layer: W = Tensor.randn([width, width], rng, 0, scale / √width), h = g(h Wᵀ) with no bias, then the std of all of h's entries",
  };
}

function sideCheck(sent: Tensor, echo: unknown): Check {
  const after = asTensor(echo);
  const d = after ? diagnoseMutatesInput("layerStds", [{ name: "x", before: sent, after }]) : null;
  if (d) return { ...failedCheck("x unchanged", d, SIDE_WEIGHT), side: true };
  return { what: "x unchanged", passed: true, credit: 1, weight: SIDE_WEIGHT, side: true };
}
