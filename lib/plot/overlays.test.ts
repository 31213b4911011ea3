import { linePlot, withMarkers, withReferenceLines } from "gradlab";

describe("withMarkers", () => {
  test("adds markers-only traces on top, leaving the original figure unchanged", () => {
    const fig = linePlot([{ name: "predicted", x: [1, 2, 3], y: [0.9, 0.5, 0.7] }]);
    const both = withMarkers(fig, { name: "measured", x: [1, 2, 3], y: [0.91, NaN, 0.69], symbol: "diamond" });
    expect(both.data.map((t) => [t.name, t.mode])).toEqual([["predicted", "lines+markers"], ["measured", "markers"]]);
    expect(both.data[1].y).toEqual([0.91, null, 0.69]);
    expect(both.data[1].marker).toMatchObject({ symbol: "diamond", color: "#D55E00" });
    expect(fig.data).toHaveLength(1);
    expect(() => withMarkers(fig, { name: "m", x: [1], y: [1, 2] })).toThrow('withMarkers: series "m" has 1 x values but 2 y values');
  });
});

describe("withReferenceLines", () => {
  test("vertical lines span the height, horizontal ones the width; on a log axis labels sit at log10 of the value", () => {
    const fig = linePlot([{ name: "error", x: [1e-8, 1e-2], y: [1e-6, 1e-9] }], { logX: true, logY: true });
    const marked = withReferenceLines(fig, [{ x: 1e-5, label: "ε = 1e-5" }, { y: 1e-7, label: "tolerance" }]);
    const shapes = marked.layout.shapes as Record<string, number | string>[];
    // plotly.js 3 places shapes at data values on log axes and annotations at log10 of them
    // (checked in Chromium: a shape at −5 on a log axis is drawn off the chart).
    expect(shapes[0]).toMatchObject({ xref: "x", yref: "paper", x0: 1e-5, x1: 1e-5, y0: 0, y1: 1 });
    expect(shapes[1]).toMatchObject({ xref: "paper", yref: "y", x0: 0, x1: 1, y0: 1e-7, y1: 1e-7 });
    const notes = marked.layout.annotations ?? [];
    expect(notes.map((a) => a.text)).toEqual(["ε = 1e-5", "tolerance"]);
    expect(notes[0].x as number).toBeCloseTo(-5, 12);
    expect(notes[1].y as number).toBeCloseTo(-7, 12);
    const two = withReferenceLines(linePlot([{ name: "rate", y: [1, 2] }]), [{ x: 1, label: "a" }, { x: 1.1, label: "b" }]);
    expect((two.layout.annotations ?? []).map((n) => n.y)).toEqual([1, 0.93]); // stacked, not on top of each other
    const linear = withReferenceLines(linePlot([{ name: "rate", y: [1, 2] }]), [{ x: 0.19 }]);
    expect((linear.layout.shapes as Record<string, number>[])[0].x0).toBe(0.19);
  });

  test("a line needs exactly one of x and y, and a positive position on a log axis", () => {
    const fig = linePlot([{ name: "a", y: [1, 2] }], { logX: true });
    expect(() => withReferenceLines(fig, [{ x: 1, y: 2 }])).toThrow("line 0 must have exactly one of x (vertical) or y (horizontal)");
    expect(() => withReferenceLines(fig, [{}])).toThrow("exactly one of x");
    expect(() => withReferenceLines(fig, [{ x: 0 }])).toThrow("a reference line at 0 cannot be drawn on a log axis");
  });
});
