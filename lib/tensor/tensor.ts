import { DenseResult, broadcastBinary, broadcastInPlace, broadcastTo, broadcastWhere, denseInPlace } from "./broadcast";
import { NestedArray, arange, fromNested, oneHot } from "./create";
import { BinaryOp, UNARY_KERNELS, UnaryOp, clipInto } from "./elementwise";
import { formatTensor, toNested } from "./format";
import { gemm } from "./gemm";
import { concat, pad, stack } from "./join";
import { Rng } from "./random";
import { Axes, ReduceOptions, VarOptions, argReduce, reduceAll, reduceAxes, variance } from "./reduce";
import { Shape, assertSameShape, checkShape, expectShape, formatShape, normalizeAxis, resolveReshape, shapeSize, stridesOf } from "./shape";
import { SliceRange, sliceRegion } from "./slice";
import { gather } from "./strided";

export type { NestedArray } from "./create";
export type { Axes, ReduceOptions, VarOptions } from "./reduce";
export type { SliceRange } from "./slice";

/**
 * An n-dimensional array of float64 numbers stored row-major in one `Float64Array`, with the
 * operations a vectorized fprop/bprop needs, written the way numpy is (README, "Tensor for
 * numpy users", has the cheat-sheet).
 *
 * - Arithmetic `add sub mul div pow maximum minimum` and comparisons `gt ge lt le eq ne`
 *   (masks of 0/1) take a tensor or a number and broadcast by numpy's rule (aligned from the
 *   right, each pair of sizes equal or one of them 1); shapes that do not broadcast are an
 *   error naming both. `Tensor.where(cond, a, b)` picks elementwise; `broadcastTo` stretches.
 * - Elementwise `exp log sqrt tanh abs sign square neg clip map`.
 * - Reductions `sum mean max min var` over everything (a number) or over axes with
 *   `{ keepdims }`; `argmax argmin` along one axis; `any all`.
 * - Shapes: `reshape`, `unsqueeze` and `squeeze` return views that share `data`; `slice`,
 *   `transpose`, `permute`, `pad`, `Tensor.concat`, `Tensor.stack` return new tensors.
 * - In place, returning `this`: `setSlice addToSlice addInPlace subInPlace mulInPlace
 *   divInPlace fill copyFrom set`; the tensor's shape never changes.
 * - Creation: `zeros ones full zerosLike from arange oneHot randn rand`.
 * Every other operation returns a new tensor and leaves its inputs alone.
 */
export class Tensor {
  readonly data: Float64Array;
  readonly shape: readonly number[];

