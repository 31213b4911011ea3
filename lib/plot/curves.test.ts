import { lossCurves, paletteColor } from "gradlab";

describe("lossCurves", () => {
  const records = [
    { epoch: 1, trainLoss: 1.0, valLoss: 1.5, trainAcc: 0.5, valAcc: 0.4 },
    { epoch: 2, trainLoss: 0.6, valLoss: 0.9, trainAcc: 0.7, valAcc: 0.65 },
    { epoch: 3, trainLoss: 0.3, valLoss: 1.1, trainAcc: 0.9, valAcc: 0.6 },
  ];

  test("per-epoch records: loss panel on top, accuracy panel below, one colour per split", () => {
    const fig = lossCurves(records, { title: "Loss" });
    expect(fig.data.map((t) => t.type)).toEqual(["scatter", "scatter", "scatter", "scatter"]);
    expect(fig.data.map((t) => t.name)).toEqual(["train loss", "val loss", "train accuracy", "val accuracy"]);
    expect(fig.data.map((t) => [t.xaxis, t.yaxis])).toEqual([["x", "y"], ["x", "y"], ["x2", "y2"], ["x2", "y2"]]);
    expect(fig.data[0].x).toEqual([1, 2, 3]);
    expect(fig.data[0].y).toEqual([1.0, 0.6, 0.3]);
    expect(fig.data[3].y).toEqual([0.4, 0.65, 0.6]);
    const colour = (i: number) => (fig.data[i].line as { color: string }).color;
    expect([colour(0), colour(1), colour(2), colour(3)]).toEqual([paletteColor(0), paletteColor(1), paletteColor(0), paletteColor(1)]);
    expect(fig.layout.title).toEqual({ text: "Loss" });
    expect(fig.layout.yaxis!.title!.text).toBe("loss");
    expect((fig.layout.yaxis2 as { title: { text: string } }).title.text).toBe("accuracy");
    expect(fig.layout.xaxis2).toMatchObject({ title: { text: "epoch" }, dtick: 1 }); // whole epochs only
    // The loss panel is above the accuracy panel.
    expect(fig.layout.yaxis!.domain![0]).toBeGreaterThan((fig.layout.yaxis2 as { domain: number[] }).domain[1]);
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("named series with only losses: one panel, epochs 1..n", () => {
    const fig = lossCurves({ trainLoss: new Float64Array([3, 2, 1]), val_loss: [3.5, 2.5, 2] });
    expect(fig.data).toHaveLength(2);
    expect(fig.data.map((t) => t.name)).toEqual(["train loss", "val loss"]);
    expect(fig.data[0].x).toEqual([1, 2, 3]);
    expect(fig.data[0].y).toEqual([3, 2, 1]);
    expect(fig.layout.xaxis!.title!.text).toBe("epoch");
    expect(fig.layout.yaxis2).toBeUndefined();
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("a History-like object: its epoch array is x, empty and non-array fields are left out", () => {
    class FakeHistory {
      readonly epoch = [5, 6];
      readonly trainLoss = [0.8, 0.7];
      readonly trainPenalty = [0.01, 0.01];
      readonly trainAccuracy: number[] = [];
      readonly valLoss = [0.9, 0.85];
      readonly valAccuracy: number[] = [];
      readonly seconds = [1.2, 2.3];
      monitor = "valLoss";
      bestEpoch = 6;
    }
    const fig = lossCurves(new FakeHistory());
    expect(fig.data.map((t) => t.name)).toEqual(["train loss", "val loss"]);
    expect(fig.data[1].x).toEqual([5, 6]);
    expect(fig.layout.yaxis2).toBeUndefined();
  });

  test("missing and non-finite values become gaps", () => {
    const fig = lossCurves([{ trainLoss: 1, valLoss: 2 }, { trainLoss: NaN }, { trainLoss: 0.5, valLoss: null }]);
    expect(fig.data[0].x).toEqual([1, 2, 3]);
    expect(fig.data[0].y).toEqual([1, null, 0.5]);
    expect(fig.data[1].y).toEqual([2, null, null]);
  });

  test("accuracy alone gets one accuracy panel; a long span of epochs gets automatic ticks", () => {
    const fig = lossCurves([{ epoch: 10, valAccuracy: 0.5 }, { epoch: 50, valAccuracy: 0.75 }]);
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0]).toMatchObject({ name: "val accuracy", x: [10, 50], y: [0.5, 0.75], xaxis: "x", yaxis: "y" });
    expect(fig.layout.yaxis!.title!.text).toBe("accuracy");
    expect(fig.layout.xaxis!.title!.text).toBe("epoch");
    expect(fig.layout.xaxis!.dtick).toBeUndefined();
    expect(fig.layout.yaxis2).toBeUndefined();
  });

  test("logLoss puts the loss axis on a log scale", () => {
    expect(lossCurves({ loss: [1, 0.1] }, { logLoss: true }).layout.yaxis!.type).toBe("log");
  });

  test("nothing to plot, or an unknown option, is an error saying what is expected", () => {
    expect(() => lossCurves({ lr: [0.1, 0.01] })).toThrow(
      'lossCurves: nothing to plot: expected per-epoch numbers named with "loss" or "acc" (e.g. trainLoss, valAccuracy); got lr',
    );
    expect(() => lossCurves([])).toThrow("got no fields");
    expect(() => lossCurves(records, { titel: "x" } as never)).toThrow('lossCurves: unknown option "titel"');
    expect(() => lossCurves(null as never)).toThrow("lossCurves: expected per-epoch records or named series, got null");
  });
});
