import { contourWithTrajectories, paletteColor, train2d, valley } from "gradlab";

/** f(w) = w0² + 10·w1², an ill-conditioned bowl; every value below is worked out by hand from it. */
const bowl = {
  calls: 0,
  value(w: Float64Array): number {
    if (!(w instanceof Float64Array) || w.length !== 2) throw new Error("expected a Float64Array of 2");
    this.calls++;
    return w[0] * w[0] + 10 * w[1] * w[1];
  },
};
// resolution 4 over x ∈ [-1, 2], y ∈ [-3, 1]: x = -1, 0, 1, 2 and y = -3, -5/3, -1/3, 1.
const range = { x: [-1, 2] as [number, number], y: [-3, 1] as [number, number] };

describe("contourWithTrajectories", () => {
  test("the contour grid holds f at the grid points, rows along y", () => {
    bowl.calls = 0;
    const fig = contourWithTrajectories(bowl, range, [], { resolution: 4, levels: 4 });
    expect(bowl.calls).toBe(16);
    expect(fig.data).toHaveLength(1);
    const c = fig.data[0];
    expect(c.type).toBe("contour");
    expect(c.x).toEqual([-1, 0, 1, 2]);
    expect(c.y![0]).toBe(-3);
    expect(c.y![1]).toBeCloseTo(-5 / 3, 14);
    expect(c.y![3]).toBe(1);
    const z = c.z as number[][];
    expect(z).toHaveLength(4);
    expect(z[0][0]).toBe(1 + 10 * 9); // f(-1, -3) = 91
    expect(z[0][3]).toBe(4 + 10 * 9); // f(2, -3) = 94
    expect(z[3][0]).toBe(1 + 10); // f(-1, 1) = 11
    expect(z[3][3]).toBe(4 + 10); // f(2, 1) = 14
    expect(z[2][1]).toBeCloseTo(10 / 9, 14); // f(0, -1/3)
    // Levels: from the smallest grid value 10/9 to the largest 94 in 4 equal steps.
    const contours = c.contours as { start: number; end: number; size: number };
    expect(contours.start).toBeCloseTo(10 / 9, 14);
    expect(contours.end).toBe(94);
    expect(contours.size).toBeCloseTo((94 - 10 / 9) / 4, 12);
    expect(fig.layout.xaxis!.title!.text).toBe("w[0]");
    expect(fig.layout.yaxis!.title!.text).toBe("w[1]");
    expect(fig.layout.xaxis!.range).toEqual([-1, 2]);
  });

  test("logScale shows log10(1 + f − min f)", () => {
    const fig = contourWithTrajectories(bowl, range, [], { resolution: 4, logScale: true });
    const z = fig.data[0].z as number[][];
    expect(z[0][0]).toBeCloseTo(Math.log10(1 + 91 - 10 / 9), 12);
    expect(z[2][1]).toBe(0); // the grid minimum maps to log10(1) = 0
    expect((fig.data[0].colorbar as { title: { text: string } }).title.text).toBe("log10(1 + f − min f)");
  });

  test("trajectories become scatter traces in palette order, from Float64Arrays or arrays", () => {
    const sgd = { name: "SGD", points: [new Float64Array([2, 1]), new Float64Array([1, 0.5]), new Float64Array([0.5, -0.25])] };
    const adam = { name: "Adam", points: [[2, 1], [1.9, 0.9]] };
    const fig = contourWithTrajectories(bowl, range, [sgd, adam], { resolution: 3, title: "Paths" });
    expect(fig.data.map((t) => t.type)).toEqual(["contour", "scatter", "scatter"]);
    expect(fig.data[1]).toMatchObject({ name: "SGD", mode: "lines+markers", x: [2, 1, 0.5], y: [1, 0.5, -0.25] });
    expect(fig.data[2]).toMatchObject({ name: "Adam", x: [2, 1.9], y: [1, 0.9] });
    expect((fig.data[1].line as { color: string }).color).toBe(paletteColor(0));
    expect((fig.data[2].line as { color: string }).color).toBe(paletteColor(1));
    expect(fig.layout.title).toEqual({ text: "Paths" });
    expect(fig.layout.showlegend).toBe(true);
    // Plain JSON: no typed arrays survive, so a round trip gives the same figure.
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("a diverged path and an overflowing f become gaps (null), not NaN", () => {
    const f = { value: (w: Float64Array) => (w[0] > 1.5 ? Infinity : w[0]) };
    const fig = contourWithTrajectories(f, range, [{ name: "diverged", points: [[0, 0], [NaN, Infinity]] }], { resolution: 4 });
    expect((fig.data[0].z as (number | null)[][])[0]).toEqual([-1, 0, 1, null]);
    expect(fig.data[1].x).toEqual([0, null]);
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("takes the library's 2-D test functions and their plot window as they are", () => {
    const fig = contourWithTrajectories(valley, valley.range, [{ name: "start", points: [[...valley.start]] }], { resolution: 5 });
    const [x0, x1] = valley.range.x;
    const [y0, y1] = valley.range.y;
    const z = fig.data[0].z as number[][];
    expect(z[0][0]).toBe(valley.value([x0, y0]));
    expect(z[4][4]).toBe(valley.value([x1, y1]));
    expect(z[0][4]).toBe(valley.value([x1, y0]));
    expect(fig.data[1].x).toEqual([valley.start[0]]);
  });

  test("train2d results plot directly, named by their rule", () => {
    const run = train2d("sgd", valley, { steps: 3 });
    const fig = contourWithTrajectories(valley, valley.range, [run], { resolution: 3 });
    expect(fig.data[1].name).toBe("sgd");
    expect(fig.data[1].x).toEqual(run.points.map((p) => p[0]));
    expect(fig.data[1].y).toEqual(run.points.map((p) => p[1]));
    expect(fig.data[1].x).toHaveLength(4);
  });

  test("bad arguments say what was expected", () => {
    expect(() => contourWithTrajectories(bowl, { x: [1, -1], y: [0, 1] }, [])).toThrow(
      "contourWithTrajectories: range.x must be [low, high] with finite low < high, got [1,-1]",
    );
    expect(() => contourWithTrajectories(bowl, range, [{ name: "p", points: [[1, 2, 3]] }], { resolution: 2 })).toThrow(
      "contourWithTrajectories: trajectories[0].points[0] has 3 entries, expected 2 (w[0], w[1])",
    );
    expect(() => contourWithTrajectories(bowl, range, [{ points: [] }], { resolution: 2 })).toThrow(
      "contourWithTrajectories: trajectories[0] must be { name: string, points: w[] } (or a train2d result)",
    );
    expect(() => contourWithTrajectories(bowl, range, [], { levles: 3 } as never)).toThrow('unknown option "levles"');
    expect(() => contourWithTrajectories(bowl, range, [], { levels: 0 })).toThrow("levels must be an integer >= 1, got 0");
    expect(() => contourWithTrajectories({} as never, range)).toThrow("f must be an object with a value(w: Float64Array) method");
  });
});
