import { gemm } from "./gemm";
import { Rng } from "./random";
import {
  Shape,
  assertSameShape,
  checkShape,
  expectShape,
  formatShape,
  resolveReshape,
  shapeSize,
  stridesOf,
} from "./shape";

/** Nested JavaScript arrays of numbers, as `Tensor.from` takes and `toArray()` gives. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array of float64 numbers stored row-major in one `Float64Array`.
 *
 * Arithmetic never broadcasts silently: both operands must have the same shape (or one is a
 * plain number), and a mismatch is an error naming both shapes. `reshape` returns a view that
 * shares `data`; everything else returns a new tensor.
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
    const shape: number[] = [];
    let probe: NestedArray = values;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = probe[0];
    }
    const data = new Float64Array(shapeSize(shape));
    let offset = 0;
    const walk = (v: NestedArray, depth: number, path: string): void => {
      if (depth === shape.length) {
        if (typeof v !== "number") throw new Error(`Tensor.from: expected a number at ${path}, got an array (ragged input)`);
        data[offset++] = v;
        return;
      }
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        const got = Array.isArray(v) ? `${v.length} entries` : "a number";
        throw new Error(`Tensor.from: ragged input at ${path}: expected ${shape[depth]} entries, got ${got}`);
      }
      v.forEach((item, i) => walk(item, depth + 1, `${path}[${i}]`));
    };
    walk(values, 0, "values");
    return new Tensor(data, shape);
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

  /** The transpose of a 2-D tensor. */
  transpose(): Tensor {
    expectShape(this.shape, [null, null], "Tensor.transpose", "the tensor", ["rows", "cols"]);
    return this.permute([1, 0]);
  }

  /** Reorders the axes: result axis i is this tensor's axis `axes[i]`. */
  permute(axes: readonly number[]): Tensor {
    const n = this.ndim;
    const sorted = [...axes].sort((a, b) => a - b);
    if (axes.length !== n || sorted.some((a, i) => a !== i)) {
      throw new Error(`Tensor.permute: axes ${formatShape(axes)} are not a permutation of 0..${n - 1}`);
    }
    const outShape = axes.map((a) => this.shape[a]);
    const inStrides = stridesOf(this.shape);
    const stepOf = axes.map((a) => inStrides[a]);
    const out = Tensor.zeros(outShape);
    const index = new Array<number>(n).fill(0);
    let src = 0;
    for (let dst = 0; dst < out.size; dst++) {
      out.data[dst] = this.data[src];
      // Odometer increment over the output index, moving `src` by the input strides.
      for (let d = n - 1; d >= 0; d--) {
        index[d]++;
        src += stepOf[d];
        if (index[d] < outShape[d]) break;
        src -= stepOf[d] * outShape[d];
        index[d] = 0;
      }
    }
    return out;
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

  // ---- elementwise ------------------------------------------------------------------------

  add(other: Tensor | number): Tensor {
    return this.zipWith(other, "add", (a, b) => a + b);
  }

  sub(other: Tensor | number): Tensor {
    return this.zipWith(other, "sub", (a, b) => a - b);
  }

  mul(other: Tensor | number): Tensor {
    return this.zipWith(other, "mul", (a, b) => a * b);
  }

  div(other: Tensor | number): Tensor {
    return this.zipWith(other, "div", (a, b) => a / b);
  }

  neg(): Tensor {
    return this.map((v) => -v);
  }

  map(fn: (v: number, i: number) => number): Tensor {
    const out = new Float64Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = fn(this.data[i], i);
    return new Tensor(out, this.shape);
  }

  private zipWith(other: Tensor | number, name: string, fn: (a: number, b: number) => number): Tensor {
    const out = new Float64Array(this.size);
    if (typeof other === "number") {
      for (let i = 0; i < out.length; i++) out[i] = fn(this.data[i], other);
    } else {
      assertSameShape(this.shape, other.shape, `Tensor.${name}`, ["this", "other"]);
      for (let i = 0; i < out.length; i++) out[i] = fn(this.data[i], other.data[i]);
    }
    return new Tensor(out, this.shape);
  }

  // ---- reductions -------------------------------------------------------------------------

  /** Sum of all elements, or along one axis (the axis is removed from the shape). */
  sum(): number;
  sum(axis: number): Tensor;
  sum(axis?: number): number | Tensor {
    if (axis === undefined) {
      let s = 0;
      for (let i = 0; i < this.size; i++) s += this.data[i];
      return s;
    }
    return this.reduce(axis, "sum", 0, (acc, v) => acc + v);
  }

  /** Mean of all elements, or along one axis. */
  mean(): number;
  mean(axis: number): Tensor;
  mean(axis?: number): number | Tensor {
    if (axis === undefined) return this.sum() / this.size;
    const n = this.shape[this.checkAxis(axis, "mean")];
    return this.sum(axis).map((v) => v / n);
  }

  /** Largest element, or the largest along one axis. */
  max(): number;
  max(axis: number): Tensor;
  max(axis?: number): number | Tensor {
    if (axis === undefined) {
      if (this.size === 0) throw new Error("Tensor.max: the tensor is empty");
      let m = -Infinity;
      for (let i = 0; i < this.size; i++) if (this.data[i] > m) m = this.data[i];
      return m;
    }
    const a = this.checkAxis(axis, "max");
    if (this.shape[a] === 0) throw new Error(`Tensor.max: axis ${axis} has length 0`);
    return this.reduce(a, "max", -Infinity, (acc, v) => (v > acc ? v : acc));
  }

  /** Index of the largest element (flat), or the indices along one axis (first one on ties). */
  argmax(): number;
  argmax(axis: number): Int32Array;
  argmax(axis?: number): number | Int32Array {
    if (axis === undefined) {
      if (this.size === 0) throw new Error("Tensor.argmax: the tensor is empty");
      let best = 0;
      for (let i = 1; i < this.size; i++) if (this.data[i] > this.data[best]) best = i;
      return best;
    }
    const a = this.checkAxis(axis, "argmax");
    const { outer, len, inner } = this.axisSplit(a);
    if (len === 0) throw new Error(`Tensor.argmax: axis ${axis} has length 0`);
    const out = new Int32Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < inner; r++) {
        const base = o * len * inner + r;
        let best = 0;
        for (let k = 1; k < len; k++) if (this.data[base + k * inner] > this.data[base + best * inner]) best = k;
        out[o * inner + r] = best;
      }
    }
    return out;
  }

  private reduce(axis: number, name: string, init: number, step: (acc: number, v: number) => number): Tensor {
    const a = this.checkAxis(axis, name);
    const { outer, len, inner } = this.axisSplit(a);
    const out = new Float64Array(outer * inner).fill(init);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < len; k++) {
        const src = (o * len + k) * inner;
        const dst = o * inner;
        for (let r = 0; r < inner; r++) out[dst + r] = step(out[dst + r], this.data[src + r]);
      }
    }
    return new Tensor(out, this.shape.filter((_, i) => i !== a));
  }

  /** Views the tensor as [outer, len, inner] around `axis`, so reductions need no strides. */
  private axisSplit(axis: number): { outer: number; len: number; inner: number } {
    return {
      outer: shapeSize(this.shape.slice(0, axis)),
      len: this.shape[axis],
      inner: shapeSize(this.shape.slice(axis + 1)),
    };
  }

  private checkAxis(axis: number, name: string): number {
    const a = axis < 0 ? axis + this.ndim : axis;
    if (!Number.isInteger(axis) || a < 0 || a >= this.ndim) {
      throw new Error(`Tensor.${name}: axis ${axis} is out of range for shape ${formatShape(this.shape)}`);
    }
    return a;
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
    let offset = 0;
    const build = (depth: number): NestedArray => {
      if (depth === this.ndim) return this.data[offset++];
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[depth]; i++) out.push(build(depth + 1));
      return out;
    };
    return build(0);
  }

  /** True when any element is NaN or ±Infinity. */
  hasNonFinite(): boolean {
    for (let i = 0; i < this.size; i++) if (!Number.isFinite(this.data[i])) return true;
    return false;
  }

  toString(): string {
    const fmt = (v: number): string => {
      if (Number.isInteger(v)) return String(v);
      // Six significant digits without toPrecision's trailing zeros (0.5, 123.457, 1.5e-7);
      // only zeros after a decimal point are trimmed, so 100000.4 stays "100000".
      const [mantissa, exponent] = v.toPrecision(6).split("e");
      const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
      return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
    };
    const show = (v: NestedArray, indent: number): string => {
      if (!Array.isArray(v)) return fmt(v);
      if (v.length > 0 && Array.isArray(v[0])) {
        return "[" + v.map((row, i) => (i ? " ".repeat(indent + 1) : "") + show(row, indent + 1)).join(",\n") + "]";
      }
      return "[" + v.map((x) => show(x, indent)).join(", ") + "]";
    };
    const body = this.size > 1000 ? `(${this.size} values)` : show(this.toArray(), 7);
    return `Tensor(${body}, shape=${formatShape(this.shape)})`;
  }

  /** Notebooks print a value with util.inspect; show the readable form. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
