/**
 * What an exported page carries inside itself: its stylesheet, highlight.js's GitHub theme
 * and plotly.js. Everything comes from installed npm packages, so the page makes no network
 * request when it opens.
 */
import * as fs from "fs";

/** The page's own style: a readable column, prompts in a gutter on the left, as in JupyterLab. */
export const PAGE_CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1f2328;
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main.notebook { max-width: 1040px; margin: 0 auto; padding: 24px 24px 64px; }
.cell { margin: 10px 0; }
.row { display: flex; align-items: flex-start; }
.prompt { flex: 0 0 5.8em; box-sizing: border-box; padding: 0.55em 0.7em 0 0; text-align: right; color: #303f9f;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; user-select: none; white-space: nowrap; }
.prompt.out { color: #d84315; }
.content { flex: 1 1 auto; min-width: 0; }
pre, code, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
.input pre.source { margin: 0; border: 1px solid #d0d7de; border-radius: 4px; overflow: hidden; }
.input pre.source code.hljs { background: #f6f8fa; padding: 0.55em 0.8em; line-height: 1.45; }
.output { margin-top: 4px; }
.output pre { margin: 0; padding: 0.45em 0.8em; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
.output .stderr { background: #fff5f5; }
.output .error { background: #fff5f5; border-left: 3px solid #d1242f; }
.output .ename { color: #d1242f; font-weight: 600; }
.output .traceback { color: #57606a; }
.output img { max-width: 100%; height: auto; }
.output .plot { width: 100%; }
.output .note { color: #57606a; font-style: italic; }
.markdown { padding: 0 0.8em; overflow-wrap: break-word; }
.markdown h1, .markdown h2, .markdown h3, .markdown h4 { line-height: 1.25; margin: 1.2em 0 0.5em; }
.markdown h1 { font-size: 2em; border-bottom: 1px solid #d8dee4; padding-bottom: 0.2em; }
.markdown h2 { font-size: 1.5em; border-bottom: 1px solid #d8dee4; padding-bottom: 0.2em; }
.markdown p, .markdown ul, .markdown ol, .markdown table, .markdown blockquote { margin: 0.6em 0; }
.markdown code { background: #eff1f3; border-radius: 4px; padding: 0.1em 0.35em; }
.markdown pre { background: #f6f8fa; border-radius: 4px; padding: 0.6em 0.8em; overflow-x: auto; }
.markdown pre code { background: none; padding: 0; }
.markdown table { border-collapse: collapse; }
.markdown th, .markdown td { border: 1px solid #d0d7de; padding: 0.3em 0.8em; }
.markdown th { background: #f6f8fa; }
.markdown blockquote { border-left: 4px solid #d0d7de; color: #57606a; margin-left: 0; padding-left: 1em; }
.markdown img { max-width: 100%; }
math { font-size: 1.1em; }
math[display="block"] { margin: 0.8em 0; overflow-x: auto; overflow-y: hidden; }
.katex-error { font-family: monospace; }
nav.course-nav { display: flex; justify-content: space-between; gap: 1em; font-size: 14px; padding: 0.4em 0.8em; }
nav.course-nav.top { border-bottom: 1px solid #d8dee4; margin-bottom: 1em; }
nav.course-nav.bottom { border-top: 1px solid #d8dee4; margin-top: 2em; }
nav.course-nav a { color: #0969da; text-decoration: none; }
nav.course-nav a:hover { text-decoration: underline; }
@media (max-width: 700px) { .prompt { display: none; } main.notebook { padding: 12px; } }
@media print { .cell { break-inside: avoid; } }
`;

let highlightCss: string | null = null;

/** highlight.js's GitHub theme, without its comments (they carry web addresses, and say nothing to a reader). */
export function highlightThemeCss(): string {
  if (highlightCss === null) {
    const file = require.resolve("highlight.js/styles/github.css");
    highlightCss = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\n{2,}/g, "\n").trim();
  }
  return highlightCss;
}

let plotlySource: string | null = null;

/**
 * plotly.min.js, ready to sit inside a <script> element: a "</script" in it (there is none in
 * 3.x, but a later version could have one in a string) would end the element early, so it is
 * written "<\/script", which means the same inside a JavaScript string or regular expression.
 */
export function plotlyScript(): string {
  if (plotlySource === null) {
    const file = require.resolve("plotly.js-dist-min");
    plotlySource = fs.readFileSync(file, "utf8").replace(/<\/(script)/gi, "<\\/$1");
  }
  return plotlySource;
}
