/**
 * A notebook as ONE self-contained HTML page, as nbconvert's HTML exporter shows it to a
 * reader: Markdown cells rendered (maths as MathML, drawn by the browser itself), code cells
 * with an `In [n]:` prompt and highlighted source, and their outputs. Plots are drawn by
 * plotly.js, inlined once in the head when some output has a plot. The page loads nothing
 * from the network: styles, scripts and images are all inside it.
 *
 * Every piece of text from the notebook is escaped, except what is HTML on purpose: Markdown
 * cells (their raw HTML passes through, as in Jupyter) and `text/html` outputs.
 */
import hljs from "highlight.js";
import { PLOT_DIV_CLASS, scriptSafeJson } from "../../lib/plot/html";
import { isPlotlyCarrier } from "../../lib/plot/plotly_carrier";
import { withDefaults } from "../../lib/util/options";
import { PAGE_CSS, highlightThemeCss, plotlyScript } from "./html_assets";
import { MathRenderer, escapeHtml, renderMarkdown } from "./markdown_math";
import { Cell, CodeCell, ErrorOutput, Notebook, Output, sourceText } from "./nbformat";
import { PLOTLY_MIME, PlotlyFigure, imageDataUri, mimeText, plotlyFigure, richestMime, stripAnsi, terminalText } from "./output_data";

export interface HtmlOptions {
  /** The page's <title>. */
  title: string;
  /** The notebook's folder: images that Markdown cells reference by a relative path are embedded from it. */
  baseDir?: string;
  /** Links to the course's index and to the pages before and after this one, above and below the notebook. */
  nav?: PageNav;
}

/** A link of the course navigation: where it goes and what it says. */
export interface PageLink {
  href: string;
  title: string;
}

export interface PageNav {
  index: PageLink;
  previous?: PageLink;
  next?: PageLink;
}

/** The MIME types an HTML page can show, richest first. */
export const HTML_MIME_ORDER = [
  PLOTLY_MIME,
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/html",
  "text/markdown",
  "text/latex",
  "text/plain",
] as const;

/** What one conversion shares between cells: maths macros and whether a plot was drawn. */
interface Context {
  maths: MathRenderer;
  language: string;
  baseDir?: string;
  hasPlot: boolean;
}

