/**
 * numpy's basic indexing, `x[:, 2]`, `x[2:5]`, `x[:, :, i:i+s*H:s]`, as a list of ranges, one
 * per leading axis. A list of ranges resolves to a region of the tensor's buffer (a start
 * offset, a shape and strides), which `Tensor.slice` copies out and `setSlice`/`addToSlice`
 * write into.
 */
import { Dense } from "./broadcast";
import { formatShape, stridesOf } from "./shape";
import { StridedView } from "./strided";

/**
 * What one axis of `x.slice(ranges)` takes:
 * - `null`: the whole axis (numpy `:`);
 * - a number: that index, and the axis is removed (numpy `x[:, 2]`); negative counts from the end;
 * - `[start, end]` or `[start, end, step]`: numpy's `start:end:step` (end exclusive, negative
 *   indices from the end, out-of-range bounds clamped, `null` for an open end, step ≥ 1).
 */
export type SliceRange = null | number | readonly [number | null, number | null] | readonly [number | null, number | null, number];

/** A region of a buffer: element i of the region is at `offset + Σ i_d · strides[d]`. */
export interface SliceRegion extends StridedView {
  readonly shape: number[];
}

/** Resolves `ranges` against a row-major tensor: the region of its buffer that they select. */
export function sliceRegion(t: Dense, ranges: readonly SliceRange[], where: string): SliceRegion {
  const shape = t.shape;
  if (!Array.isArray(ranges)) {
    throw new Error(`${where}: ranges must be a list with one entry per leading axis (null, an index or [start, end, step]), got ${String(ranges)}`);
  }
  if (ranges.length > shape.length) {
    throw new Error(`${where}: ${ranges.length} ranges for shape ${formatShape(shape)}, which has ${shape.length} ax${shape.length === 1 ? "is" : "es"}`);
  }
  const own = stridesOf(shape);
  let offset = 0;
  const outShape: number[] = [];
  const strides: number[] = [];
  shape.forEach((len, d) => {
    const r = d < ranges.length ? ranges[d] : null;
    const axisName = `axis ${d} of shape ${formatShape(shape)}`;
    if (r === null) {
      outShape.push(len);
      strides.push(own[d]);
    } else if (typeof r === "number") {
      if (!Number.isInteger(r) || r < -len || r >= len) {
        const expected = len === 0 ? "the axis is empty" : `expected an integer from ${-len} to ${len - 1}`;
        throw new Error(`${where}: index ${r} is out of range for ${axisName} (${expected})`);
      }
      offset += (r < 0 ? r + len : r) * own[d];
    } else if (Array.isArray(r) && (r.length === 2 || r.length === 3)) {
      const { start, count, step } = resolveRange(r, len, `${where}: range ${formatRange(r)} for ${axisName}`);
      offset += start * own[d];
      outShape.push(count);
      strides.push(step * own[d]);
    } else {
      throw new Error(`${where}: entry ${d} of the ranges is ${formatRange(r)}; expected null, an index, [start, end] or [start, end, step]`);
    }
  });
  return { data: t.data, offset, shape: outShape, strides };
}

/** numpy's `slice(start, end, step).indices(len)` for step ≥ 1, as a start and a count. */
function resolveRange(r: readonly unknown[], len: number, where: string): { start: number; count: number; step: number } {
  const [rawStart, rawEnd, rawStep = 1] = r;
  const bound = (v: unknown, name: string, open: number): number => {
    if (v === null) return open;
    if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${where}: ${name} must be an integer or null, got ${String(v)}`);
    const i = v < 0 ? v + len : v;
    return Math.min(Math.max(i, 0), len);
  };
  if (typeof rawStep !== "number" || !Number.isInteger(rawStep) || rawStep < 1) {
    throw new Error(`${where}: step must be an integer >= 1, got ${String(rawStep)} (negative steps are not supported)`);
  }
  const start = bound(rawStart, "start", 0);
  const end = bound(rawEnd, "end", len);
  return { start, count: Math.max(0, Math.ceil((end - start) / rawStep)), step: rawStep };
}

function formatRange(r: unknown): string {
  if (Array.isArray(r)) return `[${r.map((v) => String(v)).join(", ")}]`;
  return typeof r === "string" ? JSON.stringify(r) : String(r);
}
