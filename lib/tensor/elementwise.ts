/**
 * The elementwise kernels, one explicit loop per operation. A single loop calling a function
 * argument per element would be simpler, but once more than a few functions pass through it V8
 * stops inlining the call and every element pays for it (about 5× slower on a same-shape add);
 * written out, each loop compiles to straight arithmetic.
 */

/**
 * One run of a binary operation: `out[o + n·so] = a[ia + n·sa] ∘ b[ib + n·sb]` for n < len.
 * Stride 0 repeats an element (a broadcast axis or a scalar); see `forEachRun`.
 */
export type BinaryRun = (
  out: Float64Array, o: number, so: number,
  a: Float64Array, ia: number, sa: number,
  b: Float64Array, ib: number, sb: number,
  len: number,
) => void;

export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "gt" | "ge" | "lt" | "le" | "eq" | "ne" | "set";

export const BINARY_RUNS: Record<BinaryOp, BinaryRun> = {
  add(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] + b[ib];
  },
  sub(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] - b[ib];
  },
  mul(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] * b[ib];
  },
  div(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] / b[ib];
  },
  pow(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = Math.pow(a[ia], b[ib]);
  },
  // Math.max and Math.min return NaN when either side is NaN, as numpy's maximum and minimum do.
  maximum(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = Math.max(a[ia], b[ib]);
  },
  minimum(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = Math.min(a[ia], b[ib]);
  },
  // Comparisons give 1 or 0; any comparison with NaN is false except `ne`, as in IEEE 754 and numpy.
  gt(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] > b[ib] ? 1 : 0;
  },
  ge(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] >= b[ib] ? 1 : 0;
  },
  lt(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] < b[ib] ? 1 : 0;
  },
  le(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] <= b[ib] ? 1 : 0;
  },
  eq(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] === b[ib] ? 1 : 0;
  },
  ne(out, o, so, a, ia, sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ia += sa, ib += sb) out[o] = a[ia] !== b[ib] ? 1 : 0;
  },
  /** `out = b`: assignment, for `setSlice` and `copyFrom`. */
  set(out, o, so, _a, _ia, _sa, b, ib, sb, len) {
    for (let n = 0; n < len; n++, o += so, ib += sb) out[o] = b[ib];
  },
};

/** A unary operation over a whole contiguous buffer: `out[i] = f(x[i])`. */
export type UnaryKernel = (x: Float64Array, out: Float64Array) => void;

export type UnaryOp = "neg" | "exp" | "log" | "sqrt" | "tanh" | "abs" | "sign" | "square";

export const UNARY_KERNELS: Record<UnaryOp, UnaryKernel> = {
  neg(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = -x[i];
  },
  exp(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
  },
  log(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
  },
  sqrt(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]);
  },
  tanh(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
  },
  abs(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]);
  },
  // Math.sign(0) is 0 and Math.sign(NaN) is NaN, as numpy's sign.
  sign(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.sign(x[i]);
  },
  square(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = x[i] * x[i];
  },
};

/** `out[i] = min(max(x[i], low), high)` (numpy's `clip`; NaN stays NaN). */
export function clipInto(x: Float64Array, low: number, high: number, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i], low), high);
}
