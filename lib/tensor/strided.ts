/**
 * Strided walks over n-d index spaces: the one loop behind broadcasting, slicing, padding and
 * permuting. A tensor's data is row-major, but a broadcast operand (stride 0 along a stretched
 * axis), a slice (a start offset and stepped strides) or a permutation (reordered strides) reads
 * the same buffer with other strides; all of them are a `StridedView`.
 */
import { Shape, shapeSize, stridesOf } from "./shape";

/** Element (i₀, i₁, …) of the view is `data[offset + Σ_d i_d · strides[d]]`. */
export interface StridedView {
  readonly data: Float64Array;
  readonly offset: number;
  readonly strides: readonly number[];
}

/** A contiguous row-major view of a whole buffer of the given shape. */
export function contiguous(data: Float64Array, shape: Shape): StridedView {
  return { data, offset: 0, strides: stridesOf(shape) };
}

/**
 * Strides that read a row-major array of shape `shape` as if it had the (broadcast) shape
 * `target`: axes are aligned from the right, and a missing or size-1 axis gets stride 0, so
 * every index along it reads the same element. The caller has checked that `shape` broadcasts
 * to `target`.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const shift = target.length - shape.length;
  return target.map((_, d) => (d < shift || shape[d - shift] === 1 ? 0 : own[d - shift]));
}

/**
 * Walks the index space of `shape` in row-major order for several views at once, one run at a
 * time: `visit(starts, len, steps)` is called for each run of `len` consecutive indices along
 * the innermost axis, where view k starts at `starts[k]` and moves by `steps[k]` per index.
 * `starts` is reused between calls (read it, do not keep it). Each kernel therefore loops over
 * a run with plain index arithmetic and pays the call only once per run.
 *
 * Size-1 axes are dropped and neighbouring axes that every view walks contiguously are merged
 * first, so a same-shape or scalar operation is one run, and `[N, C, H, W] + [1, C, 1, 1]` has
 * runs of H·W.
 */
export function forEachRun(
  shape: Shape,
  views: readonly StridedView[],
  visit: (starts: number[], len: number, steps: readonly number[]) => void,
): void {
  if (shapeSize(shape) === 0) return;
  const sizes: number[] = [];
  const strides: number[][] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const here = views.map((v) => v.strides[d]);
    const last = sizes.length - 1;
    // The outer axis merges into this one when its stride is this one's stride times its size.
    if (last >= 0 && here.every((s, k) => strides[last][k] === s * shape[d])) {
      sizes[last] *= shape[d];
      strides[last] = here;
    } else {
      sizes.push(shape[d]);
      strides.push(here);
    }
  }
  const starts = views.map((v) => v.offset);
  if (sizes.length === 0) {
    visit(starts, 1, views.map(() => 0));
    return;
  }
  const inner = sizes.length - 1;
  const len = sizes[inner];
  const steps = strides[inner];
  const index = new Array<number>(inner).fill(0);
  const k = views.length;
  for (;;) {
    visit(starts, len, steps);
    // Odometer increment over the outer axes, moving every view by its strides.
    let d = inner - 1;
    for (; d >= 0; d--) {
      const s = strides[d];
      index[d]++;
      if (index[d] < sizes[d]) {
        for (let v = 0; v < k; v++) starts[v] += s[v];
        break;
      }
      for (let v = 0; v < k; v++) starts[v] -= s[v] * (sizes[d] - 1);
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Copies the elements of `src` into `dst`, both laid over the index space `shape`. */
export function copyStrided(shape: Shape, dst: StridedView, src: StridedView): void {
  const out = dst.data;
  const from = src.data;
  forEachRun(shape, [dst, src], (starts, len, steps) => {
    let o = starts[0];
    let i = starts[1];
    const so = steps[0];
    const si = steps[1];
    for (let n = 0; n < len; n++, o += so, i += si) out[o] = from[i];
  });
}

/** A new row-major array of shape `shape` holding the elements of `src` in index order. */
export function gather(shape: Shape, src: StridedView): Float64Array {
  const out = new Float64Array(shapeSize(shape));
  copyStrided(shape, contiguous(out, shape), src);
  return out;
}
