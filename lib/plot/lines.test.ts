import { linePlot, lossCurves } from "gradlab";

describe("linePlot", () => {
  test("one trace per series, x defaulting to 1..n, axes titled and log when asked", () => {
    const fig = linePlot(
      [
        { name: "centred", x: [1e-8, 1e-5, 1e-2], y: [1e-7, 1e-11, 1e-5] },
        { name: "one-sided", y: [3, 2], dashed: true },
      ],
      { title: "error vs step", xTitle: "ε", yTitle: "relError", logX: true, logY: true },
    );
    expect(fig.data.map((t) => [t.name, t.type, t.x, t.y])).toEqual([
      ["centred", "scatter", [1e-8, 1e-5, 1e-2], [1e-7, 1e-11, 1e-5]],
      ["one-sided", "scatter", [1, 2], [3, 2]],
    ]);
    expect((fig.data[1].line as { dash?: string }).dash).toBe("dash");
    expect(fig.layout.xaxis).toMatchObject({ type: "log", title: { text: "ε" } });
    expect(fig.layout.yaxis).toMatchObject({ type: "log", title: { text: "relError" } });
    expect(fig.layout.title?.text).toBe("error vs step");
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("non-finite values become gaps (null), not NaN in the JSON", () => {
    const fig = linePlot([{ name: "loss", y: [1, NaN, Infinity, 0.5] }]);
    expect(fig.data[0].y).toEqual([1, null, null, 0.5]);
  });

  test("bad input names the problem", () => {
    expect(() => linePlot([])).toThrow("linePlot: expected a non-empty list of series");
    expect(() => linePlot([{ name: "a", x: [1, 2], y: [1] }])).toThrow('linePlot: series "a" has 2 x values but 1 y values');
    expect(() => linePlot([{ name: "a", y: [1] }], { logz: true } as never)).toThrow('unknown option "logz"');
  });
});

describe("lossCurves options used by the notebooks", () => {
  test("xTitle names the shared axis (per-step losses)", () => {
    const fig = lossCurves({ trainLoss: [3, 2, 1] }, { xTitle: "step" });
    expect(fig.layout.xaxis?.title?.text).toBe("step");
  });

  test("legend names keep acronyms", () => {
    const fig = lossCurves({ rawLoss: [1, 0.5], ZCA_loss: [1, 0.2] });
    expect(fig.data.map((t) => t.name)).toEqual(["raw loss", "ZCA loss"]);
  });
});
