import { surface } from "gradlab";

describe("surface", () => {
  // f(w) = w0·w1 − w1, a saddle; resolution 3 over [0, 2] × [-1, 1]: x = 0, 1, 2 and y = -1, 0, 1.
  const saddle = { value: (w: Float64Array) => w[0] * w[1] - w[1] };

  test("one surface trace with z[j][i] = f(x[i], y[j]) and titled 3-D axes", () => {
    const fig = surface(saddle, { x: [0, 2], y: [-1, 1] }, { resolution: 3, title: "Saddle" });
    expect(fig.data).toHaveLength(1);
    const t = fig.data[0];
    expect(t.type).toBe("surface");
    expect(t.x).toEqual([0, 1, 2]);
    expect(t.y).toEqual([-1, 0, 1]);
    // y = -1: f = -x + 1 → 1, 0, -1; y = 0: 0; y = 1: x − 1 → -1, 0, 1.
    expect(t.z).toEqual([
      [1, 0, -1],
      [0, 0, 0],
      [-1, 0, 1],
    ]);
    const scene = fig.layout.scene as Record<string, { title: { text: string } }>;
    expect(scene.xaxis.title.text).toBe("w[0]");
    expect(scene.yaxis.title.text).toBe("w[1]");
    expect(scene.zaxis.title.text).toBe("f(w)");
    expect(fig.layout.title).toEqual({ text: "Saddle" });
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("logScale shifts by the grid minimum (-1 here)", () => {
    const fig = surface(saddle, { x: [0, 2], y: [-1, 1] }, { resolution: 3, logScale: true });
    const z = fig.data[0].z as number[][];
    expect(z[0][0]).toBeCloseTo(Math.log10(1 + 1 + 1), 14);
    expect(z[0][2]).toBe(0);
  });

  test("bad options are rejected with the expected range", () => {
    expect(() => surface(saddle, { x: [0, 2], y: [-1, 1] }, { resolution: 1 })).toThrow(
      "surface: resolution must be an integer >= 2 and <= 300, got 1",
    );
    expect(() => surface(saddle, { x: [0, 2], y: [NaN, 1] })).toThrow("surface: range.y must be [low, high]");
  });
});
