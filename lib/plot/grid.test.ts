import { checkRange, evaluateGrid, linspace } from "gradlab";

describe("plot grids", () => {
  test("linspace includes both ends exactly", () => {
    expect(linspace(-1, 2, 4)).toEqual([-1, 0, 1, 2]);
    const t = linspace(0.1, 0.7, 7);
    expect(t[0]).toBe(0.1);
    expect(t[6]).toBe(0.7); // 0.1 + 0.6·6/6 would round to 0.7000000000000001
    expect(linspace(3, 5, 1)).toEqual([3]);
  });

  test("evaluateGrid: z[j][i] = f(x[i], y[j]) with one reused Float64Array", () => {
    const seen = new Set<Float64Array>();
    const f = {
      value(w: Float64Array): number {
        seen.add(w);
        return 10 * w[0] + w[1];
      },
    };
    const g = evaluateGrid(f, { x: [0, 1], y: [0, 2] }, 3, "test");
    expect(g.x).toEqual([0, 0.5, 1]);
    expect(g.y).toEqual([0, 1, 2]);
    expect(g.z).toEqual([
      [0, 5, 10],
      [1, 6, 11],
      [2, 7, 12],
    ]);
    expect(seen.size).toBe(1);
  });

  test("checkRange wants finite [low, high] on both axes", () => {
    expect(() => checkRange({ x: [0, 1], y: [2, 2] }, "plot")).toThrow("plot: range.y must be [low, high] with finite low < high, got [2,2]");
    expect(() => checkRange({ x: [0, Infinity], y: [0, 1] }, "plot")).toThrow("plot: range.x must be [low, high]");
    expect(() => checkRange({ y: [0, 1] } as never, "plot")).toThrow("plot: range.x must be [low, high] with finite low < high, got undefined");
  });
});
