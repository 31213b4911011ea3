import { DisplayBundle, Figure, displayBundle, figureSummary, isPlotlyCarrier, show } from "gradlab";

const fig: Figure = {
  data: [
    { type: "scatter", name: "train loss", x: [1, 2], y: [0.9, 0.5] },
    { type: "scatter", name: "val loss", x: [1, 2], y: [1.1, 0.8] },
  ],
  layout: { title: { text: "Loss" } },
  config: { responsive: true },
};

describe("displayBundle and show", () => {
  test("the bundle has exactly the three MIME types, and the figure round-trips through JSON", () => {
    const bundle = displayBundle(fig, "fig-7");
    expect(Object.keys(bundle).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect(JSON.parse(JSON.stringify(bundle["application/vnd.plotly.v1+json"]))).toEqual(fig);
    expect(bundle["text/plain"]).toBe("Figure: 2 traces (scatter, scatter), title 'Loss'");
    expect(bundle["text/html"]).toContain('<div id="fig-7" class="gradlab-plot"');
    expect(bundle["text/html"]).toContain("files/node_modules/plotly.js-dist-min/plotly.min.js");
    // The displayed copy is rounded to six significant digits; the builder's figure is untouched.
    const precise: Figure = { data: [{ type: "scatter", x: [1, 2], y: [Math.PI, 1 / 3] }], layout: {} };
    expect(displayBundle(precise)["application/vnd.plotly.v1+json"].data[0].y).toEqual([3.14159, 0.333333]);
    expect(precise.data[0].y).toEqual([Math.PI, 1 / 3]);
    // Fresh ids by default, so two displays of one figure do not draw into the same div.
    expect(displayBundle(fig)["text/html"]).not.toBe(displayBundle(fig)["text/html"]);
  });

  test("the summary counts traces and omits a missing title", () => {
    expect(figureSummary({ data: [{ type: "heatmap" }], layout: {} })).toBe("Figure: 1 trace (heatmap)");
    expect(figureSummary({ data: [], layout: {} })).toBe("Figure: 0 traces");
    expect(() => displayBundle({} as never)).toThrow("displayBundle: expected a figure { data: Trace[], layout }");
  });

  test("outside a notebook show prints the summary and returns the bundle", () => {
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const bundle = show(fig);
      expect(write).toHaveBeenCalledWith("Figure: 2 traces (scatter, scatter), title 'Loss'\n");
      expect(bundle?.["text/plain"]).toBe("Figure: 2 traces (scatter, scatter), title 'Loss'");
    } finally {
      write.mockRestore();
    }
  });

  test("in tslab the first show sends plotly.js once, then each figure one display_data of three MIME types", () => {
    // As the kernel (or the embedded engine's worker) does: tslab's module holds the cell's writer.
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    const sent: [{ data: Record<string, unknown>; metadata: object; transient: object }, boolean][] = [];
    jupyter.lastWriteDisplayData = (content: never, update: boolean) => sent.push([content, update]);
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(show(fig)).toBeUndefined();
      expect(show(fig)).toBeUndefined();
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      jupyter.lastWriteDisplayData = null;
    }
    // The carrier, then the two figures: plotly.js goes once per kernel, not once per plot.
    expect(sent).toHaveLength(3);
    const [carrier, ...figures] = sent.map(([content]) => content);
    expect(isPlotlyCarrier(carrier.metadata)).toBe(true);
    expect(Object.keys(carrier.data)).toEqual(["text/html"]);
    expect(carrier.data["text/html"]).toMatch(/^<script type="text\/javascript">\n\/\* plotly\.js 3\.\d+\.\d+ for the plots/);
    for (const content of figures) {
      expect(Object.keys(content.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
      expect((content.data as unknown as DisplayBundle)["application/vnd.plotly.v1+json"]).toEqual(fig);
      expect(isPlotlyCarrier(content.metadata)).toBe(false);
      expect(content.metadata).toEqual({});
      expect(content.transient).toEqual({});
    }
    expect(sent.every(([, update]) => update === false)).toBe(true);
  });
});
