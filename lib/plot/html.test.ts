import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { gunzipSync } from "zlib";
import { Figure, PLOTLY_FILE_ROUTE, PLOT_DIV_CLASS, figureHtml, newPlotId, scriptSafeJson } from "gradlab";

const fig: Figure = {
  data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "a </script><b>" }],
  layout: { title: { text: "Loss" }, height: 300 },
  config: { responsive: true },
};

interface FakeTag {
  src?: string;
  onload?: () => void;
  onerror?: () => void;
}

type Div = { id: string; textContent: string; style: Record<string, string> };

/**
 * Just enough of a browser page to run the figure's script: a document with the figure's div,
 * Notebook 6's `data-base-url` or JupyterLab's config script, and optionally window.Plotly,
 * the notebook's plotly.js carrier (a promise) or require.js. Node's own atob, Blob, Response
 * and DecompressionStream stand in for the browser's. Records what the script asks of
 * plotly.js and of the page.
 */
function fakePage(options: { bodyBaseUrl?: string; labBaseUrl?: string; plotly?: boolean; requirejs?: boolean; carrier?: Promise<unknown> } = {}) {
  const newPlot = jest.fn(() => Promise.resolve());
  const divs = new Map<string, Div>();
  const tags: FakeTag[] = [];
  const document = {
    body: { dataset: options.bodyBaseUrl ? { baseUrl: options.bodyBaseUrl } : {} },
    head: { appendChild: (tag: FakeTag) => tags.push(tag) },
    currentScript: null,
    createElement: (): FakeTag => ({}),
    getElementById(id: string) {
      if (id === "jupyter-config-data") {
        return options.labBaseUrl ? { textContent: JSON.stringify({ baseUrl: options.labBaseUrl }) } : null;
      }
      return divs.get(id) ?? null;
    },
  };
  const window: Record<string, unknown> = {};
  if (options.plotly) window.Plotly = { newPlot };
  if (options.carrier) window.gradlabPlotly = options.carrier;
  const required: { deps: string[]; ok: (p: unknown) => void; fail: () => void }[] = [];
  const config = jest.fn();
  if (options.requirejs) {
    window.requirejs = Object.assign((deps: string[], ok: (p: unknown) => void, fail: () => void) => required.push({ deps, ok, fail }), {
      config,
    });
    window.define = Object.assign(() => undefined, { amd: {} });
  }
  const context = vm.createContext({ window, document, atob, Blob, Response, DecompressionStream, Uint8Array });
  const run = (html: string): Div => {
    const id = /<div id="([^"]+)"/.exec(html)![1];
    const div: Div = { id, textContent: "", style: {} };
    divs.set(id, div);
    const script = /<script type="text\/javascript">([\s\S]*)<\/script>/.exec(html)![1];
    vm.runInContext(script, context);
    return div;
  };
  return { run, window, newPlot, tags, required, config };
}

