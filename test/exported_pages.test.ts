/**
 * Executed notebooks exported as a reader gets them, opened in headless Chromium with the
 * network cut off: real nbconvert's HTML (`python3 -m nbconvert --to html`, which is also
 * Notebook's "Download as HTML") and gradlab's own (`gradlab nb convert`). Every plot must be
 * drawn and every diagram shown. The notebooks are a course notebook and a small one that
 * draws a Value graph and a convolution window. Screenshots go to test/artifacts/.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Page } from "playwright-core";
import { convertNotebookFile } from "../tools/notebook/convert";
import { Notebook, TSLAB_METADATA } from "../tools/notebook/nbformat";
import { PLOTLY_MIME } from "../tools/notebook/output_data";
import { notebookText } from "../tools/notebook/clear";
import { readNotebook } from "../tools/notebook/read";
import type { runNotebooks as RunNotebooks } from "../tools/notebook/run_notebooks";
import { isPlotlyCarrier } from "../lib/plot/plotly_carrier";
import { findRepoRoot } from "../lib/util/repo_root";
import { artifactPath, launchChromium } from "./support/browser";
import { codeCells } from "./support/outputs";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runNotebooks } = require("../dist/tools/notebook/run_notebooks") as { runNotebooks: typeof RunNotebooks };

const root = findRepoRoot();
const COURSE_NOTEBOOK = "04-convolution";
// tslab resolves "gradlab" from the notebook's folder: the small notebook lives inside the repository.
const scratch = fs.mkdtempSync(path.join(root, "test", "scratch-export-"));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-export-"));
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
});

function diagramsNotebook(): Notebook {
  const code = (id: string, source: string) => ({ cell_type: "code" as const, id, metadata: {}, execution_count: null, source, outputs: [] });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...TSLAB_METADATA },
    cells: [
      { cell_type: "markdown", id: "m", metadata: {}, source: "# Diagrams\n\nA graph and a sliding window." },
      code("c1", 'import { Value, showGraph, convWindowFigure, show } from "gradlab";'),
      code("c2", 'const a = new Value(2, "a");\nconst f = a.mul(new Value(-3, "b")).add(a).tanh();\nf.backward();\nawait showGraph(f);'),
      code("c3", "show(convWindowFigure([[1, 2, 0], [0, 1, 3], [2, 1, 0]], [[1, 0], [0, -1]]));"),
    ],
  };
}

/** What a reader should see: one drawn plot per plotly figure and one picture per SVG-only output. */
function expected(notebook: Notebook): { plots: number; diagrams: number } {
  let plots = 0;
  let diagrams = 0;
  for (const cell of codeCells(notebook)) {
    for (const o of cell.outputs) {
      if (o.output_type !== "display_data" || isPlotlyCarrier(o.metadata)) continue;
      if (PLOTLY_MIME in o.data) plots++;
      else if ("image/svg+xml" in o.data) diagrams++;
    }
  }
  return { plots, diagrams };
}

interface Seen {
  plots: number;
  drawn: number;
  diagrams: number;
  failures: string[];
  widestCodeLine: number;
  clippedCode: number;
}

/** Opens a page offline and waits until `plots` plots are drawn (or 60 s pass); reports what it saw. */
async function look(page: Page, file: string, plots: number, screenshot: string): Promise<Seen> {
  await page.goto(`file://${file}`, { waitUntil: "load" });
  const drawnCount = (): Promise<number> =>
    page.evaluate(() => Array.from(document.querySelectorAll(".gradlab-plot")).filter((d) => d.querySelector(".main-svg")).length);
  const deadline = Date.now() + 60_000;
  while ((await drawnCount()) < plots && Date.now() < deadline) await page.waitForTimeout(200);
  await page.screenshot({ path: artifactPath(screenshot), fullPage: false });
  return page.evaluate(async () => {
    // A diagram counts as shown when its picture has a size on the page and ink in it: some
    // hundreds of dark pixels (text, boxes, arrows), not an empty box.
    const inked = async (img: HTMLImageElement): Promise<boolean> => {
      await img.decode().catch(() => undefined);
      const box = img.getBoundingClientRect();
      if (img.naturalWidth === 0 || box.width < 50 || box.height < 20) return false;
      const canvas = document.createElement("canvas");
      [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 128 && px[i] + px[i + 1] + px[i + 2] < 3 * 128) dark++;
      return dark > 300;
    };
    const images = Array.from(document.querySelectorAll("img[src^='data:image/svg+xml']")) as HTMLImageElement[];
    const shown = (await Promise.all(images.map(inked))).filter(Boolean);
    // nbconvert's code: .jp-InputArea-editor pre; gradlab's: pre.source.
    const code = Array.from(document.querySelectorAll(".jp-InputArea-editor pre, pre.source")) as HTMLElement[];
    const lines = code.flatMap((e) => (e.textContent ?? "").split("\n"));
    return {
      plots: document.querySelectorAll(".gradlab-plot").length,
      drawn: Array.from(document.querySelectorAll(".gradlab-plot")).filter((d) => d.querySelector(".main-svg")).length,
      diagrams: shown.length,
      failures: Array.from(document.querySelectorAll(".gradlab-plot")).map((d) => d.textContent ?? "").filter((t) => /could not|needs plotly/.test(t)),
      widestCodeLine: Math.max(0, ...lines.map((l) => l.length)),
      clippedCode: code.filter((e) => e.scrollWidth > e.clientWidth + 1).length,
    };
  });
}

