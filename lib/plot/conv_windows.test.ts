import { convolutionWindows } from "gradlab";

// The lecture notebook's example: a vertical-edge kernel on a 4×4 image, outputs worked by hand.
const x = [[1, 2, 0, 1], [0, 1, 3, 1], [2, 1, 0, 0], [1, 0, 1, 2]];
const edge = [[1, 0, -1], [1, 0, -1], [1, 0, -1]];

describe("convolutionWindows", () => {
  test("kernel, one panel per window captioned with its hand-worked sum, then the output map", () => {
    const fig = convolutionWindows(x, edge, [[0, 0], [0, 1], [1, 0]]);
    const captions = (fig.layout.annotations ?? []).map((a) => a.text);
    // H00 = 3 − 3 = 0, H01 = 4 − 2 = 2, H10 = 3 − 4 = −1 (left column minus right column of each window).
    expect(captions).toEqual(["kernel V", "H[0,0] = Σ V ⊙ window = 0", "H[0,1] = Σ V ⊙ window = 2", "H[1,0] = Σ V ⊙ window = -1", "output H (2×2)"]);
    expect(fig.data[4].z).toEqual([[0, 2], [-1, -1]]);
    // The window of H[0,1] covers columns 1..3 and rows 0..2 of panel 3.
    const windows = (fig.layout.shapes as Record<string, unknown>[]).filter((s) => s.xref === "x3");
    expect(windows).toEqual([expect.objectContaining({ x0: 0.5, x1: 3.5, y0: -0.5, y1: 2.5 })]);
  });

  test("padding shows the zeros and outlines the image; stride moves the window s pixels", () => {
    // Padding 1: H[0,0] sees x00, x01, x10, x11 under the kernel's lower-right corner: −(2 + 1) = −3.
    const padded = convolutionWindows(x, edge, [[0, 0]], { padding: 1 });
    expect(padded.data[1].z).toHaveLength(6);
    expect((padded.layout.annotations ?? [])[1].text).toBe("H[0,0] = Σ V ⊙ window = -3");
    expect((padded.layout.annotations ?? [])[2].text).toBe("output H (4×4)");
    const dashed = (padded.layout.shapes as { line: { dash: string }; x0: number }[]).filter((s) => s.line.dash === "dash");
    expect(dashed[0].x0).toBe(0.5);
    // Stride 2 with padding 1: a 2×2 output, H[1,1] is the window at rows 2..4, columns 2..4 of the padded image,
    // i.e. rows and columns 1..3 of x: left column 1 + 1 + 0 = 2, right column 1 + 0 + 2 = 3.
    const strided = convolutionWindows(x, edge, [[1, 1]], { padding: 1, stride: 2 });
    expect((strided.layout.annotations ?? []).map((a) => a.text)).toEqual(["kernel V", "H[1,1] = Σ V ⊙ window = -1", "output H (2×2)"]);
  });

  test("bad input names the problem", () => {
    expect(() => convolutionWindows(x, edge, [[2, 0]])).toThrow("outputs[0] = [2, 0] is outside the 2×2 output map");
    expect(() => convolutionWindows(x, [[1, 2], [3]], [[0, 0]])).toThrow("kernel must be a non-empty rectangular array");
    expect(() => convolutionWindows([[1]], edge, [[0, 0]])).toThrow("a 3×3 kernel does not fit in the 1×1 padded input");
    expect(() => convolutionWindows(x, edge, [])).toThrow("give at least one output position");
  });
});