/** The notebook as a complete HTML document (see the file comment). */
export function notebookToHtml(notebook: Notebook, options: HtmlOptions): string {
  const { title, baseDir, nav } = withDefaults<HtmlOptions>("notebookToHtml", { title: "Notebook", baseDir: undefined, nav: undefined }, options);
  if (typeof title !== "string") throw new Error(`notebookToHtml: title must be a string, got ${String(title)}`);
  if (!notebook || !Array.isArray(notebook.cells)) throw new Error("notebookToHtml: expected an nbformat 4 notebook with a cells array");
  const info = (notebook.metadata?.language_info ?? {}) as { name?: unknown };
  const language = typeof info.name === "string" && hljs.getLanguage(info.name) ? info.name : "typescript";
  const context: Context = { maths: new MathRenderer(), language, baseDir, hasPlot: false };
  const body = notebook.cells.map((cell, i) => cellHtml(cell, i, context)).join("\n");
  // The plotly script goes in the head so that every plot's own script finds window.Plotly.
  const plotly = context.hasPlot ? `<script>\n${plotlyScript()}\n</script>\n` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gradlab nb convert">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}
${highlightThemeCss()}
</style>
${plotly}</head>
<body>
<main class="notebook">
${nav ? navHtml(nav, "top") : ""}${body}
${nav ? navHtml(nav, "bottom") : ""}</main>
</body>
</html>
`;
}

/** "← previous · index · next →", each a link (the ends of the course have no previous or next). */
function navHtml(nav: PageNav, where: "top" | "bottom"): string {
  const link = (l: PageLink | undefined, rel: string, text: string): string =>
    l ? `<a rel="${rel}" href="${escapeHtml(l.href)}">${text.replace("%s", escapeHtml(l.title))}</a>` : `<span></span>`;
  return `<nav class="course-nav ${where}">${link(nav.previous, "prev", "← %s")}${link(nav.index, "index", "%s")}${link(nav.next, "next", "%s →")}</nav>\n`;
}

function cellHtml(cell: Cell, index: number, context: Context): string {
  if (cell.cell_type === "code") return codeCellHtml(cell, index, context);
  const source = sourceText(cell.source);
  if (cell.cell_type === "markdown") {
    const html = renderMarkdown(source, context.maths, { attachments: cell.attachments, baseDir: context.baseDir });
    return `<div class="cell markdown-cell"><div class="row"><div class="prompt"></div><div class="content markdown">\n${html}</div></div></div>`;
  }
  if (cell.cell_type === "raw") {
    const format = String(cell.metadata?.raw_mimetype ?? cell.metadata?.format ?? "").toLowerCase();
    const html =
      format === "text/html" ? source
      : format === "text/markdown" ? renderMarkdown(source, context.maths, { attachments: cell.attachments, baseDir: context.baseDir })
      : `<pre>${escapeHtml(source)}</pre>`;
    return `<div class="cell raw-cell"><div class="row"><div class="prompt"></div><div class="content">${html}</div></div></div>`;
  }
  return ""; // an unknown cell type: nothing a reader could use
}

function codeCellHtml(cell: CodeCell, index: number, context: Context): string {
  const source = sourceText(cell.source);
  const code = hljs.highlight(source, { language: context.language, ignoreIllegals: true }).value;
  const count = cell.execution_count === null || cell.execution_count === undefined ? " " : String(cell.execution_count);
  const input = `<div class="row input"><div class="prompt in">In&nbsp;[${escapeHtml(count)}]:</div><div class="content"><pre class="source"><code class="hljs language-${escapeHtml(context.language)}">${code}</code></pre></div></div>`;
  // The plotly.js a notebook carries for nbconvert's page is left out: this page inlines its own.
  const shown = (cell.outputs ?? []).map((output, k) => ({ output, k })).filter(({ output }) => !carriesPlotly(output));
  const outputs = shown.map(({ output, k }) => {
    const prompt = output.output_type === "execute_result" ? `Out[${escapeHtml(count.trim() || " ")}]:` : "";
    return `<div class="row output"><div class="prompt out">${prompt}</div><div class="content">${outputHtml(output, `plot-${index}-${k}`, context)}</div></div>`;
  });
  return `<div class="cell code-cell">\n${input}\n${outputs.join("\n")}\n</div>`;
}

function carriesPlotly(output: Output): boolean {
  return (output.output_type === "display_data" || output.output_type === "execute_result") && isPlotlyCarrier(output.metadata);
}

/** One output's HTML; `plotId` is the div id for a plot (deterministic, so the same notebook gives the same page). */
function outputHtml(output: Output, plotId: string, context: Context): string {
  switch (output.output_type) {
    case "stream": {
      const name = output.name === "stderr" ? "stderr" : "stdout";
      return `<pre class="stream ${name}">${escapeHtml(terminalText(output.text))}</pre>`;
    }
    case "error":
      return errorHtml(output);
    case "execute_result":
    case "display_data":
      return bundleHtml(output.data ?? {}, output.metadata ?? {}, plotId, context);
    default:
      return `<pre class="note">[an output of unknown type ${escapeHtml(JSON.stringify((output as { output_type?: unknown }).output_type))} is not shown]</pre>`;
  }
}

/** `ename: evalue`, then the traceback without the lines that only repeat it. */
function errorHtml(output: ErrorOutput): string {
  const ename = stripAnsi(String(output.ename ?? "Error"));
  const evalue = stripAnsi(String(output.evalue ?? ""));
  const said = new Set(evalue.split("\n").map((l) => l.trim()));
  const trace = (output.traceback ?? [])
    .flatMap((entry) => stripAnsi(String(entry)).split("\n"))
    .filter((line) => {
      const rest = line.startsWith(`${ename}: `) ? line.slice(ename.length + 2) : line.startsWith(`${ename}:`) ? line.slice(ename.length + 1) : null;
      return !(rest !== null && said.has(rest.trim())) && line.trim() !== ename;
    });
  const traceHtml = trace.length > 0 ? `\n<span class="traceback">${escapeHtml(trace.join("\n"))}</span>` : "";
  return `<pre class="error"><span class="ename">${escapeHtml(ename)}</span>: <span class="evalue">${escapeHtml(evalue)}</span>${traceHtml}</pre>`;
}

function bundleHtml(data: Record<string, unknown>, metadata: Record<string, unknown>, plotId: string, context: Context): string {
  const mime = richestMime(data, HTML_MIME_ORDER);
  if (mime === null) {
    const kinds = Object.keys(data).join(", ") || "no data";
    return `<pre class="note">[output not shown: ${escapeHtml(kinds)}]</pre>`;
  }
  const value = data[mime];
  switch (mime) {
    case PLOTLY_MIME:
      context.hasPlot = true;
      return plotHtml(plotlyFigure(data) as PlotlyFigure, plotId);
    case "image/svg+xml":
    case "image/png":
    case "image/jpeg":
    case "image/gif": {
      // SVG goes in an <img> too: inline SVGs of one page share one id space, and often clash.
      const size = (metadata[mime] ?? {}) as { width?: unknown; height?: unknown };
      const width = typeof size.width === "number" ? ` width="${size.width}"` : "";
      const height = typeof size.height === "number" ? ` height="${size.height}"` : "";
      return `<img src="${escapeHtml(imageDataUri(mime, value))}" alt="output image"${width}${height}>`;
    }
    case "text/html":
      return `<div class="html-output">${mimeText(value)}</div>`;
    case "text/markdown":
      return `<div class="markdown">${renderMarkdown(mimeText(value), context.maths, { baseDir: context.baseDir })}</div>`;
    case "text/latex":
      return `<div class="latex">${latexHtml(mimeText(value), context)}</div>`;
    default:
      return `<pre class="text">${escapeHtml(terminalText(mimeText(value)))}</pre>`;
  }
}

/** A text/latex output: one delimited formula is rendered directly; text with maths in it goes through Markdown. */
function latexHtml(latex: string, context: Context): string {
  const trimmed = latex.trim();
  const forms: [RegExp, boolean][] = [
    [/^\$\$([\s\S]*)\$\$$/, true],
    [/^\\\[([\s\S]*)\\\]$/, true],
    [/^\\\(([\s\S]*)\\\)$/, false],
    [/^\$([^$]*)\$$/, false],
  ];
  for (const [form, display] of forms) {
    const m = form.exec(trimmed);
    if (m) return context.maths.render(m[1], display);
  }
  return renderMarkdown(latex, context.maths, { baseDir: context.baseDir });
}

/**
 * A plot: a div and a script that draws the figure into it with the inlined plotly.js. If
 * drawing fails the div says why, rather than staying blank.
 */
function plotHtml(fig: PlotlyFigure, plotId: string): string {
  const layoutHeight = fig.layout?.height;
  const height = typeof layoutHeight === "number" && layoutHeight > 0 ? layoutHeight : 450;
  // The modebar's plotly logo is a link to plotly's website; a page for reading does not need it.
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  const figure = { data: fig.data, layout: fig.layout ?? {}, config, ...(fig.frames ? { frames: fig.frames } : {}) };
  return `<div id="${plotId}" class="plot ${PLOT_DIV_CLASS}" style="height:${height}px;"></div>
<script>
(function () {
  var figure = ${scriptSafeJson(figure)};
  var id = ${JSON.stringify(plotId)};
  var div = document.getElementById(id);
  function fail(message) { div.style.height = "auto"; div.className += " note"; div.textContent = message; }
  if (!window.Plotly) { fail("This plot needs plotly.js, which is missing from the page."); return; }
  window.Plotly.newPlot(id, figure.data, figure.layout, figure.config)
    .then(function () { return figure.frames ? window.Plotly.addFrames(id, figure.frames) : null; })
    .catch(function (e) {
      fail("The plot could not be drawn: " + e);
      console.error(e);
    });
})();
</script>`;
}