let pages: { name: string; notebook: Notebook; nbconvert: string; gradlab: string }[] = [];

beforeAll(async () => {
  const small = path.join(scratch, "diagrams.ipynb");
  fs.writeFileSync(small, notebookText(diagramsNotebook()));
  const files = [small, path.join(root, "notebooks", `${COURSE_NOTEBOOK}.ipynb`)];
  const results = await runNotebooks(files, { engine: "embedded", timeoutMs: 120_000, allowErrors: false, inplace: false, output: outDir, log: () => undefined });
  expect(results.map((r) => r.summary).filter((s) => !/ ok in /.test(s))).toEqual([]);
  pages = results.map((r) => {
    const name = path.basename(r.output!, ".ipynb");
    const html = spawnSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", "--output-dir", path.join(outDir, "nbconvert"), r.output!], { encoding: "utf8" });
    expect(html.status).toBe(0);
    return {
      name,
      notebook: readNotebook(r.output!),
      nbconvert: path.join(outDir, "nbconvert", `${name}.html`),
      gradlab: convertNotebookFile(r.output!, { to: "html", outputDir: path.join(outDir, "gradlab") }),
    };
  });
}, 240_000);

test("every plot is drawn and every diagram shown, offline, in nbconvert's HTML and in gradlab's", async () => {
  const browser = await launchChromium();
  try {
    for (const { name, notebook, nbconvert, gradlab } of pages) {
      const want = expected(notebook);
      expect(want.plots).toBeGreaterThan(0);
      for (const [exporter, file] of [["nbconvert", nbconvert], ["gradlab", gradlab]] as const) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
        const pageErrors: string[] = [];
        page.on("pageerror", (e) => pageErrors.push(e.message));
        const requests: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        await page.route(/^(https?|wss?):/, (route) => route.abort());
        const seen = await look(page, file, want.plots, `export-${exporter}-${name}.png`);
        expect({ exporter, name, plots: seen.plots, drawn: seen.drawn, diagrams: seen.diagrams, failures: seen.failures, pageErrors }).toEqual({
          exporter,
          name,
          plots: want.plots,
          drawn: want.plots,
          diagrams: want.diagrams,
          failures: [],
          pageErrors: [],
        });
        // gradlab's page asks for nothing; nbconvert's asks its CDN for require.js and MathJax, which the plots do not need.
        const remote = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
        if (exporter === "gradlab") expect(remote).toEqual([]);
        await page.close();
      }
    }
    expect(expected(pages[0].notebook)).toEqual({ plots: 1, diagrams: 1 }); // the small notebook: the window figure and the graph
  } finally {
    await browser.close();
  }
}, 180_000);

test(`the code of ${COURSE_NOTEBOOK}, exported, has no line wider than 100 columns and none is clipped`, async () => {
  const browser = await launchChromium();
  try {
    const { notebook, nbconvert, gradlab } = pages.find((p) => p.name === COURSE_NOTEBOOK)!;
    for (const file of [nbconvert, gradlab]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.route(/^(https?|wss?):/, (route) => route.abort());
      const seen = await look(page, file, 0, "export-width.png");
      const exporter = path.basename(path.dirname(file));
      expect({ exporter, widest: seen.widestCodeLine <= 100 ? "at most 100" : seen.widestCodeLine, clipped: seen.clippedCode }).toEqual({
        exporter,
        widest: "at most 100",
        clipped: 0,
      });
      await page.close();
    }
    expect(codeCells(notebook).length).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
}, 120_000);