  constructor(data: Float64Array, shape: Shape) {
    checkShape(shape, "Tensor");
    if (data.length !== shapeSize(shape)) {
      throw new Error(`Tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${shapeSize(shape)} values)`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  private static wrap(r: DenseResult): Tensor {
    return new Tensor(r.data, r.shape);
  }

  // ---- creation ---------------------------------------------------------------------------

  static zeros(shape: Shape): Tensor {
    checkShape(shape, "Tensor.zeros");
    return new Tensor(new Float64Array(shapeSize(shape)), shape);
  }

  static ones(shape: Shape): Tensor {
    return Tensor.full(shape, 1);
  }

  static full(shape: Shape, value: number): Tensor {
    checkShape(shape, "Tensor.full");
    return new Tensor(new Float64Array(shapeSize(shape)).fill(value), shape);
  }

  /** A tensor of the same shape as `t`, filled with zeros. */
  static zerosLike(t: Tensor): Tensor {
    return Tensor.zeros(t.shape);
  }

  /** From nested arrays, e.g. `Tensor.from([[1, 2], [3, 4]])`; ragged input is an error. */
  static from(values: NestedArray): Tensor {
    return Tensor.wrap(fromNested(values, "Tensor.from"));
  }

  /** `[0, 1, …, end − 1]`, or numpy's `arange(start, end, step)`: ⌈(end − start)/step⌉ values. */
  static arange(end: number): Tensor;
  static arange(start: number, end: number, step?: number): Tensor;
  static arange(startOrEnd: number, end?: number, step = 1): Tensor {
    if (end === undefined) return Tensor.wrap(arange(0, startOrEnd, 1, "Tensor.arange"));
    return Tensor.wrap(arange(startOrEnd, end, step, "Tensor.arange"));
  }

  /** [N, numClasses] rows of zeros with a 1 at column `labels[n]` (integers from 0 to numClasses − 1). */
  static oneHot(labels: ArrayLike<number>, numClasses: number): Tensor {
    return Tensor.wrap(oneHot(labels, numClasses, "Tensor.oneHot"));
  }

  /** Normal samples N(mean, std²) from a seeded generator. */
  static randn(shape: Shape, rng: Rng, mean = 0, std = 1): Tensor {
    const t = Tensor.zeros(shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
    return t;
  }

  /** Uniform samples in [low, high) from a seeded generator. */
  static rand(shape: Shape, rng: Rng, low = 0, high = 1): Tensor {
    const t = Tensor.zeros(shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rng.uniformIn(low, high);
    return t;
  }

  // ---- shape ------------------------------------------------------------------------------

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** A view with another shape over the same data (one size may be -1). */
  reshape(shape: Shape): Tensor {
    return new Tensor(this.data, resolveReshape(this.size, shape, `Tensor.reshape of ${formatShape(this.shape)}`));
  }

  /** A view with a new size-1 axis at `axis` (from −(ndim+1) to ndim), numpy's `expand_dims`. */
  unsqueeze(axis: number): Tensor {
    const a = normalizeAxis(axis, this.shape, "Tensor.unsqueeze", 1);
    return new Tensor(this.data, [...this.shape.slice(0, a), 1, ...this.shape.slice(a)]);
  }

  /** A view without the size-1 axis `axis`, or without every size-1 axis. */
  squeeze(axis?: number): Tensor {
    if (axis === undefined) return new Tensor(this.data, this.shape.filter((n) => n !== 1));
    const a = normalizeAxis(axis, this.shape, "Tensor.squeeze");
    if (this.shape[a] !== 1) {
      throw new Error(`Tensor.squeeze: axis ${axis} has size ${this.shape[a]} in shape ${formatShape(this.shape)}; only a size-1 axis can be removed`);
    }
    return new Tensor(this.data, this.shape.filter((_, d) => d !== a));
  }

  /** A copy stretched to `shape` by numpy's broadcasting rule (numpy's `broadcast_to`). */
  broadcastTo(shape: Shape): Tensor {
    checkShape(shape, "Tensor.broadcastTo");
    return Tensor.wrap(broadcastTo(this, shape, "Tensor.broadcastTo"));
  }

  /** The transpose of a 2-D tensor (a copy). */
  transpose(): Tensor {
    expectShape(this.shape, [null, null], "Tensor.transpose", "the tensor", ["rows", "cols"]);
    // A plain double loop: permute's strided walk costs more than the copy on a layer's small
    // matrices while the JIT is cold (every grading runner is a fresh process).
    const [rows, cols] = this.shape;
    const src = this.data;
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0, k = i * cols; j < cols; j++, k++) out[j * rows + i] = src[k];
    return new Tensor(out, [cols, rows]);
  }

  /** Reorders the axes (a copy): result axis i is this tensor's axis `axes[i]`. */
  permute(axes: readonly number[]): Tensor {
    const sorted = [...axes].sort((a, b) => a - b);
    if (axes.length !== this.ndim || sorted.some((a, i) => a !== i)) {
      throw new Error(`Tensor.permute: axes ${formatShape(axes)} are not a permutation of 0..${this.ndim - 1}`);
    }
    const strides = stridesOf(this.shape);
    const shape = axes.map((a) => this.shape[a]);
    return new Tensor(gather(shape, { data: this.data, offset: 0, strides: axes.map((a) => strides[a]) }), shape);
  }

  /**
   * A copy of part of the tensor, numpy's basic indexing: one entry per leading axis, `null` for
   * the whole axis, an index (the axis is removed) or `[start, end, step]` (see `SliceRange`).
   * numpy `x[:, :, i:i+s*H:s]` is `x.slice([null, null, [i, i + s * H, s]])`; `W[:, :, i, j]`
   * is `W.slice([null, null, i, j])`; `x[2:5]` is `x.slice([[2, 5]])`.
   */
  slice(ranges: readonly SliceRange[]): Tensor {
    const region = sliceRegion(this, ranges, "Tensor.slice");
    return new Tensor(gather(region.shape, region), region.shape);
  }

  /** numpy's `np.pad(x, widths, constant_values=value)`, one `[before, after]` pair per axis. */
  pad(widths: readonly (readonly [number, number])[], value = 0): Tensor {
    return Tensor.wrap(pad(this, widths, value, "Tensor.pad"));
  }

  /** Joins tensors along an existing axis (numpy's `concatenate`); other sizes must agree. */
  static concat(tensors: readonly Tensor[], axis = 0): Tensor {
    return Tensor.wrap(concat(tensors, axis, "Tensor.concat"));
  }

  /** Joins same-shape tensors along a new axis (numpy's `stack`). */
  static stack(tensors: readonly Tensor[], axis = 0): Tensor {
    return Tensor.wrap(stack(tensors, axis, "Tensor.stack"));
  }

  // ---- linear algebra ---------------------------------------------------------------------

  /** Matrix product of 2-D tensors: [M, K] · [K, N] → [M, N]. */
  matmul(other: Tensor): Tensor {
    if (this.ndim !== 2 || other.ndim !== 2 || this.shape[1] !== other.shape[0]) {
      throw new Error(
        `Tensor.matmul: cannot multiply ${formatShape(this.shape)} by ${formatShape(other.shape)}; expected [M, K] and [K, N]`,
      );
    }
    const [M, K] = this.shape;
    const N = other.shape[1];
    const out = Tensor.zeros([M, N]);
    gemm(false, false, M, N, K, this.data, other.data, out.data);
    return out;
  }

  // ---- elementwise, broadcasting ----------------------------------------------------------

  add(other: Tensor | number): Tensor {
    return this.binary(other, "add");
  }

  sub(other: Tensor | number): Tensor {
    return this.binary(other, "sub");
  }

  mul(other: Tensor | number): Tensor {
    return this.binary(other, "mul");
  }

  div(other: Tensor | number): Tensor {
    return this.binary(other, "div");
  }

  /** `this ** p` elementwise. */
  pow(p: Tensor | number): Tensor {
    return this.binary(p, "pow");
  }

  /** The larger of the two, elementwise (numpy's `maximum`; `x.maximum(0)` is ReLU). */
  maximum(other: Tensor | number): Tensor {
    return this.binary(other, "maximum");
  }

  minimum(other: Tensor | number): Tensor {
    return this.binary(other, "minimum");
  }

  /** 1 where `this > other`, else 0 (so `dy.mul(x.gt(0))` is ReLU's bprop). */
  gt(other: Tensor | number): Tensor {
    return this.binary(other, "gt");
  }

  ge(other: Tensor | number): Tensor {
    return this.binary(other, "ge");
  }

  lt(other: Tensor | number): Tensor {
    return this.binary(other, "lt");
  }

  le(other: Tensor | number): Tensor {
    return this.binary(other, "le");
  }

  eq(other: Tensor | number): Tensor {
    return this.binary(other, "eq");
  }

  ne(other: Tensor | number): Tensor {
    return this.binary(other, "ne");
  }

  /** `a` where `cond` is nonzero, else `b`; all three broadcast (numpy's `where`). */
  static where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
    return Tensor.wrap(broadcastWhere(cond, a, b, "Tensor.where"));
  }

  private binary(other: Tensor | number, op: BinaryOp): Tensor {
    return Tensor.wrap(broadcastBinary(this, other, op, `Tensor.${op}`));
  }

  // ---- elementwise, one operand -------------------------------------------------------------

  neg(): Tensor {
    return this.unary("neg");
  }

  exp(): Tensor {
    return this.unary("exp");
  }

  /** Natural logarithm (NaN below 0, −Infinity at 0, as numpy). */
  log(): Tensor {
    return this.unary("log");
  }

  sqrt(): Tensor {
    return this.unary("sqrt");
  }

  tanh(): Tensor {
    return this.unary("tanh");
  }

  abs(): Tensor {
    return this.unary("abs");
  }

  /** −1, 0 or 1 by the sign of each element. */
  sign(): Tensor {
    return this.unary("sign");
  }

  square(): Tensor {
    return this.unary("square");
  }

  /** Each element limited to [low, high] (numpy's `clip`; ±Infinity leaves a side open). */
  clip(low: number, high: number): Tensor {
    if (typeof low !== "number" || typeof high !== "number" || Number.isNaN(low) || Number.isNaN(high) || low > high) {
      throw new Error(`Tensor.clip: expected numbers low <= high, got low ${String(low)} and high ${String(high)}`);
    }
    const out = new Float64Array(this.size);
    clipInto(this.data, low, high, out);
    return new Tensor(out, this.shape);
  }

  map(fn: (v: number, i: number) => number): Tensor {
    const out = new Float64Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = fn(this.data[i], i);
    return new Tensor(out, this.shape);
  }

  private unary(op: UnaryOp): Tensor {
    const out = new Float64Array(this.size);
    UNARY_KERNELS[op](this.data, out);
    return new Tensor(out, this.shape);
  }

  // ---- in place (these change this tensor and return it) -----------------------------------

  /** numpy's `x += other`: `other` broadcasts to this tensor's shape, which never changes. */
  addInPlace(other: Tensor | number): this {
    return this.inPlace(other, "add", "Tensor.addInPlace");
  }

  /** numpy's `x -= other`. */
  subInPlace(other: Tensor | number): this {
    return this.inPlace(other, "sub", "Tensor.subInPlace");
  }

  /** numpy's `x *= other`. */
  mulInPlace(other: Tensor | number): this {
    return this.inPlace(other, "mul", "Tensor.mulInPlace");
  }

  /** numpy's `x /= other`. */
  divInPlace(other: Tensor | number): this {
    return this.inPlace(other, "div", "Tensor.divInPlace");
  }

  /** Sets every element to `value` (numpy's `x[...] = value`). */
  fill(value: number): this {
    if (typeof value !== "number") throw new Error(`Tensor.fill: value must be a number, got ${String(value)}`);
    this.data.fill(value);
    return this;
  }

  /** Copies the values of a tensor of the same shape into this one (numpy's `x[...] = other`). */
  copyFrom(other: Tensor): this {
    if (!(other instanceof Tensor)) throw new Error(`Tensor.copyFrom: other must be a Tensor, got ${String(other)}`);
    assertSameShape(this.shape, other.shape, "Tensor.copyFrom", ["this", "other"]);
    this.data.set(other.data);
    return this;
  }

  /** numpy's `x[ranges] = value`; the value broadcasts to the slice's shape (see `slice`). */
  setSlice(ranges: readonly SliceRange[], value: Tensor | number): this {
    const region = sliceRegion(this, ranges, "Tensor.setSlice");
    broadcastInPlace(region, region.shape, value, "set", "Tensor.setSlice", "the slice");
    return this;
  }

  /** numpy's `x[ranges] += value`, e.g. scattering a window's gradient back in a conv bprop. */
  addToSlice(ranges: readonly SliceRange[], value: Tensor | number): this {
    const region = sliceRegion(this, ranges, "Tensor.addToSlice");
    broadcastInPlace(region, region.shape, value, "add", "Tensor.addToSlice", "the slice");
    return this;
  }

  private inPlace(other: Tensor | number, op: BinaryOp, where: string): this {
    denseInPlace(this, other, op, where);
    return this;
  }

  // ---- reductions -------------------------------------------------------------------------

  /**
   * Sum of all elements (a number), or over `axis` (one axis, a list, or `null` for all): the
   * axes are removed from the shape, or kept as size 1 with `{ keepdims: true }`.
   * `dy.sum(0)` is a bias gradient; negative axes count from the end.
   */
  sum(): number;
  sum(axis: Axes, options?: ReduceOptions): Tensor;
  sum(axis?: Axes, options?: ReduceOptions): number | Tensor {
    return this.reduction("sum", axis, options);
  }

  /** Mean of all elements, or over `axis` (as `sum`); the mean of no elements is an error. */
  mean(): number;
  mean(axis: Axes, options?: ReduceOptions): Tensor;
  mean(axis?: Axes, options?: ReduceOptions): number | Tensor {
    return this.reduction("mean", axis, options);
  }

  /** Largest element, or the largest over `axis` (as `sum`); NaN propagates, as in numpy. */
  max(): number;
  max(axis: Axes, options?: ReduceOptions): Tensor;
  max(axis?: Axes, options?: ReduceOptions): number | Tensor {
    return this.reduction("max", axis, options);
  }

  /** Smallest element, or the smallest over `axis` (as `sum`). */
  min(): number;
  min(axis: Axes, options?: ReduceOptions): Tensor;
  min(axis?: Axes, options?: ReduceOptions): number | Tensor {
    return this.reduction("min", axis, options);
  }

  /** Variance Σ(x − mean)²/(n − ddof), of everything or over `axis`; ddof 0 (population) by default, as numpy. */
  var(): number;
  var(axis: Axes, options?: VarOptions): Tensor;
  var(axis?: Axes, options?: VarOptions): number | Tensor {
    if (axis === undefined) return variance(this, null, this.noOptions(options, "var"), "Tensor.var").data[0];
    return Tensor.wrap(variance(this, axis, options, "Tensor.var"));
  }

  /** Index of the largest element (flat), or the indices along one axis (first one on ties). */
  argmax(): number;
  argmax(axis: number): Int32Array;
  argmax(axis?: number): number | Int32Array {
    const out = argReduce(this, axis, "max", "Tensor.argmax");
    return axis === undefined ? out[0] : out;
  }

  /** Index of the smallest element (flat), or the indices along one axis (first one on ties). */
  argmin(): number;
  argmin(axis: number): Int32Array;
  argmin(axis?: number): number | Int32Array {
    const out = argReduce(this, axis, "min", "Tensor.argmin");
    return axis === undefined ? out[0] : out;
  }

  /** Whether any element is nonzero (NaN counts as nonzero, as in numpy). */
  any(): boolean {
    for (let i = 0; i < this.size; i++) if (this.data[i] !== 0) return true;
    return false;
  }

  /** Whether every element is nonzero (true for an empty tensor). */
  all(): boolean {
    for (let i = 0; i < this.size; i++) if (this.data[i] === 0) return false;
    return true;
  }

  private reduction(kind: "sum" | "mean" | "max" | "min", axis: Axes | undefined, options: ReduceOptions | undefined): number | Tensor {
    const where = `Tensor.${kind}`;
    if (axis !== undefined) return Tensor.wrap(reduceAxes(this, axis, kind, options, where));
    this.noOptions(options, kind);
    if (kind !== "mean") return reduceAll(this.data, kind, where);
    if (this.size === 0) throw new Error(`${where}: the tensor is empty; the mean of no elements is undefined`);
    return reduceAll(this.data, "sum", where) / this.size;
  }

  /** Options without an axis would be silently ignored: say how to reduce over every axis. */
  private noOptions<T>(options: T | undefined, kind: string): undefined {
    if (options !== undefined) {
      throw new Error(`Tensor.${kind}: options need an axis; pass null to reduce over every axis, e.g. x.${kind}(null, { keepdims: true })`);
    }
    return undefined;
  }

  // ---- access and conversion ----------------------------------------------------------------

  /** Element at a full index, e.g. `t.get(i, j)`. */
  get(...index: number[]): number {
    return this.data[this.offsetOf(index, "get")];
  }

  set(index: readonly number[], value: number): void {
    this.data[this.offsetOf(index, "set")] = value;
  }

  private offsetOf(index: readonly number[], name: string): number {
    if (index.length !== this.ndim) {
      throw new Error(`Tensor.${name}: index [${index.join(", ")}] has ${index.length} entries, shape ${formatShape(this.shape)} has ${this.ndim}`);
    }
    let offset = 0;
    for (let d = 0; d < index.length; d++) {
      const i = index[d];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[d]) {
        throw new Error(`Tensor.${name}: index [${index.join(", ")}] is out of range for shape ${formatShape(this.shape)}`);
      }
      offset = offset * this.shape[d] + i;
    }
    return offset;
  }

  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** Nested JavaScript arrays (a plain number for a 0-D tensor). */
  toArray(): NestedArray {
    return toNested(this.data, this.shape);
  }

  /** True when any element is NaN or ±Infinity. */
  hasNonFinite(): boolean {
    for (let i = 0; i < this.size; i++) if (!Number.isFinite(this.data[i])) return true;
    return false;
  }

  toString(): string {
    return formatTensor(this.data, this.shape);
  }

  /** Notebooks print a value with util.inspect; show the readable form. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
