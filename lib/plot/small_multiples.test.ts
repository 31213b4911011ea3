import { contourWithTrajectories, linePlot, quadraticValley, smallMultiples, surface, withReferenceLines } from "gradlab";

describe("smallMultiples", () => {
  const a = linePlot([{ name: "sgd", y: [3, 2, 1] }, { name: "reference", y: [1, 1, 1] }], { title: "sgd", xTitle: "step", yTitle: "loss" });
  const b = linePlot([{ name: "adam", y: [3, 1, 0.5] }, { name: "reference", y: [1, 1, 1] }], { title: "adam", xTitle: "step", yTitle: "loss" });
  const c = linePlot([{ name: "rprop", y: [3, 3, 3] }], { title: "rprop", xTitle: "step", yTitle: "accuracy" });

  test("each panel's traces go to its own cell of a row-major grid, captioned with its title", () => {
    const fig = smallMultiples([a, b, c], { columns: 2, title: "three methods" });
    expect(fig.data.map((t) => [t.name, t.xaxis, t.yaxis])).toEqual([
      ["sgd", "x", "y"], ["reference", "x", "y"], ["adam", "x2", "y2"], ["reference", "x2", "y2"], ["rprop", "x3", "y3"],
    ]);
    // Two columns, two rows: panel 3 sits bottom left.
    expect(fig.layout.xaxis).toMatchObject({ domain: [0, 0.465], anchor: "y" });
    expect(fig.layout.xaxis2).toMatchObject({ domain: [0.535, 1], anchor: "y2" });
    expect(fig.layout.yaxis3).toMatchObject({ domain: [0, 0.42], anchor: "x3" });
    expect((fig.layout.annotations ?? []).map((n) => n.text)).toEqual(["sgd", "adam", "rprop"]);
    expect(fig.layout.title?.text).toBe("three methods");
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("a name shared by several panels has one legend entry; titles every panel shares are shown at the edges only", () => {
    const fig = smallMultiples([a, b, c], { columns: 2 });
    expect(fig.data.map((t) => t.showlegend)).toEqual([true, true, true, false, false]);
    expect(fig.data[3].legendgroup).toBe("reference");
    // A panel whose own legend is off (one series: linePlot turns it off) adds no entry.
    // "step" is every panel's x title: shown on the bottom row only (panel 3, and panel 2 has none below it
    // in its column but is not on the bottom row). The y titles differ, so each panel keeps its own.
    expect(fig.layout.xaxis).not.toHaveProperty("title");
    expect(fig.layout.xaxis3).toMatchObject({ title: { text: "step" } });
    expect(fig.layout.yaxis2).toMatchObject({ title: { text: "loss" } });
    const quiet = smallMultiples([a, b], { legend: false });
    expect(quiet.data.map((t) => t.showlegend)).toEqual([false, false, false, false]);
    expect(quiet.layout.showlegend).toBe(false);
  });

  test("shared axes match the first panel; contour colour bars are dropped; shapes follow their panel", () => {
    const valley = quadraticValley();
    const range = { x: [-5, 5] as [number, number], y: [-3, 3] as [number, number] };
    const panel = (name: string) => withReferenceLines(contourWithTrajectories(valley, range, [], { title: name, resolution: 10 }), [{ x: 1 }]);
    const fig = smallMultiples([panel("one"), panel("two")], { shareX: true, shareY: true });
    expect(fig.layout.xaxis2).toMatchObject({ matches: "x" });
    expect(fig.layout.yaxis2).toMatchObject({ matches: "y" });
    expect(fig.layout.xaxis).not.toHaveProperty("matches");
    expect(fig.data.filter((t) => t.type === "contour").map((t) => [t.showscale, t.colorbar])).toEqual([[false, undefined], [false, undefined]]);
    const shapes = fig.layout.shapes as Record<string, unknown>[];
    expect(shapes.map((s) => [s.xref, s.yref])).toEqual([["x", "y domain"], ["x2", "y2 domain"]]);
  });

  test("bad input names the problem", () => {
    expect(() => smallMultiples([])).toThrow("smallMultiples: expected a non-empty list of figures");
    const twoPanels = { data: [{ type: "scatter", xaxis: "x2", yaxis: "y2" }], layout: {} };
    expect(() => smallMultiples([a, twoPanels])).toThrow("smallMultiples: panel 1 uses axes x2/y2");
    const valley = quadraticValley();
    expect(() => smallMultiples([surface(valley, valley.range, { resolution: 5 })])).toThrow("panel 0 uses a 3-D surface");
    expect(() => smallMultiples([a], { columns: 0 })).toThrow("columns");
    expect(() => smallMultiples([a], { cols: 2 } as never)).toThrow("cols");
  });
});
