import { Conv2d, Tensor, convWindowFigure } from "gradlab";

type Rect = { xref: string; x0: number; x1: number; y0: number; y1: number; line: { dash: string } };

const x = [
  [1, 2, 0],
  [0, 1, 3],
  [2, 1, 0],
];
const k = [
  [1, 0],
  [0, -1],
];

describe("convWindowFigure", () => {
  test("by hand: a 2×2 kernel over a 3×3 input gives y = [[0, -1], [-1, 1]], filled in as the window slides", () => {
    // y[i, j] = x[i, j] − x[i+1, j+1]: 1−1, 2−3, 0−1, 1−0.
    const fig = convWindowFigure(x, k); // default positions: first and last ([0, 0] is also the middle)
    expect(fig.data).toHaveLength(2 * 3);
    const outputs = [fig.data[2].z, fig.data[5].z];
    expect(outputs[0]).toEqual([
      [0, null],
      [null, null],
    ]);
    expect(outputs[1]).toEqual([
      [0, -1],
      [-1, 1],
    ]);
    expect(fig.data[1].z).toEqual(k);
    expect(fig.data[0].z).toEqual(x);
    expect(fig.data[5].text).toEqual([
      ["0", "-1"],
      ["-1", "1"],
    ]);
    const titles = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(titles).toContain("y[1, 1] = Σ k·x = 1");
    expect(titles).toContain("x: window rows 1..2, cols 1..2");
    // The window outline on the input of the second row: cells 1..2 in both directions.
    const window = (fig.layout.shapes as Rect[]).filter((s) => s.xref === "x4" && s.line.dash === "solid");
    expect(window).toEqual([expect.objectContaining({ x0: 0.5, x1: 2.5, y0: 0.5, y1: 2.5 })]);
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("padding and stride: the values agree with Conv2d, and the padding is outlined", () => {
    const input = [
      [1, 2, 0, 1],
      [0, 1, 3, 1],
      [2, 1, 0, 2],
      [1, 0, 1, 1],
    ];
    const fig = convWindowFigure(input, k, { padding: 1, stride: 2, positions: [[2, 2]] });
    // Conv2d with the same kernel and no bias as an independent implementation (im2col and a product).
    const conv = new Conv2d(1, 1, 2, { stride: 2, padding: 1, bias: false });
    conv.params()[0].value.data.set([1, 0, 0, -1]);
    const reference = conv.fprop(Tensor.from([[input]]));
    expect(reference.shape).toEqual([1, 1, 3, 3]);
    expect(fig.data[2].z).toEqual(reference.reshape([3, 3]).toArray());
    expect(fig.data[2].z).toEqual([
      [-1, 0, 0],
      [-2, 1, 1],
      [0, 0, 1],
    ]);
    expect((fig.data[0].z as number[][])[0]).toEqual([0, 0, 0, 0, 0, 0]);
    const padding = (fig.layout.shapes as Rect[]).find((s) => s.line.dash === "dot");
    expect(padding).toMatchObject({ x0: 0.5, x1: 4.5, y0: 0.5, y1: 4.5 });
  });

  test("a Tensor [H, W] works as rows do; bad input names the problem", () => {
    expect(convWindowFigure(Tensor.from(x), Tensor.from(k)).data[5].z).toEqual([
      [0, -1],
      [-1, 1],
    ]);
    expect(() => convWindowFigure([[1, 2], [3]], k)).toThrow("convWindowFigure: x row 1 has 1 values, row 0 has 2");
    expect(() => convWindowFigure([[1, NaN]], k)).toThrow("convWindowFigure: x row 0 has a value that is not a finite number");
    expect(() => convWindowFigure(Tensor.zeros([1, 3, 3]), k)).toThrow("convWindowFigure: x has shape [1, 3, 3], expected [H, W]");
    expect(() => convWindowFigure([[1]], k)).toThrow("the kernel is 2×2 but the padded input is only 1×1");
    expect(() => convWindowFigure(x, k, { positions: [[2, 0]] })).toThrow("position [2,0] is not an output cell; the output is 2×2");
    expect(() => convWindowFigure(x, k, { stride: 0 })).toThrow("convWindowFigure: stride must be an integer >= 1, got 0");
    expect(() => convWindowFigure(x, k, { pad: 1 } as never)).toThrow('convWindowFigure: unknown option "pad"');
  });
});
