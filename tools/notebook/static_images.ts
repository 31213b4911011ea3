/**
 * Static pictures of a notebook's plots, for viewers that run no scripts (GitHub's notebook
 * view, nbviewer with scripts off, a PDF): each plotly figure is drawn by plotly.js in
 * headless Chromium and exported with `Plotly.toImage`, and the picture is added to the
 * figure's own display bundle as `image/png` (base64) or `image/svg+xml`. The bundle keeps its
 * plotly JSON and HTML, so Jupyter, VS Code and exported HTML stay interactive; a viewer that
 * can only show a picture shows this one.
 *
 * Chromium is the system's (Debian: `apt-get install chromium`), driven by playwright-core; no
 * browser is downloaded. Nothing is fetched: plotly.js is inlined into a blank page.
 */
import * as fs from "fs";
import type { Browser, Page } from "playwright-core";
import { plotlyScript } from "./html_assets";
import { Notebook } from "./nbformat";
import { PlotlyFigure, plotlyFigure } from "./output_data";

export type StaticImageFormat = "png" | "svg";

export const STATIC_IMAGE_FORMATS: readonly StaticImageFormat[] = ["png", "svg"];

/** Where Chromium is looked for when neither `chromium` nor GRADLAB_CHROMIUM names one. */
export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The picture's size when the figure's layout sets none: about a notebook column. */
export const DEFAULT_SIZE = { width: 900, height: 450 };

/** The Chromium to use: the given path, else $GRADLAB_CHROMIUM, else the first candidate installed. */
export function findChromium(given?: string): string {
  const named = given ?? process.env.GRADLAB_CHROMIUM;
  if (named) {
    if (!fs.existsSync(named)) throw new Error(`Chromium not found at ${named}`);
    return named;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `static plot images need Chromium, and none was found (looked for ${CHROMIUM_CANDIDATES.join(", ")}): ` +
        "install it (Debian/Ubuntu: apt-get install chromium) or set GRADLAB_CHROMIUM to its path",
    );
  }
  return found;
}

/** One headless Chromium page with plotly.js loaded, turning figures into pictures. */
export class StaticImageRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /** Starts Chromium (a second or so) and loads plotly.js into a blank page. */
  static async open(chromium?: string): Promise<StaticImageRenderer> {
    const executablePath = findChromium(chromium);
    // Loaded here, not at the top: only `nb run --images` needs a browser.
    const { chromium: launcher } = await import("playwright-core");
    const browser = await launcher.launch({
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      await page.route(/^(https?|wss?):/, (route) => route.abort());
      await page.setContent('<!DOCTYPE html><html><body style="margin:0"><div id="figure"></div></body></html>');
      await page.addScriptTag({ content: plotlyScript() });
      return new StaticImageRenderer(browser, page);
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  /**
   * The figure as a picture: PNG as base64 (as nbformat stores it) or SVG as text, at the
   * layout's width and height (DEFAULT_SIZE when it sets none).
   */
  async render(fig: PlotlyFigure, format: StaticImageFormat): Promise<string> {
    if (!STATIC_IMAGE_FORMATS.includes(format)) throw new Error(`static images: format must be "png" or "svg", got ${JSON.stringify(format)}`);
    const layout = fig.layout ?? {};
    const width = typeof layout.width === "number" && layout.width > 0 ? layout.width : DEFAULT_SIZE.width;
    const height = typeof layout.height === "number" && layout.height > 0 ? layout.height : DEFAULT_SIZE.height;
    const url = await this.page.evaluate(
      async ({ figure, format, width, height }) => {
        const Plotly = (window as unknown as { Plotly: PlotlyApi }).Plotly;
        const div = document.getElementById("figure") as HTMLElement;
        await Plotly.newPlot(div, figure.data, { ...figure.layout, width, height }, { ...figure.config, staticPlot: true, responsive: false });
        try {
          return await Plotly.toImage(div, { format, width, height });
        } finally {
          Plotly.purge(div);
        }
      },
      { figure: { data: fig.data, layout, config: fig.config ?? {} }, format, width, height },
    );
    const comma = url.indexOf(",");
    const head = url.slice(0, comma);
    if (format === "png") {
      if (head !== "data:image/png;base64") throw new Error(`static images: Plotly.toImage returned ${head.slice(0, 40)}, expected a base64 PNG`);
      return url.slice(comma + 1);
    }
    if (!head.startsWith("data:image/svg+xml")) throw new Error(`static images: Plotly.toImage returned ${head.slice(0, 40)}, expected an SVG`);
    return head.endsWith(";base64") ? Buffer.from(url.slice(comma + 1), "base64").toString("utf8") : decodeURIComponent(url.slice(comma + 1));
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** What the page's plotly.js offers here (the page is typed loosely: it runs in the browser). */
interface PlotlyApi {
  newPlot(div: HTMLElement, data: unknown[], layout: object, config: object): Promise<unknown>;
  toImage(div: HTMLElement, options: { format: string; width: number; height: number }): Promise<string>;
  purge(div: HTMLElement): void;
}

/**
 * Adds a picture to every plotly figure of the notebook (in place) and returns how many it
 * drew. A figure that already has a picture of that format is drawn again, so the picture
 * always matches the figure.
 */
export async function addStaticImages(notebook: Notebook, renderer: StaticImageRenderer, format: StaticImageFormat): Promise<number> {
  let count = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs) {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
      const data = output.data ?? {};
      const fig = plotlyFigure(data);
      if (fig === null) continue;
      const picture = await renderer.render(fig, format);
      data[format === "png" ? "image/png" : "image/svg+xml"] = picture;
      count++;
    }
  }
  return count;
}
