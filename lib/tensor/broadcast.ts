/**
 * numpy broadcasting for the tensor's binary operations, in-place updates and `where`.
 * Everything here works on plain row-major buffers (`Dense`), so `Tensor` wraps it without a
 * circular import.
 */
import { BINARY_RUNS, BinaryOp } from "./elementwise";
import { BROADCAST_RULE, Shape, broadcastAll, broadcastShapes, formatShape, sameShape, shapeSize } from "./shape";
import { StridedView, broadcastStrides, contiguous, forEachRun } from "./strided";

/** A row-major buffer and its shape; a `Tensor` is one. */
export interface Dense {
  readonly data: Float64Array;
  readonly shape: Shape;
}

/** The result of an operation, for `Tensor` to wrap. */
export interface DenseResult {
  data: Float64Array;
  shape: number[];
}

/**
 * `a ∘ b` elementwise with numpy broadcasting: a new row-major buffer of the broadcast shape.
 * Same shapes and a plain number take one run over the whole buffer, as fast as a flat loop.
 */
export function broadcastBinary(a: Dense, b: Dense | number, op: BinaryOp, where: string): DenseResult {
  const run = BINARY_RUNS[op];
  const n = a.data.length;
  checkOperand(b, where, "other");
  if (typeof b === "number") {
    const out = new Float64Array(n);
    run(out, 0, 1, a.data, 0, 1, Float64Array.of(b), 0, 0, n);
    return { data: out, shape: [...a.shape] };
  }
  if (sameShape(a.shape, b.shape)) {
    const out = new Float64Array(n);
    run(out, 0, 1, a.data, 0, 1, b.data, 0, 1, n);
    return { data: out, shape: [...a.shape] };
  }
  const shape = broadcastShapes(a.shape, b.shape, where);
  const out = new Float64Array(shapeSize(shape));
  const views = [contiguous(out, shape), broadcastView(a, shape), broadcastView(b, shape)];
  forEachRun(shape, views, (s, len, st) => run(out, s[0], st[0], a.data, s[1], st[1], b.data, s[2], st[2], len));
  return { data: out, shape };
}

/**
 * `target ∘= value` in place, over the index space `shape` of a (possibly strided) target:
 * a whole tensor for `addInPlace`, a slice for `addToSlice`/`setSlice`. The value broadcasts
 * to the target's shape; the target never changes shape, as with numpy's `x += v`.
 */
export function broadcastInPlace(
  target: StridedView,
  shape: Shape,
  value: Dense | number,
  op: BinaryOp,
  where: string,
  targetName = "this tensor",
): void {
  const run = BINARY_RUNS[op];
  const t = target.data;
  checkOperand(value, where, "value");
  if (typeof value === "number") {
    const scalar = Float64Array.of(value);
    forEachRun(shape, [target], (s, len, st) => run(t, s[0], st[0], t, s[0], st[0], scalar, 0, 0, len));
    return;
  }
  if (!broadcastsTo(value.shape, shape)) {
    throw new Error(
      `${where}: a value of shape ${formatShape(value.shape)} does not broadcast to ${targetName}'s shape ${formatShape(shape)} ` +
        `(${BROADCAST_RULE}; an in-place update keeps the target's shape)`,
    );
  }
  // A value sharing the target's buffer (x.addInPlace(x)) is safe: to broadcast to the target
  // it must have as many elements, so it reads each element before it is written.
  const v = value.data;
  const views = [target, { data: v, offset: 0, strides: broadcastStrides(value.shape, shape) }];
  forEachRun(shape, views, (s, len, st) => run(t, s[0], st[0], t, s[0], st[0], v, s[1], st[1], len));
}

/** `cond ≠ 0 ? a : b` elementwise, all three broadcast together (numpy's `where`). */
export function broadcastWhere(cond: Dense, a: Dense | number, b: Dense | number, where: string): DenseResult {
  checkOperand(cond, where, "cond", false);
  checkOperand(a, where, "a");
  checkOperand(b, where, "b");
  const asDense = (x: Dense | number): Dense => (typeof x === "number" ? { data: Float64Array.of(x), shape: [] } : x);
  const [da, db] = [asDense(a), asDense(b)];
  const shape = broadcastAll([cond.shape, da.shape, db.shape], where);
  const out = new Float64Array(shapeSize(shape));
  const [c, x, y] = [cond.data, da.data, db.data];
  const views = [contiguous(out, shape), broadcastView(cond, shape), broadcastView(da, shape), broadcastView(db, shape)];
  forEachRun(shape, views, (s, len, st) => {
    let [o, ic, ia, ib] = s;
    for (let n = 0; n < len; n++, o += st[0], ic += st[1], ia += st[2], ib += st[3]) out[o] = c[ic] !== 0 ? x[ia] : y[ib];
  });
  return { data: out, shape };
}

/** A copy of `a` stretched to `shape` (numpy's `broadcast_to`, materialized). */
export function broadcastTo(a: Dense, shape: Shape, where: string): DenseResult {
  if (!broadcastsTo(a.shape, shape)) {
    throw new Error(`${where}: shape ${formatShape(a.shape)} does not broadcast to ${formatShape(shape)} (${BROADCAST_RULE})`);
  }
  const out = new Float64Array(shapeSize(shape));
  const src = broadcastView(a, shape);
  forEachRun(shape, [contiguous(out, shape), src], (s, len, st) => {
    BINARY_RUNS.set(out, s[0], st[0], out, 0, 0, a.data, s[1], st[1], len);
  });
  return { data: out, shape: [...shape] };
}

/** Whether `from` broadcasts to exactly `to`: the result of the broadcast may not grow past `to`. */
export function broadcastsTo(from: Shape, to: Shape): boolean {
  if (from.length > to.length) return false;
  for (let i = 1; i <= from.length; i++) {
    const f = from[from.length - i];
    if (f !== 1 && f !== to[to.length - i]) return false;
  }
  return true;
}

/** A clear error for an operand that is neither a tensor nor (where allowed) a number, e.g. a nested array. */
function checkOperand(x: unknown, where: string, name: string, numberOk = true): void {
  if (numberOk && typeof x === "number") return;
  const dense = typeof x === "object" && x !== null && (x as Dense).data instanceof Float64Array && Array.isArray((x as Dense).shape);
  if (!dense) {
    const got =
      x === undefined || x === null ? String(x) : Array.isArray(x) ? "an array (use Tensor.from)" : typeof x === "object" ? String(x) : `${typeof x} ${String(x)}`;
    throw new Error(`${where}: ${name} must be a Tensor${numberOk ? " or a number" : ""}, got ${got}`);
  }
}

function broadcastView(a: Dense, shape: Shape): StridedView {
  return { data: a.data, offset: 0, strides: broadcastStrides(a.shape, shape) };
}
