import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
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

/**
 * Just enough of a browser page to run the figure's script: a document with the figure's div,
 * Notebook 6's `data-base-url` or JupyterLab's config script, and optionally window.Plotly or
 * require.js. Records what the script asks of plotly.js and of the page.
 */
function fakePage(options: { bodyBaseUrl?: string; labBaseUrl?: string; plotly?: boolean; requirejs?: boolean } = {}) {
  const newPlot = jest.fn();
  const divs = new Map<string, { id: string; textContent: string }>();
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
  const required: { deps: string[]; ok: (p: unknown) => void; fail: () => void }[] = [];
  const config = jest.fn();
  if (options.requirejs) {
    window.requirejs = Object.assign((deps: string[], ok: (p: unknown) => void, fail: () => void) => required.push({ deps, ok, fail }), {
      config,
    });
    window.define = Object.assign(() => undefined, { amd: {} });
  }
  const context = vm.createContext({ window, document });
  const run = (html: string): { id: string; textContent: string } => {
    const id = /<div id="([^"]+)"/.exec(html)![1];
    const div = { id, textContent: "" };
    divs.set(id, div);
    const script = /<script type="text\/javascript">([\s\S]*)<\/script>/.exec(html)![1];
    vm.runInContext(script, context);
    return div;
  };
  return { run, window, newPlot, tags, required, config };
}

describe("figureHtml", () => {
  test("a div with the given id and class, sized from the layout, then one script", () => {
    const html = figureHtml(fig, "plot-1");
    expect(html.startsWith('<div id="plot-1" class="gradlab-plot" style="width:100%;height:300px;"></div>')).toBe(true);
    expect(PLOT_DIV_CLASS).toBe("gradlab-plot");
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1); // the "</script>" in the trace name is escaped
    expect(html.trimEnd().endsWith("</script>")).toBe(true);
    expect(html).toContain(PLOTLY_FILE_ROUTE);
    expect(() => figureHtml(fig, 'x" onload="alert(1)')).toThrow("figureHtml: div id must be letters");
  });

  test("the loader path is the repository's copy of plotly.js under the Jupyter /files/ route", () => {
    expect(PLOTLY_FILE_ROUTE).toBe("files/node_modules/plotly.js-dist-min/plotly.min.js");
    const repoRoot = path.resolve(__dirname, "..", "..");
    expect(fs.existsSync(path.join(repoRoot, PLOTLY_FILE_ROUTE.slice("files/".length)))).toBe(true);
  });

  test("with window.Plotly (an exported page) it draws at once, the figure intact", () => {
    const page = fakePage({ plotly: true });
    const div = page.run(figureHtml(fig, "p1"));
    expect(page.newPlot).toHaveBeenCalledTimes(1);
    const [target, data, layout, config] = page.newPlot.mock.calls[0];
    expect(target).toBe(div);
    expect(JSON.stringify({ data, layout, config })).toBe(JSON.stringify(fig));
    expect(data[0].name).toBe("a </script><b>");
    expect(page.tags).toHaveLength(0);
  });

  test("with require.js (Notebook 6) it loads plotly as an AMD module from the base URL", () => {
    const page = fakePage({ requirejs: true, bodyBaseUrl: "/user/ann/" });
    page.run(figureHtml(fig, "p2"));
    expect(page.config).toHaveBeenCalledWith({
      paths: { plotly: "/user/ann/files/node_modules/plotly.js-dist-min/plotly.min" }, // require.js adds ".js"
      shim: { plotly: { exports: "Plotly" } },
    });
    expect(page.required.map((r) => r.deps)).toEqual([["plotly"]]);
    const Plotly = { newPlot: jest.fn() };
    page.required[0].ok(Plotly);
    expect(Plotly.newPlot).toHaveBeenCalledTimes(1);
    expect(page.tags).toHaveLength(0);
  });

  test("otherwise (JupyterLab) one script tag from the config's base URL serves every waiting figure", () => {
    const page = fakePage({ labBaseUrl: "/lab" });
    page.run(figureHtml(fig, "p3"));
    page.run(figureHtml(fig, "p4"));
    expect(page.tags).toHaveLength(1);
    expect(page.tags[0].src).toBe("/lab/files/node_modules/plotly.js-dist-min/plotly.min.js");
    page.window.Plotly = { newPlot: page.newPlot };
    page.tags[0].onload!();
    expect(page.newPlot.mock.calls.map((c) => c[0].id)).toEqual(["p3", "p4"]);
  });

  test("when plotly.js cannot be loaded the div says from where", () => {
    const page = fakePage();
    const div = page.run(figureHtml(fig, "p5"));
    expect(page.tags[0].src).toBe("/files/node_modules/plotly.js-dist-min/plotly.min.js");
    page.tags[0].onerror!();
    expect(div.textContent).toBe("plotly.js could not be loaded from /files/node_modules/plotly.js-dist-min/plotly.min.js");
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
