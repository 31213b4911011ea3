import { Tensor, decisionRegions, paletteColor } from "gradlab";

describe("decisionRegions", () => {
  // Two points at (-1, -1) and (1, 1); with padding 0 and resolution 3 the grid is x, y ∈ {-1, 0, 1}.
  const data = { x: Tensor.from([[-1, -1], [1, 1]]), y: new Int32Array([0, 1]) };
  const rightHalf = (x: Tensor): Int32Array => {
    const out = new Int32Array(x.shape[0]);
    for (let m = 0; m < out.length; m++) out[m] = x.get(m, 0) > 0 ? 1 : 0;
    return out;
  };

  test("a heatmap of the predicted class (x0 > 0) with the data on top", () => {
    const fig = decisionRegions(rightHalf, data, { resolution: 3, padding: 0 });
    expect(fig.data.map((t) => t.type)).toEqual(["heatmap", "scatter", "scatter"]);
    const regions = fig.data[0];
    expect(regions.x).toEqual([-1, 0, 1]);
    expect(regions.y).toEqual([-1, 0, 1]);
    // Only the column x = 1 has x0 > 0.
    expect(regions.z).toEqual([
      [0, 0, 1],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    // Two classes: class k is the flat band [k/2, (k+1)/2] of the colour scale, zmin/zmax centre them.
    expect(regions).toMatchObject({ zmin: -0.5, zmax: 1.5, showscale: false });
    expect(regions.colorscale).toEqual([
      [0, paletteColor(0)],
      [0.5, paletteColor(0)],
      [0.5, paletteColor(1)],
      [1, paletteColor(1)],
    ]);
    expect(fig.data[1]).toMatchObject({ name: "class 0", mode: "markers", x: [-1], y: [-1] });
    expect(fig.data[2]).toMatchObject({ name: "class 1", x: [1], y: [1] });
    expect((fig.data[2].marker as { color: string }).color).toBe(paletteColor(1));
    expect(fig.layout.xaxis!.title!.text).toBe("x[0]");
    expect(fig.layout.yaxis!.title!.text).toBe("x[1]");
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("predict is called once with every grid point as a row of a [M, 2] tensor", () => {
    const seen: Tensor[] = [];
    const fig = decisionRegions(
      (x) => {
        seen.push(x);
        return new Int32Array(x.shape[0]); // everything class 0
      },
      { x: Tensor.from([[0, 0], [2, 4]]), y: [0, 0], classes: 3 },
      { resolution: 2, padding: 0.5, classNames: ["cat", "dog", "bird"] },
    );
    expect(seen).toHaveLength(1);
    // x spans [0, 2] → padded by 0.5·2 = 1 to [-1, 3]; y spans [0, 4] → [-2, 6]. Row j·2 + i is (x[i], y[j]).
    expect(seen[0].toArray()).toEqual([[-1, -2], [3, -2], [-1, 6], [3, 6]]);
    expect(fig.data[0].z).toEqual([[0, 0], [0, 0]]);
    expect(fig.data[0].zmax).toBe(2.5); // `classes: 3` sets the colour bands
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["cat"]);
  });

  test("bad input names what was expected", () => {
    expect(() => decisionRegions(rightHalf, { x: Tensor.zeros([2, 3]), y: [0, 1] })).toThrow(
      "decisionRegions: data.x has shape [2, 3], expected [N, 2]",
    );
    expect(() => decisionRegions(rightHalf, { x: data.x, y: [0] })).toThrow("decisionRegions: data.y has 1 labels but data.x has 2 rows");
    expect(() => decisionRegions(rightHalf, { x: data.x, y: [0, -1] }, { resolution: 2 })).toThrow(
      "decisionRegions: data.y[1] must be a class index (an integer >= 0), got -1",
    );
    expect(() => decisionRegions(() => new Int32Array(3), data, { resolution: 3 })).toThrow(
      "decisionRegions: predict returned 3 classes for 9 grid points; expected one class per row of x",
    );
    expect(() => decisionRegions(() => new Float64Array(4).fill(0.5), data, { resolution: 2 })).toThrow(
      "predict's output [0] must be a class index (an integer >= 0), got 0.5",
    );
    expect(() => decisionRegions(rightHalf, data, { resolution: 1 })).toThrow("resolution must be an integer >= 2");
  });
});
