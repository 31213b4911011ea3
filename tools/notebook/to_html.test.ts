import { Notebook, Output, TSLAB_METADATA } from "./nbformat";
import { sampleNotebook } from "./sample_notebook";
import { notebookToHtml } from "./to_html";
import { notebookToMarkdown } from "./to_markdown";
import { displayBundle } from "../../lib/plot/show";
import { plotlyCarrierOutput } from "../../lib/plot/plotly_carrier";

/** The first line of plotly.min.js's licence header: one per copy of plotly.js on the page. */
const PLOTLY_MARK = /\* plotly\.js v\d+\.\d+\.\d+/g;

function count(text: string, pattern: RegExp | string): number {
  return typeof pattern === "string" ? text.split(pattern).length - 1 : (text.match(pattern) ?? []).length;
}

function notebookOf(outputs: Output[], markdown = "Some *text*."): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...TSLAB_METADATA },
    cells: [
      { cell_type: "markdown", id: "m", metadata: {}, source: markdown },
      { cell_type: "code", id: "c", metadata: {}, execution_count: 7, source: "const a = 1;", outputs },
    ],
  };
}

const html = notebookToHtml(sampleNotebook(), { title: "Lecture <4> & notes" });
const body = html.slice(html.indexOf("<body>"));

describe("notebookToHtml on the sample notebook", () => {
  test("is one HTML document with the title escaped", () => {
    expect(html.startsWith("<!DOCTYPE html>\n<html")).toBe(true);
    expect(html).toContain("<title>Lecture &lt;4&gt; &amp; notes</title>");
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
  });

  test("maths became MathML: an inline formula, a display formula and one in the table", () => {
    expect(count(body, "<math ")).toBe(3);
    expect(count(body, 'display="block"')).toBe(1);
    expect(body).toContain("<mi>η</mi><mi mathvariant=\"normal\">∇</mi>"); // \eta \nabla
    expect(body).toContain("<mfrac><mn>1</mn><mn>2</mn></mfrac>"); // \frac{1}{2}
    expect(body).toMatch(/<td><span class="katex"><math[^>]*><semantics><mrow><msup><mn>10<\/mn>/); // $10^{-1}$ in a table cell
    expect(body).not.toMatch(/\$[^$<]*\\frac/); // no TeX left as text
  });

  test("Markdown became HTML: heading, table, escaped dollar and code span", () => {
    expect(body).toContain("<h1>Gradient descent</h1>");
    expect(body).toContain("<th>optimizer</th>");
    expect(body).toContain("<td>Adam</td>");
    expect(body).toContain("A price of $5 is not maths, nor is <code>$x$</code> in code.");
  });

  test("code cells have In [n]: prompts and highlight.js spans, with the theme inlined", () => {
    expect(body).toContain("In&nbsp;[1]:");
    expect(body).toContain("In&nbsp;[2]:");
    expect(body).toContain('<span class="hljs-keyword">const</span> y = [<span class="hljs-number">2</span>');
    expect(body).toContain('<span class="hljs-string">&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</span>');
    expect(html).toMatch(/<style>[\s\S]*\.hljs-keyword[\s\S]*<\/style>/);
  });

  test("text outputs are escaped: a <script> printed by the code is text, not a tag", () => {
    expect(body).toContain('<pre class="stream stdout">loss 0.25\n&lt;script&gt;alert(1)&lt;/script&gt;\n</pre>');
    expect(html).not.toContain("<script>alert");
    expect(body).toContain('<pre class="stream stderr">warning: lr is large\n</pre>');
    expect(body).toContain('<div class="prompt out">Out[1]:</div><div class="content"><pre class="text">[ 2, 1, 3 ]</pre>');
  });

  test("errors show ename: evalue and the traceback, without ANSI codes or a repeated first line", () => {
    expect(body).toContain(
      '<pre class="error"><span class="ename">Error</span>: <span class="evalue">Linear.fprop: x has shape [32, 3], expected [N, 4]</span>\n' +
        '<span class="traceback">    at &lt;cell&gt;:3:7</span></pre>',
    );
    expect(html).not.toContain("\u001b");
  });

  test("the plot is drawn from the plotly JSON into its own div, not from the bundle's HTML", () => {
    expect(body).toContain('<div id="plot-2-0" class="plot gradlab-plot" style="height:450px;"></div>');
    expect(body).toContain('var figure = {"data":[{"type":"scatter","x":[1,2,3],"y":[2,1,3]}],"layout":{"title":{"text":"t"}}');
    expect(body).toContain('window.Plotly.newPlot(id, figure.data, figure.layout, figure.config)');
    expect(body).not.toContain("drawn by the bundle");
  });

  test("plotly.min.js is inlined exactly once, in the head", () => {
    expect(count(html, PLOTLY_MARK)).toBe(1);
    const head = html.slice(0, html.indexOf("</head>"));
    expect(count(head, PLOTLY_MARK)).toBe(1);
    expect(count(html, /<script>/g)).toBe(2); // plotly.js and the one plot
  });

  test("nothing is loaded from elsewhere: no external scripts, stylesheets, images or CSS urls", () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img[^>]+src="(?!data:)/i);
    const styles = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
    expect(styles).not.toMatch(/url\(|@import|https?:/i);
  });
});

