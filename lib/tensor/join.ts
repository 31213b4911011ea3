/**
 * Joining and padding: numpy's `concatenate`, `stack` and `pad` (constant mode). Row-major
 * buffers seen as [outer, len, inner] around the axis let concatenation copy whole blocks.
 */
import { Dense, DenseResult } from "./broadcast";
import { Shape, formatShape, normalizeAxis, shapeSize, stridesOf } from "./shape";
import { contiguous, copyStrided } from "./strided";

/** Joins tensors along an existing axis; every other size must agree. */
export function concat(tensors: readonly Dense[], axis: number, where: string): DenseResult {
  const first = checkList(tensors, where);
  const a = normalizeAxis(axis, first.shape, where);
  tensors.forEach((t, i) => {
    const agrees = t.shape.length === first.shape.length && t.shape.every((n, d) => d === a || n === first.shape[d]);
    if (!agrees) {
      throw new Error(
        `${where}: tensors[${i}] has shape ${formatShape(t.shape)} but tensors[0] has shape ${formatShape(first.shape)}; ` +
          `expected the same number of axes and the same sizes on every axis except axis ${axis}`,
      );
    }
  });
  const shape = [...first.shape];
  shape[a] = tensors.reduce((n, t) => n + t.shape[a], 0);
  const outer = shapeSize(shape.slice(0, a));
  const inner = shapeSize(shape.slice(a + 1));
  const out = new Float64Array(shapeSize(shape));
  let pos = 0;
  for (let o = 0; o < outer; o++) {
    for (const t of tensors) {
      const block = t.shape[a] * inner;
      out.set(t.data.subarray(o * block, (o + 1) * block), pos);
      pos += block;
    }
  }
  return { data: out, shape };
}

/** Joins same-shape tensors along a new axis (result axis `axis` indexes the tensors). */
export function stack(tensors: readonly Dense[], axis: number, where: string): DenseResult {
  const first = checkList(tensors, where);
  const a = normalizeAxis(axis, first.shape, where, 1);
  tensors.forEach((t, i) => {
    if (t.shape.length !== first.shape.length || t.shape.some((n, d) => n !== first.shape[d])) {
      throw new Error(`${where}: tensors[${i}] has shape ${formatShape(t.shape)} but tensors[0] has shape ${formatShape(first.shape)}; they must be equal`);
    }
  });
  const withAxis = (s: Shape): number[] => [...s.slice(0, a), 1, ...s.slice(a)];
  return concat(tensors.map((t) => ({ data: t.data, shape: withAxis(t.shape) })), a, where);
}

/** numpy's `np.pad(x, widths, constant_values=value)`: `widths[d] = [before, after]` for each axis. */
export function pad(t: Dense, widths: readonly (readonly [number, number])[], value: number, where: string): DenseResult {
  const n = t.shape.length;
  if (!Array.isArray(widths) || widths.length !== n) {
    const got = Array.isArray(widths) ? `${widths.length} pairs` : String(widths);
    throw new Error(`${where}: expected one [before, after] pair per axis of shape ${formatShape(t.shape)} (${n} pairs), got ${got}`);
  }
  widths.forEach((w, d) => {
    const ok = Array.isArray(w) && w.length === 2 && w.every((v) => Number.isInteger(v) && v >= 0);
    if (!ok) throw new Error(`${where}: widths[${d}] is ${JSON.stringify(w)}; expected [before, after] with non-negative integers`);
  });
  if (typeof value !== "number") throw new Error(`${where}: value must be a number, got ${String(value)}`);
  const shape = t.shape.map((len, d) => widths[d][0] + len + widths[d][1]);
  const out = new Float64Array(shapeSize(shape)).fill(value);
  const strides = stridesOf(shape);
  const offset = widths.reduce((sum, w, d) => sum + w[0] * strides[d], 0);
  copyStrided(t.shape, { data: out, offset, strides }, contiguous(t.data, t.shape));
  return { data: out, shape };
}

function checkList(tensors: readonly Dense[], where: string): Dense {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new Error(`${where}: expected a non-empty list of tensors, got ${Array.isArray(tensors) ? "an empty list" : String(tensors)}`);
  }
  tensors.forEach((t, i) => {
    if (!t || !(t.data instanceof Float64Array)) throw new Error(`${where}: tensors[${i}] is not a Tensor`);
  });
  return tensors[0];
}
