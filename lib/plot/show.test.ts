import { DisplayBundle, Figure, displayBundle, figureSummary, show } from "gradlab";

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

  test("in tslab show sends one display_data with all three MIME types and returns nothing to echo", () => {
    // As the kernel (or the embedded engine's worker) does: tslab's module holds the cell's writer.
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    const sent: [{ data: DisplayBundle; metadata: object; transient: object }, boolean][] = [];
    jupyter.lastWriteDisplayData = (content: never, update: boolean) => sent.push([content, update]);
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(show(fig)).toBeUndefined();
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      jupyter.lastWriteDisplayData = null;
    }
    expect(sent).toHaveLength(1);
    const [content, update] = sent[0];
    expect(update).toBe(false);
    expect(Object.keys(content.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect(content.data["application/vnd.plotly.v1+json"]).toEqual(fig);
    expect(content.metadata).toEqual({});
    expect(content.transient).toEqual({});
  });
});
