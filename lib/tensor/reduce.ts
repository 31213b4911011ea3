/**
 * Reductions over one or several axes, with numpy's `keepdims`: sum, mean, max, min, var, and
 * argmax/argmin along one axis. A reduction over several axes is done one axis at a time, from
 * the last to the first, each viewing the tensor as [outer, len, inner] around the axis so
 * that the loops need no strides.
 */
import { Dense, DenseResult, broadcastBinary } from "./broadcast";
import { UNARY_KERNELS } from "./elementwise";
import { Shape, formatShape, normalizeAxis, shapeSize } from "./shape";
import { checkNumber, withDefaults } from "../util/options";

/** One axis, several, or `null` for all of them (numpy's `axis=None`). */
export type Axes = number | readonly number[] | null;

export interface ReduceOptions {
  /** Keep each reduced axis as a size-1 axis, so the result broadcasts against the input (default false). */
  keepdims?: boolean;
}

export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by n − ddof (default 0, the population variance, as numpy). */
  ddof?: number;
}

export type ReduceKind = "sum" | "mean" | "max" | "min";

/** The reduced axes as sorted, distinct, non-negative indices. */
export function resolveAxes(axis: Axes, shape: Shape, where: string): number[] {
  if (axis === null) return shape.map((_, d) => d);
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) throw new Error(`${where}: axis must be a number, a list of numbers or null, got ${String(axis)}`);
  const axes = list.map((a) => normalizeAxis(a, shape, where));
  axes.forEach((a, i) => {
    if (axes.indexOf(a) !== i) throw new Error(`${where}: axis ${list[i]} is repeated in ${formatShape(list)} for shape ${formatShape(shape)}`);
  });
  return axes.sort((p, q) => p - q);
}

/** sum, mean, max or min over `axis`; the axes are removed, or kept as 1s with `keepdims`. */
export function reduceAxes(t: Dense, axis: Axes, kind: ReduceKind, options: ReduceOptions | undefined, where: string): DenseResult {
  const { keepdims } = checkReduceOptions(options, where);
  const axes = resolveAxes(axis, t.shape, where);
  const count = axes.reduce((n, a) => n * t.shape[a], 1);
  if (kind !== "sum") {
    const empty = axes.find((a) => t.shape[a] === 0);
    if (empty !== undefined) {
      throw new Error(`${where}: axis ${empty} has length 0 in shape ${formatShape(t.shape)}; the ${kind} of no elements is undefined`);
    }
  }
  let data = t.data;
  let shape = [...t.shape];
  for (let i = axes.length - 1; i >= 0; i--) {
    data = reduceOne(data, shape, axes[i], kind === "mean" ? "sum" : kind);
    shape.splice(axes[i], 1);
  }
  if (data === t.data) data = data.slice(); // no axes: still a new tensor
  if (kind === "mean") for (let i = 0; i < data.length; i++) data[i] /= count;
  shape = keepdims ? t.shape.map((n, d) => (axes.includes(d) ? 1 : n)) : shape;
  return { data, shape };
}

/** Σ (x − mean)² / (n − ddof) over `axis`, by two passes (the mean first, then the squares). */
export function variance(t: Dense, axis: Axes, options: VarOptions | undefined, where: string): DenseResult {
  const { keepdims, ddof } = withDefaults(where, { keepdims: false, ddof: 0 }, options);
  checkNumber(where, "ddof", ddof, { min: 0 });
  const axes = resolveAxes(axis, t.shape, where);
  const n = axes.reduce((m, a) => m * t.shape[a], 1);
  if (n - ddof <= 0) {
    throw new Error(
      `${where}: ddof ${ddof} leaves no degrees of freedom for ${n} value${n === 1 ? "" : "s"} per variance ` +
        `(axes ${formatShape(axes)} of shape ${formatShape(t.shape)}); expected more values than ddof`,
    );
  }
  const mean = reduceAxes(t, axes, "mean", { keepdims: true }, where);
  const dev = broadcastBinary(t, mean, "sub", where);
  UNARY_KERNELS.square(dev.data, dev.data);
  const out = reduceAxes(dev, axes, "sum", { keepdims }, where);
  for (let i = 0; i < out.data.length; i++) out.data[i] /= n - ddof;
  return out;
}

