/**
 * Static pictures of plots, drawn in the system's headless Chromium: the PNG has the figure's
 * size and its pixels show the trace; the SVG is plotly's own drawing; a notebook's figure
 * bundles gain the picture and keep everything else.
 */
import { Figure } from "../../lib/plot/figure";
import { displayBundle } from "../../lib/plot/show";
import { Notebook, TSLAB_METADATA } from "./nbformat";
import { StaticImageRenderer, addStaticImages, findChromium } from "./static_images";
import { schemaProblems } from "./validate";

// A thick red horizontal line on white, 640×320.
const fig: Figure = {
  data: [{ type: "scatter", mode: "lines", x: [0, 1], y: [0.5, 0.5], line: { color: "#ff0000", width: 12 } }],
  layout: { width: 640, height: 320, margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false, xaxis: { visible: false }, yaxis: { visible: false, range: [0, 1] } },
};

let renderer: StaticImageRenderer;
beforeAll(async () => {
  renderer = await StaticImageRenderer.open();
}, 30_000);
afterAll(() => renderer?.close());

test("a PNG at the layout's size, whose middle row is the red line", async () => {
  const png = Buffer.from(await renderer.render(fig, "png"), "base64");
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 320]);
  // Decode it in the browser and read two pixels: the line's middle, and the empty top.
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: findChromium(), args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const pixels = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      return [Array.from(ctx.getImageData(320, 160, 1, 1).data), Array.from(ctx.getImageData(320, 20, 1, 1).data)];
    }, `data:image/png;base64,${png.toString("base64")}`);
    expect(pixels).toEqual([
      [255, 0, 0, 255],
      [255, 255, 255, 255],
    ]);
  } finally {
    await browser.close();
  }
}, 30_000);

test("an SVG drawn by plotly: its size, and the trace as a path", async () => {
  const svg = await renderer.render(fig, "svg");
  expect(svg).toMatch(/^<svg [^>]*width="640" height="320"/);
  expect(svg).toMatch(/class="scatterlayer[^"]*"[\s\S]*<path class="js-line" d="M[\d.]+,[\d.]+L/);
  expect(svg).toContain("stroke: rgb(255, 0, 0)");
});

test("every figure bundle of a notebook gains the picture; other outputs are left alone", async () => {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...TSLAB_METADATA },
    cells: [
      {
        cell_type: "code",
        id: "c",
        metadata: {},
        execution_count: 1,
        source: "show(fig)",
        outputs: [
          { output_type: "stream", name: "stdout", text: "hello\n" },
          { output_type: "display_data", data: { ...displayBundle(fig, "f1") }, metadata: {} },
          { output_type: "display_data", data: { "text/html": "<b>not a plot</b>" }, metadata: {} },
        ],
      },
    ],
  };
  expect(await addStaticImages(nb, renderer, "png")).toBe(1);
  const cell = nb.cells[0];
  if (cell.cell_type !== "code") throw new Error("expected a code cell");
  const [, plot, html] = cell.outputs as { data: Record<string, unknown> }[];
  expect(Object.keys(plot.data).sort()).toEqual(["application/vnd.plotly.v1+json", "image/png", "text/html", "text/plain"]);
  expect(Object.keys(html.data)).toEqual(["text/html"]);
  expect(schemaProblems(JSON.parse(JSON.stringify(nb)))).toEqual([]);
});

test("bad formats and a missing browser are clear errors", async () => {
  await expect(renderer.render(fig, "gif" as never)).rejects.toThrow('static images: format must be "png" or "svg", got "gif"');
  expect(() => findChromium("/nonexistent/chromium")).toThrow("Chromium not found at /nonexistent/chromium");
});
