import { PALETTE, axisTitle, baseLayout, cellTitle, paletteColor, subplotGrid, toNumbers } from "gradlab";

describe("figure helpers", () => {
  test("the palette has eight distinct colours and wraps around", () => {
    expect(PALETTE).toHaveLength(8);
    expect(new Set(PALETTE).size).toBe(8);
    expect(paletteColor(0)).toBe("#0072B2");
    expect(paletteColor(1)).toBe("#D55E00");
    expect(paletteColor(8)).toBe(paletteColor(0));
    expect(paletteColor(-1)).toBe(PALETTE[7]);
  });

  test("toNumbers makes plain JSON-safe arrays: NaN and ±Infinity become null, -0 becomes 0", () => {
    const out = toNumbers(new Float64Array([1.5, NaN, Infinity, -Infinity, -0, -2]));
    expect(Array.isArray(out)).toBe(true);
    expect(out).toEqual([1.5, null, null, null, 0, -2]);
    expect(Object.is(out[4], 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  test("axis titles use the object form plotly.js v3 requires", () => {
    expect(axisTitle("epoch")).toEqual({ title: { text: "epoch" } });
    expect(axisTitle("loss", { type: "log" })).toEqual({ type: "log", title: { text: "loss" } });
    expect(baseLayout("Loss").title).toEqual({ text: "Loss" });
    expect(baseLayout("").title).toBeUndefined();
  });

  test("subplotGrid: domains of a 2 × 2 grid with gaps 0.08 (x) and 0.12 (y)", () => {
    const cells = subplotGrid(2, 2);
    // width = (1 − 0.08) / 2 = 0.46, height = (1 − 0.12) / 2 = 0.44; row 0 is the top row.
    expect(cells.map((c) => [c.xaxis, c.yaxis, c.xKey, c.yKey])).toEqual([
      ["x", "y", "xaxis", "yaxis"],
      ["x2", "y2", "xaxis2", "yaxis2"],
      ["x3", "y3", "xaxis3", "yaxis3"],
      ["x4", "y4", "xaxis4", "yaxis4"],
    ]);
    expect(cells[0].xDomain).toEqual([0, 0.46]);
    expect(cells[1].xDomain).toEqual([0.54, 1]);
    expect(cells[0].yDomain).toEqual([0.56, 1]);
    expect(cells[3].yDomain).toEqual([0, 0.44]);
    expect(subplotGrid(1, 1)[0]).toMatchObject({ xDomain: [0, 1], yDomain: [0, 1] });
    expect(cellTitle(cells[1], "b")).toMatchObject({ text: "b", x: 0.77, y: 1, xref: "paper", yref: "paper" });
  });

  test("subplotGrid rejects a grid without cells", () => {
    expect(() => subplotGrid(0, 2)).toThrow("subplotGrid: rows and columns must be positive integers, got 0 and 2");
    expect(() => subplotGrid(1, 1.5)).toThrow("positive integers");
  });
});
