import { Tensor, imageGrid } from "gradlab";

describe("imageGrid", () => {
  // Two 2×2 images: [[1, 2], [3, 4]] and [[5, 6], [7, 8]].
  const two = Tensor.from([[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]]); // [2, 1, 2, 2]

  test("one grey heatmap with a blank (null) column between tiles, raw values", () => {
    const fig = imageGrid(two, { normalize: "none" });
    expect(fig.data).toHaveLength(1);
    const t = fig.data[0];
    expect(t.type).toBe("heatmap");
    expect(t.z).toEqual([
      [1, 2, null, 5, 6],
      [3, 4, null, 7, 8],
    ]);
    expect(t).toMatchObject({ zmin: 1, zmax: 8, showscale: true });
    expect(t.colorscale).toEqual([
      [0, "#000000"],
      [1, "#ffffff"],
    ]);
    // Row 0 of an image at the top (upright digits), square pixels.
    expect(fig.layout.yaxis!.autorange).toBe("reversed");
    expect(fig.layout.xaxis!.scaleanchor).toBe("y");
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("normalize 'each' scales every tile to [0, 1] on its own, 'all' uses one scale", () => {
    const each = imageGrid(two).data[0];
    expect(each.z).toEqual([
      [0, 1 / 3, null, 0, 1 / 3],
      [2 / 3, 1, null, 2 / 3, 1],
    ]);
    expect(each).toMatchObject({ zmin: 0, zmax: 1, showscale: false });
    const all = imageGrid(two, { normalize: "all" }).data[0].z as number[][];
    expect(all[0][0]).toBe(0);
    expect(all[1][4]).toBe(1);
    expect(all[0][3]).toBeCloseTo(4 / 7, 15);
  });

  test("[N, side²] rows wrap after `columns` tiles", () => {
    const flat = Tensor.from([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
    const z = imageGrid(flat, { columns: 2, normalize: "none" }).data[0].z;
    expect(z).toEqual([
      [1, 2, null, 5, 6],
      [3, 4, null, 7, 8],
      [null, null, null, null, null],
      [9, 10, null, null, null],
      [11, 12, null, null, null],
    ]);
    expect(imageGrid(flat, { side: 2, normalize: "none" }).data[0].z).toEqual([
      [1, 2, null, 5, 6, null, 9, 10],
      [3, 4, null, 7, 8, null, 11, 12],
    ]);
  });

  test("labels sit in a band above each tile", () => {
    const fig = imageGrid(two, { labels: [7, "one"], normalize: "none" });
    // A band of ceil(0.3·2) = 1 blank row above the tiles holds the captions.
    expect(fig.data[0].z).toEqual([
      [null, null, null, null, null],
      [1, 2, null, 5, 6],
      [3, 4, null, 7, 8],
    ]);
    const notes = fig.layout.annotations as { text: string; x: number; y: number; yanchor: string }[];
    expect(notes.map((a) => [a.text, a.x, a.y, a.yanchor])).toEqual([
      ["7", 0.5, 0.5, "bottom"],
      ["one", 3.5, 0.5, "bottom"],
    ]);
  });

  test("a multi-channel image (conv filters [out, in, kh, kw]) gives one tile per channel", () => {
    const filters = Tensor.from([[[[1, 0]], [[0, 2]]]]); // [1, 2, 1, 2]
    const fig = imageGrid(filters, { labels: ["f0"], normalize: "none" });
    expect((fig.data[0].z as unknown[][]).slice(1)).toEqual([[1, 0, null, 0, 2]]);
    expect((fig.layout.annotations as { text: string }[]).map((a) => a.text)).toEqual(["f0 c0", "f0 c1"]);
  });

  test("a constant tile (a dead filter) is mid-grey, not NaN", () => {
    expect(imageGrid(Tensor.from([[[3, 3], [3, 3]]])).data[0].z).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
  });

  test("bad shapes, sides and labels name what was expected", () => {
    expect(() => imageGrid(Tensor.zeros([2, 6]))).toThrow(
      "imageGrid: images has shape [2, 6]: the row length is not a square; expected [N, side²] (or [N, C, H, W])",
    );
    expect(() => imageGrid(Tensor.zeros([2, 9]), { side: 2 })).toThrow("imageGrid: images has shape [2, 9]: side 2 gives 4 pixels per image");
    expect(() => imageGrid(Tensor.zeros([4]))).toThrow("imageGrid: images has shape [4], expected [N, C, H, W], [N, H, W] or [N, side²]");
    expect(() => imageGrid(two, { labels: ["a", "b", "c"] })).toThrow("imageGrid: 3 labels for 2 images; expected one per image");
    expect(() => imageGrid(two, { normalize: "max" as never })).toThrow('normalize must be "each", "all" or "none"');
    expect(() => imageGrid(two, { colums: 2 } as never)).toThrow('imageGrid: unknown option "colums"');
  });
});
