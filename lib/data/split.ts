import { Rng, globalRng } from "../tensor/random";
import { checkNumber, withDefaults } from "../util/options";
import { roundMatrix } from "./apportion";
import { takeLabels, takeRows } from "./batches";
import { checkDataset } from "./check";
import { ClassificationData, Dataset, isClassification } from "./dataset";

export interface SplitOptions {
  /** Fraction of the examples for validation, in [0, 1). */
  val: number;
  /** Fraction of the examples for testing, in [0, 1); val + test < 1. */
  test: number;
  /** Generator for the random assignment (default: the global generator, see `manualSeed`). */
  rng?: Rng;
  /** Keep each class's proportion in every part (classification data only; default false). */
  stratify?: boolean;
}

/**
 * The examples `idx` of a data set, in that order, as a data set of the same kind: rows of x
 * and y are copied, `classes` and any other fields are kept.
 */
export function subset<D extends Dataset>(data: D, idx: Int32Array): D {
  checkDataset(data, "subset");
  const x = takeRows(data.x, idx);
  const y = isClassification(data) ? takeLabels(data.y, idx) : takeRows(data.y, idx);
  // Spreading keeps extra fields; x and y are replaced by ones of the same kinds, so this is a D.
  return { ...data, x, y } as D;
}

/**
 * Randomly splits a data set into training, validation and test parts, each example in exactly
 * one. The parts get round(val·N) and round(test·N) examples and train the rest (at least one).
 *
 * With `stratify`, every part keeps the class proportions: part p holds ⌊N_p·n_c/N⌋ or
 * ⌈N_p·n_c/N⌉ examples of class c (n_c in all), and the part sizes are still exactly the above.
 * Within each part the examples are in random order.
 */
export function trainValTestSplit<D extends Dataset>(data: D, options: SplitOptions): { train: D; val: D; test: D } {
  const where = "trainValTestSplit";
  const n = checkDataset(data, where);
  if (options === undefined || options === null || typeof options !== "object") {
    throw new Error(`${where}: options must be an object like { val: 0.2, test: 0.2 }, got ${String(options)}`);
  }
  const opts = withDefaults<{ val: number; test: number; rng: Rng | undefined; stratify: boolean }>(
    where,
    { val: NaN, test: NaN, rng: undefined, stratify: false },
    options,
  );
  const val = checkNumber(where, "val", opts.val, { min: 0, max: 1, maxExclusive: true });
  const test = checkNumber(where, "test", opts.test, { min: 0, max: 1, maxExclusive: true });
  if (!(val + test < 1)) throw new Error(`${where}: val + test must be < 1 to leave examples for training, got ${val} + ${test}`);
  if (typeof opts.stratify !== "boolean") throw new Error(`${where}: stratify must be true or false, got ${String(opts.stratify)}`);
  const rng = opts.rng ?? globalRng();
  if (!(rng instanceof Rng)) throw new Error(`${where}: rng must be an Rng (e.g. new Rng(0)), got ${String(rng)}`);

  const nVal = Math.round(val * n);
  const nTest = Math.round(test * n);
  const nTrain = n - nVal - nTest;
  if (nTrain < 1) {
    throw new Error(`${where}: with ${n} examples, val = ${val} and test = ${test} leave no example for training`);
  }
  const sizes = [nTrain, nVal, nTest];
  let parts: Int32Array[];
  if (opts.stratify) {
    if (!isClassification(data)) throw new Error(`${where}: stratify needs classification data (y of integer labels)`);
    parts = stratifiedParts(data, sizes, rng);
  } else {
    const order = rng.permutation(n);
    parts = [order.slice(0, nTrain), order.slice(nTrain, nTrain + nVal), order.slice(nTrain + nVal)];
  }
  return { train: subset(data, parts[0]), val: subset(data, parts[1]), test: subset(data, parts[2]) };
}

/** Index sets of the parts: class c gives each part its rounded share of n_c (see roundMatrix). */
function stratifiedParts(data: ClassificationData, sizes: number[], rng: Rng): Int32Array[] {
  const n = data.y.length;
  const counts = new Array<number>(data.classes).fill(0);
  for (let i = 0; i < n; i++) counts[data.y[i]]++;
  const share = roundMatrix(counts.map((nc) => sizes.map((size) => (size * nc) / n)));
  // Shuffle once, then walk the shuffled examples handing each class's to the parts in turn.
  const order = rng.permutation(n);
  const parts = sizes.map((size) => new Int32Array(size));
  const filled = sizes.map(() => 0);
  const taken = new Array<number>(data.classes).fill(0);
  for (let i = 0; i < n; i++) {
    const c = data.y[order[i]];
    let p = 0;
    let before = share[c][0];
    while (taken[c] >= before) before += share[c][++p];
    taken[c]++;
    parts[p][filled[p]++] = order[i];
  }
  return parts;
}