/** Lets the page's promises (unpacking, loading) settle. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe("figureHtml", () => {
  test("a div with the given id and class, sized from the layout, then one script", () => {
    const html = figureHtml(fig, "plot-1");
    expect(html.startsWith('<div id="plot-1" class="gradlab-plot" style="width:100%;height:300px;"></div>')).toBe(true);
    expect(PLOT_DIV_CLASS).toBe("gradlab-plot");
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1); // the trace name travels packed, so it cannot end the element
    expect(html.trimEnd().endsWith("</script>")).toBe(true);
    expect(html).toContain(PLOTLY_FILE_ROUTE);
    expect(() => figureHtml(fig, 'x" onload="alert(1)')).toThrow("figureHtml: div id must be letters");
  });

  test("the figure travels gzip-packed: it unpacks to the same JSON, at a fraction of its size", () => {
    const big: Figure = { data: [{ type: "scatter", x: Array.from({ length: 2000 }, (_, i) => i), y: Array.from({ length: 2000 }, (_, i) => Number(Math.sin(i / 50).toPrecision(6))) }], layout: {} };
    // (Displayed figures have six significant digits, precision.ts; full float64 digits pack less well.)
    const packed = /var packed = "([A-Za-z0-9+/=]+)";/.exec(figureHtml(big, "p0"))![1];
    const json = gunzipSync(Buffer.from(packed, "base64")).toString("utf8");
    expect(JSON.parse(json)).toEqual(big);
    expect(packed.length).toBeLessThan(json.length * 0.65); // 0.37 for the figures of notebook 07
  });

  test("the loader path is the repository's copy of plotly.js under the Jupyter /files/ route", () => {
    expect(PLOTLY_FILE_ROUTE).toBe("files/node_modules/plotly.js-dist-min/plotly.min.js");
    const repoRoot = path.resolve(__dirname, "..", "..");
    expect(fs.existsSync(path.join(repoRoot, PLOTLY_FILE_ROUTE.slice("files/".length)))).toBe(true);
  });

  test("with window.Plotly (an exported page) it draws, the figure intact", async () => {
    const page = fakePage({ plotly: true });
    const div = page.run(figureHtml(fig, "p1"));
    await until(() => page.newPlot.mock.calls.length > 0);
    expect(page.newPlot).toHaveBeenCalledTimes(1);
    const [target, data, layout, config] = page.newPlot.mock.calls[0] as unknown as [Div, Figure["data"], object, object];
    expect(target).toBe(div);
    expect(JSON.stringify({ data, layout, config })).toBe(JSON.stringify(fig));
    expect(data[0].name).toBe("a </script><b>");
    expect(page.tags).toHaveLength(0);
  });

  test("with the notebook's plotly.js carrier (nbconvert's page) it waits for it and loads nothing", async () => {
    const Plotly = { newPlot: jest.fn(() => Promise.resolve()) };
    let resolve!: (p: unknown) => void;
    const page = fakePage({ carrier: new Promise((r) => (resolve = r)), requirejs: true });
    page.run(figureHtml(fig, "p6"));
    await new Promise((r) => setTimeout(r, 20));
    expect(Plotly.newPlot).not.toHaveBeenCalled(); // still unpacking
    resolve(Plotly);
    await until(() => Plotly.newPlot.mock.calls.length > 0);
    expect(page.required).toHaveLength(0);
    expect(page.tags).toHaveLength(0);
  });

  test("a carrier that fails (no DecompressionStream) falls back to the server's copy", async () => {
    const carrier = Promise.reject(new Error("this browser cannot unpack gzip"));
    carrier.catch(() => undefined);
    const page = fakePage({ carrier, labBaseUrl: "/lab" });
    page.run(figureHtml(fig, "p7"));
    await until(() => page.tags.length === 1);
    expect(page.tags[0].src).toBe("/lab/files/node_modules/plotly.js-dist-min/plotly.min.js");
  });

  test("with require.js (Notebook 6) it loads plotly as an AMD module from the base URL", async () => {
    const page = fakePage({ requirejs: true, bodyBaseUrl: "/user/ann/" });
    page.run(figureHtml(fig, "p2"));
    expect(page.config).toHaveBeenCalledWith({
      paths: { plotly: "/user/ann/files/node_modules/plotly.js-dist-min/plotly.min" }, // require.js adds ".js"
      shim: { plotly: { exports: "Plotly" } },
    });
    expect(page.required.map((r) => r.deps)).toEqual([["plotly"]]);
    const Plotly = { newPlot: jest.fn(() => Promise.resolve()) };
    page.required[0].ok(Plotly);
    await until(() => Plotly.newPlot.mock.calls.length > 0);
    expect(page.tags).toHaveLength(0);
  });

  test("otherwise (JupyterLab) one script tag from the config's base URL serves every waiting figure", async () => {
    const page = fakePage({ labBaseUrl: "/lab" });
    page.run(figureHtml(fig, "p3"));
    page.run(figureHtml(fig, "p4"));
    expect(page.tags).toHaveLength(1);
    expect(page.tags[0].src).toBe("/lab/files/node_modules/plotly.js-dist-min/plotly.min.js");
    page.window.Plotly = { newPlot: page.newPlot };
    page.tags[0].onload!();
    await until(() => page.newPlot.mock.calls.length === 2);
    expect(page.newPlot.mock.calls.map((c) => (c as unknown as [Div])[0].id).sort()).toEqual(["p3", "p4"]);
  });

  test("when plotly.js cannot be loaded the div says from where", async () => {
    const page = fakePage();
    const div = page.run(figureHtml(fig, "p5"));
    expect(page.tags[0].src).toBe("/files/node_modules/plotly.js-dist-min/plotly.min.js");
    page.tags[0].onerror!();
    await until(() => div.textContent !== "");
    expect(div.textContent).toBe("The plot could not be drawn: plotly.js could not be loaded from /files/node_modules/plotly.js-dist-min/plotly.min.js");
  });

  test("ids are unique and valid; script-safe JSON parses back to the same value", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newPlotId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^gradlab-plot-\d+-[a-z0-9]+$/);
    const value = { s: "</script> & <!-- \u2028 \u2029" };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
