import { Tensor, layerHistograms, paletteColor } from "gradlab";

describe("layerHistograms", () => {
  // Shared bins over [0, 3] with 3 bins: [0, 1), [1, 2), [2, 3]; centres 0.5, 1.5, 2.5.
  const layers = { a: [0, 1, 2, 3], b: Tensor.from([3, 3]) };

  test("one bar trace per layer over common bins, as fractions", () => {
    const fig = layerHistograms(layers, { bins: 3 });
    expect(fig.data.map((t) => t.type)).toEqual(["bar", "bar"]);
    expect(fig.data.map((t) => t.name)).toEqual(["a", "b"]);
    expect(fig.data[0].x).toEqual([0.5, 1.5, 2.5]);
    expect(fig.data[0].y).toEqual([0.25, 0.25, 0.5]); // 3 = max falls in the last bin
    expect(fig.data[1].y).toEqual([0, 0, 1]);
    expect(fig.data[0].width).toBe(1);
    expect(fig.data.map((t) => [t.xaxis, t.yaxis])).toEqual([["x", "y"], ["x2", "y2"]]);
    expect((fig.data[1].marker as { color: string }).color).toBe(paletteColor(1));
    // Subplot titles: mean and population std; a: mean 1.5, std √1.25 = 1.118…; b: 3 and 0.
    const notes = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(notes).toEqual(["a: mean 1.5, std 1.12", "b: mean 3, std 0"]);
    expect(fig.layout.xaxis!.title!.text).toBe("value");
    expect(fig.layout.yaxis!.title!.text).toBe("fraction");
    expect(fig.layout.xaxis!.range).toEqual([0, 3]);
    expect((fig.layout.xaxis2 as { range: number[] }).range).toEqual([0, 3]);
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("counts, one column, named x axis; order kept from an array of entries", () => {
    const fig = layerHistograms(
      [
        { name: "layer 2", values: new Float64Array([1, 1, 1]) },
        { name: "layer 1", values: [0, 2, NaN] },
      ],
      { bins: 2, normalize: "count", columns: 1, xTitle: "gradient" },
    );
    // Range [0, 2], bins [0, 1), [1, 2]: layer 2 → [0, 3]; layer 1 → [1, 1] and one NaN.
    expect(fig.data.map((t) => t.name)).toEqual(["layer 2", "layer 1"]);
    expect(fig.data[0].y).toEqual([0, 3]);
    expect(fig.data[1].y).toEqual([1, 1]);
    expect((fig.layout.annotations as { text: string }[])[1].text).toBe("layer 1: mean 1, std 1, 1 non-finite");
    // Stacked: only the bottom subplot names the x axis.
    expect(fig.layout.xaxis!.title!.text).toBe("");
    expect((fig.layout.xaxis2 as { title: { text: string } }).title.text).toBe("gradient");
    expect((fig.layout.yaxis2 as { title: { text: string } }).title.text).toBe("count");
  });

  test("constant values get one bin centred on them", () => {
    const fig = layerHistograms({ zeros: [0, 0, 0, 0] }, { bins: 1 });
    expect(fig.data[0].x).toEqual([0]);
    expect(fig.data[0].y).toEqual([1]);
  });

  test("bad input names what was expected", () => {
    expect(() => layerHistograms({})).toThrow("layerHistograms: no arrays given; expected at least one named array");
    expect(() => layerHistograms({ a: [NaN] })).toThrow("layerHistograms: no finite values to draw");
    expect(() => layerHistograms({ a: 3 as never })).toThrow('layerHistograms: "a" must be a Tensor or an array of numbers, got 3');
    expect(() => layerHistograms(layers, { bins: 0 })).toThrow("layerHistograms: bins must be an integer >= 1");
    expect(() => layerHistograms(layers, { normalize: "density" as never })).toThrow('normalize must be "fraction" or "count"');
  });
});