/** Sum, max or min of every element; max and min of an empty tensor are errors. */
export function reduceAll(data: Float64Array, kind: "sum" | "max" | "min", where: string): number {
  if (kind === "sum") {
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i];
    return s;
  }
  if (data.length === 0) throw new Error(`${where}: the tensor is empty`);
  return reduceOne(data, [data.length], 0, kind)[0];
}

/**
 * Index of the largest (or smallest) element along `axis`, the first one on ties; an
 * `Int32Array` in the shape without that axis. A NaN wins, as in numpy.
 * Without an axis, the flat index over the whole tensor.
 */
export function argReduce(t: Dense, axis: number | undefined, kind: "max" | "min", where: string): Int32Array {
  let outer = 1;
  let len = t.data.length;
  let inner = 1;
  if (axis === undefined) {
    if (len === 0) throw new Error(`${where}: the tensor is empty`);
  } else {
    const a = normalizeAxis(axis, t.shape, where);
    [outer, len, inner] = splitAt(t.shape, a);
    if (len === 0) throw new Error(`${where}: axis ${axis} has length 0 in shape ${formatShape(t.shape)}`);
  }
  const data = t.data;
  const out = new Int32Array(outer * inner);
  const isMax = kind === "max";
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < inner; r++) {
      const base = o * len * inner + r;
      let best = 0;
      let bestValue = data[base];
      for (let k = 1; k < len && bestValue === bestValue; k++) {
        const v = data[base + k * inner];
        if (v !== v || (isMax ? v > bestValue : v < bestValue)) {
          best = k;
          bestValue = v;
        }
      }
      out[o * inner + r] = best;
    }
  }
  return out;
}

function checkReduceOptions(options: ReduceOptions | undefined, where: string): Required<ReduceOptions> {
  const opts = withDefaults<Required<ReduceOptions>>(where, { keepdims: false }, options);
  if (typeof opts.keepdims !== "boolean") throw new Error(`${where}: keepdims must be true or false, got ${String(opts.keepdims)}`);
  return opts;
}

/** The sizes before, at and after `axis`: the tensor seen as [outer, len, inner]. */
function splitAt(shape: Shape, axis: number): [number, number, number] {
  return [shapeSize(shape.slice(0, axis)), shape[axis], shapeSize(shape.slice(axis + 1))];
}

/** Reduces one axis of a row-major buffer; max and min propagate NaN, as numpy does. */
function reduceOne(data: Float64Array, shape: Shape, axis: number, kind: "sum" | "max" | "min"): Float64Array {
  const [outer, len, inner] = splitAt(shape, axis);
  const out = new Float64Array(outer * inner);
  if (kind === "sum" && inner === 1) {
    // Reducing the last axis: accumulate in a local, one row at a time.
    for (let o = 0; o < outer; o++) {
      let s = 0;
      for (let k = o * len, end = k + len; k < end; k++) s += data[k];
      out[o] = s;
    }
    return out;
  }
  const isMax = kind === "max";
  for (let o = 0; o < outer; o++) {
    const dst = o * inner;
    const first = o * len * inner;
    if (kind !== "sum") out.set(data.subarray(first, first + inner), dst);
    for (let k = kind === "sum" ? 0 : 1; k < len; k++) {
      const src = first + k * inner;
      if (kind === "sum") {
        for (let r = 0; r < inner; r++) out[dst + r] += data[src + r];
      } else {
        for (let r = 0; r < inner; r++) {
          const v = data[src + r];
          const m = out[dst + r];
          if (v !== v || (isMax ? v > m : v < m)) out[dst + r] = v;
        }
      }
    }
  }
  return out;
}