describe("notebookToHtml outputs", () => {
  test("a notebook without plots has no plotly.js and no script at all", () => {
    const page = notebookToHtml(notebookOf([{ output_type: "stream", name: "stdout", text: "hi\n" }]), { title: "t" });
    expect(count(page, PLOTLY_MARK)).toBe(0);
    expect(page).not.toContain("<script");
    expect(page).toContain("In&nbsp;[7]:");
    expect(page).toContain("<em>text</em>");
  });

  test("two plots share one copy of plotly.js and get distinct divs", () => {
    const plot = (y: number[]): Output => ({ output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: [{ y }] } }, metadata: {} });
    const page = notebookToHtml(notebookOf([plot([1, 2]), plot([3, 4])]), { title: "t" });
    expect(count(page, PLOTLY_MARK)).toBe(1);
    expect(page).toContain('id="plot-1-0"');
    expect(page).toContain('id="plot-1-1"');
  });

  test("the richest MIME type wins: SVG over PNG over HTML over Markdown over LaTeX over text", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>';
    const bundle = (data: Record<string, unknown>, metadata: Record<string, unknown> = {}): string => {
      const page = notebookToHtml(notebookOf([{ output_type: "display_data", data, metadata }]), { title: "t" });
      return page.slice(page.indexOf('<div class="row output">'), page.indexOf("</main>"));
    };
    expect(bundle({ "image/svg+xml": svg, "image/png": "AAAA", "text/plain": "x" })).toContain(
      `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}" alt="output image">`,
    );
    expect(bundle({ "image/png": ["iVBO\n", "Rw0K\n"], "text/html": "<b>h</b>" }, { "image/png": { width: 20 } })).toContain(
      '<img src="data:image/png;base64,iVBORw0K" alt="output image" width="20">',
    );
    expect(bundle({ "image/jpeg": "/9j/", "text/plain": "x" })).toContain('src="data:image/jpeg;base64,/9j/"');
    expect(bundle({ "text/html": "<b>bold</b>", "text/markdown": "*md*", "text/plain": "<b>" })).toContain('<div class="html-output"><b>bold</b></div>');
    expect(bundle({ "text/markdown": "*md* $x$", "text/latex": "$y$" })).toMatch(/<div class="markdown"><p><em>md<\/em> <span class="katex"><math/);
    expect(bundle({ "text/latex": "$$\\alpha$$", "text/plain": "alpha" })).toMatch(/<div class="latex"><span class="katex"><math[^>]*display="block"><semantics><mrow><mi>α<\/mi>/);
    expect(bundle({ "text/plain": "a < b" })).toContain('<pre class="text">a &lt; b</pre>');
    expect(bundle({ "application/x-unknown": 1 })).toContain("[output not shown: application/x-unknown]");
  });

  test("a plotly entry that is not a figure falls back to the next MIME type", () => {
    const page = notebookToHtml(notebookOf([{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": { layout: {} }, "text/plain": "Figure" }, metadata: {} }]), { title: "t" });
    expect(page).not.toContain("<script");
    expect(page).toContain('<pre class="text">Figure</pre>');
  });

  test("a progress line rewritten with \\r shows its last version", () => {
    const page = notebookToHtml(notebookOf([{ output_type: "stream", name: "stdout", text: "epoch 1\r\u001b[32mepoch 2\u001b[0m\rdone\nnext\n" }]), { title: "t" });
    expect(page).toContain('<pre class="stream stdout">done\nnext\n</pre>');
  });

  test("an unexecuted cell has an empty prompt and a raw cell is shown as text", () => {
    const nb = notebookOf([]);
    nb.cells[1] = { cell_type: "code", id: "c", metadata: {}, execution_count: null, source: "x", outputs: [] };
    nb.cells.push({ cell_type: "raw", id: "r", metadata: {}, source: "<i>raw</i>" });
    const page = notebookToHtml(nb, { title: "t" });
    expect(page).toContain("In&nbsp;[ ]:");
    expect(page).toContain("<pre>&lt;i&gt;raw&lt;/i&gt;</pre>");
  });

  test("bad options and bad notebooks are rejected with what was expected", () => {
    expect(() => notebookToHtml(sampleNotebook(), { title: "t", colour: "red" } as never)).toThrow(
      'notebookToHtml: unknown option "colour"; known options are "title", "baseDir"',
    );
    expect(() => notebookToHtml(sampleNotebook(), { title: 3 } as never)).toThrow("notebookToHtml: title must be a string, got 3");
    expect(() => notebookToHtml({ nbformat: 4 } as never, { title: "t" })).toThrow("notebookToHtml: expected an nbformat 4 notebook with a cells array");
  });
});

describe("the plotly.js a notebook carries for nbconvert's page", () => {
  test("is left out of gradlab's HTML and Markdown, which inline or need no plotly.js of their own", () => {
    const carrier = plotlyCarrierOutput();
    const figure = displayBundle({ data: [{ type: "scatter", y: [1, 2] }], layout: {} }, "f1");
    const nb = notebookOf([
      { output_type: "display_data", data: carrier.data, metadata: carrier.metadata },
      { output_type: "display_data", data: { ...figure }, metadata: {} },
    ]);
    const page = notebookToHtml(nb, { title: "t" });
    expect(count(page, PLOTLY_MARK)).toBe(1); // the page's own copy, in the head
    expect(page).not.toContain("gradlabPlotly = unpack(");
    expect(count(page, 'class="row output"')).toBe(1); // the figure's row only: no empty row for the carrier
    const markdown = notebookToMarkdown(nb);
    expect(markdown).not.toContain("<script");
    expect(markdown).toContain("[plot: untitled]");
  });
});
