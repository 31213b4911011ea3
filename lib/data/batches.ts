import { Rng } from "../tensor/random";
import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { largestRemainder } from "./apportion";
import { checkLabels } from "./check";

export interface MiniBatchOptions {
  /** Draw a fresh random order on every call (default true); false gives 0..n−1 in order. */
  shuffle?: boolean;
  /** Class of each example, needed for `balanced` batches. */
  labels?: Int32Array;
  /** Stratified batches: each batch's class counts in the data's proportions (needs `labels`). */
  balanced?: boolean;
  /** Leave out the last, smaller batch when batchSize does not divide n (default false). */
  dropLast?: boolean;
}

/**
 * The index sets of one epoch of minibatch SGD: every example in exactly one batch (drawn
 * without replacement), in a new random order on every call.
 *
 * A batch size of at least n gives one batch of all n examples (full-batch gradient descent;
 * `dropLast` then drops nothing); batchSize 1 gives one-example SGD. Without `dropLast` the
 * last batch holds the n mod batchSize leftover examples.
 *
 * With `balanced: true` and `labels`, batches are stratified: examples are shuffled within each
 * class and dealt out so that every batch of s examples holds ⌊s·n_c/n⌋ or ⌈s·n_c/n⌉ examples of
 * class c (n_c examples of class c in all), still using each example exactly once. With
 * `dropLast`, the dropped leftover is itself drawn in proportion, so the kept batches stay
 * balanced. `labels` without `balanced` are checked and otherwise unused.
 */
export function miniBatches(n: number, batchSize: number, rng: Rng, options?: MiniBatchOptions): Int32Array[] {
  const where = "miniBatches";
  checkNumber(where, "n", n, { min: 1, integer: true });
  checkNumber(where, "batchSize", batchSize, { min: 1, integer: true });
  if (!(rng instanceof Rng)) throw new Error(`${where}: rng must be an Rng (e.g. new Rng(0)), got ${String(rng)}`);
  const opts = withDefaults<{ shuffle: boolean; labels: Int32Array | undefined; balanced: boolean; dropLast: boolean }>(
    where,
    { shuffle: true, labels: undefined, balanced: false, dropLast: false },
    options,
  );
  for (const key of ["shuffle", "balanced", "dropLast"] as const) {
    if (typeof opts[key] !== "boolean") throw new Error(`${where}: ${key} must be true or false, got ${String(opts[key])}`);
  }
  if (opts.labels !== undefined) {
    checkLabels(opts.labels, where);
    if (opts.labels.length !== n) throw new Error(`${where}: labels has ${opts.labels.length} entries, expected n = ${n}`);
  }
  const size = Math.min(batchSize, n);
  const full = Math.floor(n / size);
  const rest = n - full * size;

  if (!opts.balanced) {
    const order = opts.shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const batches: Int32Array[] = [];
    for (let b = 0; b < full; b++) batches.push(order.slice(b * size, (b + 1) * size));
    if (rest > 0 && !opts.dropLast) batches.push(order.slice(full * size));
    return batches;
  }
  if (opts.labels === undefined) throw new Error(`${where}: balanced batches need the labels option (the class of each example)`);
  return balancedBatches(opts.labels, size, full, rest, opts.shuffle ? rng : null, opts.dropLast);
}

/**
 * Stratified batches. The leftover batch (size `rest`) takes a largest-remainder share of each
 * class; the remaining examples, listed class after class, are dealt round-robin to the `full`
 * equal batches, so each batch receives ⌊m_c/full⌋ or ⌈m_c/full⌉ of the m_c remaining examples
 * of class c. Both shares lie within a floor/ceiling of the ideal s·n_c/n (see apportion.ts).
 */
function balancedBatches(labels: Int32Array, size: number, full: number, rest: number, rng: Rng | null, dropLast: boolean): Int32Array[] {
  const n = labels.length;
  const classes = checkLabels(labels, "miniBatches");
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  // Members of each class, in random order (a permutation read once, then bucketed by class).
  const order = rng ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const members: Int32Array[] = Array.from({ length: classes }, (_, c) => new Int32Array(counts[c]));
  const filled = new Int32Array(classes);
  for (let i = 0; i < n; i++) {
    const c = labels[order[i]];
    members[c][filled[c]++] = order[i];
  }

  const leftoverShare = largestRemainder(rest, counts);
  const leftover = new Int32Array(rest);
  const dealt = new Int32Array(n - rest);
  let l = 0;
  let d = 0;
  for (let c = 0; c < classes; c++) {
    const keep = counts[c] - leftoverShare[c];
    for (let j = 0; j < counts[c]; j++) {
      if (j < keep) dealt[d++] = members[c][j];
      else leftover[l++] = members[c][j];
    }
  }
  const batches: Int32Array[] = [];
  for (let b = 0; b < full; b++) {
    const batch = new Int32Array(size);
    for (let j = 0; j < size; j++) batch[j] = dealt[j * full + b];
    batches.push(batch);
  }
  if (rng) {
    // Round-robin gives the extra example of a class to the first batches: shuffle batch order
    // and, since the dealt list is sorted by class, the order inside each batch.
    shuffleInPlace(batches, rng);
    for (const batch of batches) shuffleInPlace(batch, rng);
    shuffleInPlace(leftover, rng);
  }
  if (rest > 0 && !dropLast) batches.push(leftover);
  return batches;
}

function shuffleInPlace<T>(a: { length: number; [i: number]: T }, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
}

/** Checks that `idx` holds row indices in [0, rows) and says which one is wrong. */
function checkIndices(idx: unknown, rows: number, where: string): Int32Array {
  if (!(idx instanceof Int32Array)) {
    throw new Error(`${where}: idx must be an Int32Array of row indices, got ${Array.isArray(idx) ? "an Array" : String(idx)}`);
  }
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= rows) {
      throw new Error(`${where}: index ${idx[i]} at position ${i} is out of range for ${rows} rows`);
    }
  }
  return idx;
}

/**
 * Gathers rows of `x` along axis 0: x [N, ...rest] → [idx.length, ...rest], row i of the result
 * being row idx[i] of x (a copy). Works for any rank >= 1 (e.g. images [N, C, H, W]).
 */
export function takeRows(x: Tensor, idx: Int32Array): Tensor {
  if (!(x instanceof Tensor) || x.ndim < 1) {
    throw new Error(`takeRows: x must be a Tensor of rank >= 1, got ${x instanceof Tensor ? `shape ${formatShape(x.shape)}` : String(x)}`);
  }
  const rows = x.shape[0];
  checkIndices(idx, rows, "takeRows");
  const rowSize = rows === 0 ? 0 : x.size / rows;
  const out = Tensor.zeros([idx.length, ...x.shape.slice(1)]);
  for (let i = 0; i < idx.length; i++) {
    const src = idx[i] * rowSize;
    out.data.set(x.data.subarray(src, src + rowSize), i * rowSize);
  }
  return out;
}

/** Gathers labels: result[i] = y[idx[i]]. */
export function takeLabels(y: Int32Array, idx: Int32Array): Int32Array {
  if (!(y instanceof Int32Array)) throw new Error(`takeLabels: y must be an Int32Array of labels, got ${String(y)}`);
  checkIndices(idx, y.length, "takeLabels");
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]];
  return out;
}
