import { broadcastStrides, contiguous, forEachRun } from "./strided";

/** Every offset the walk visits, per view, in order. */
function visited(shape: number[], strides: number[][]): { offsets: number[][]; runs: number[] } {
  const offsets: number[][] = strides.map(() => []);
  const runs: number[] = [];
  const views = strides.map((s) => ({ data: new Float64Array(0), offset: 3, strides: s }));
  forEachRun(shape, views, (starts, len, steps) => {
    runs.push(len);
    starts.forEach((s, k) => {
      for (let n = 0; n < len; n++) offsets[k].push(s + n * steps[k]);
    });
  });
  return { offsets, runs };
}

describe("forEachRun: the strided walk", () => {
  test("visits offset + Σ i_d·strides[d] in row-major order, checked against nested loops", () => {
    // A permuted 2×3×4 read: strides [1, 8, 2] over an arbitrary layout, plus a contiguous view.
    const shape = [2, 3, 4];
    const strides = [[1, 8, 2], [12, 4, 1]];
    const expected: number[][] = [[], []];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        for (let k = 0; k < 4; k++) {
          expected[0].push(3 + i * 1 + j * 8 + k * 2);
          expected[1].push(3 + i * 12 + j * 4 + k * 1);
        }
      }
    }
    expect(visited(shape, strides).offsets).toEqual(expected);
  });

  test("merges axes that every view walks contiguously, and drops size-1 axes", () => {
    // Same-shape contiguous views: one run over everything.
    expect(visited([2, 3, 4], [[12, 4, 1], [12, 4, 1]]).runs).toEqual([24]);
    // [N, C, H, W] + [1, C, 1, 1]: runs of H·W (the bias view has stride 0 over H and W).
    const target = [2, 3, 2, 2];
    const bias = broadcastStrides([1, 3, 1, 1], target);
    expect(bias).toEqual([0, 1, 0, 0]);
    const { runs, offsets } = visited(target, [contiguous(new Float64Array(24), target).strides as number[], bias]);
    expect(runs).toEqual([4, 4, 4, 4, 4, 4]);
    expect(offsets[1]).toEqual([3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5]);
    // A size-1 axis in the middle does not break the merge.
    expect(visited([2, 1, 3], [[3, 3, 1]]).runs).toEqual([6]);
  });

  test("a 0-D space is one element and an empty space is none", () => {
    expect(visited([], [[]])).toEqual({ offsets: [[3]], runs: [1] });
    expect(visited([2, 0, 3], [[0, 3, 1]]).runs).toEqual([]);
  });
});

describe("broadcastStrides", () => {
  test("missing leading axes and size-1 axes read with stride 0", () => {
    expect(broadcastStrides([3], [2, 3])).toEqual([0, 1]);
    expect(broadcastStrides([2, 1], [2, 3])).toEqual([1, 0]);
    expect(broadcastStrides([], [4, 5])).toEqual([0, 0]);
    expect(broadcastStrides([2, 3], [2, 3])).toEqual([3, 1]);
  });
});
