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
  const rows = rowsBroadcast(a.shape, b.shape);
  if (rows !== null) {
    const out = new Float64Array(n);
    const m = a.shape[a.shape.length - 1];
    for (let r = 0, o = 0; o < n; r++, o += m) run(out, o, 1, a.data, o, 1, b.data, rows === "row" ? 0 : r, rows === "row" ? 1 : 0, m);
    return { data: out, shape: [...a.shape] };
  }
  const shape = broadcastShapes(a.shape, b.shape, where);
  const out = new Float64Array(shapeSize(shape));
  const views = [contiguous(out, shape), broadcastView(a, shape), broadcastView(b, shape)];
  forEachRun(shape, views, (s, len, st) => run(out, s[0], st[0], a.data, s[1], st[1], b.data, s[2], st[2], len));
  return { data: out, shape };
}

/**
 * How `b` broadcasts against `a` when it is one of the two broadcasts of every layer and loss:
 * "row" for a row of the last axis (`[N, M] + [M]`, a bias; any leading axes of `b` are 1) and
 * "column" for a keepdims reduction of the last axis (`[N, M] - [N, 1]`, a softmax's max); null
 * otherwise. These take a plain loop over rows instead of `forEachRun`, whose set-up costs more
 * than the arithmetic on a training step's small tensors while the JIT is still cold, as it is
 * in every grading runner (a fresh process per student).
 */
function rowsBroadcast(a: Shape, b: Shape): "row" | "column" | null {
  const last = a.length - 1;
  if (last < 0 || b.length === 0 || b.length > a.length) return null;
  const shift = a.length - b.length;
  let row = b[b.length - 1] === a[last];
  for (let d = 0; row && d < b.length - 1; d++) row = b[d] === 1;
  if (row) return "row";
  if (shift !== 0 || b[last] !== 1 || a[last] === 1) return null;
  for (let d = 0; d < last; d++) if (b[d] !== a[d]) return null;
  return "column";
}

/**
 * `target ∘= value` for a whole row-major tensor (`x.addInPlace(v)`): a number or a tensor of the
 * same shape is one run over the buffer, anything else broadcasts through `broadcastInPlace`.
 */
export function denseInPlace(target: Dense, value: Dense | number, op: BinaryOp, where: string): void {
  const t = target.data;
  if (typeof value === "number") {
    BINARY_RUNS[op](t, 0, 1, t, 0, 1, Float64Array.of(value), 0, 0, t.length);
    return;
  }
  if (typeof value === "object" && value !== null && value.data instanceof Float64Array && Array.isArray(value.shape) && sameShape(value.shape, target.shape)) {
    BINARY_RUNS[op](t, 0, 1, t, 0, 1, value.data, 0, 1, t.length);
    return;
  }
  broadcastInPlace(contiguous(t, target.shape), target.shape, value, op, where);
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
