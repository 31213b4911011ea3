/**
 * A notebook as one Markdown file: Markdown cells as they are, code cells as fenced
 * ```typescript blocks, and outputs as text a Markdown viewer can show. Images are embedded
 * as data: URIs, so the file stands alone. Markdown cannot draw a plotly figure, so a plot
 * becomes a line `[plot: <title>]` and its text summary.
 */
import { isPlotlyCarrier } from "../../lib/plot/plotly_carrier";
import { CodeCell, Notebook, Output, sourceText } from "./nbformat";
import { PLOTLY_MIME, PlotlyFigure, imageDataUri, mimeText, plotlyFigure, plotlyTitle, richestMime, terminalText } from "./output_data";

/**
 * The MIME types Markdown can show, richest first. Plain text comes before HTML: the HTML of
 * a notebook output is mostly a script (a plot, a widget) that Markdown viewers do not run.
 */
export const MARKDOWN_MIME_ORDER = [
  PLOTLY_MIME,
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "text/latex",
  "text/plain",
  "text/html",
] as const;

/** The notebook as Markdown text (see the file comment), ending in one newline. */
export function notebookToMarkdown(notebook: Notebook): string {
  if (!notebook || !Array.isArray(notebook.cells)) throw new Error("notebookToMarkdown: expected an nbformat 4 notebook with a cells array");
  const info = (notebook.metadata?.language_info ?? {}) as { name?: unknown };
  const language = typeof info.name === "string" && /^[\w+-]+$/.test(info.name) ? info.name : "typescript";
  const blocks: string[] = [];
  for (const cell of notebook.cells) {
    const source = sourceText(cell.source).replace(/\s+$/, "");
    if (cell.cell_type !== "code") {
      if (source !== "") blocks.push(source);
      continue;
    }
    blocks.push(fenced(source, language));
    for (const output of (cell as CodeCell).outputs ?? []) {
      const text = outputMarkdown(output);
      if (text !== "") blocks.push(text);
    }
  }
  return blocks.join("\n\n") + "\n";
}

/** One output as Markdown ("" when there is nothing to show). */
export function outputMarkdown(output: Output): string {
  switch (output.output_type) {
    case "stream":
      return fenced(terminalText(output.text), "text");
    case "error":
      return fenced(terminalText(`${output.ename}: ${output.evalue}`), "text");
    case "execute_result":
    case "display_data":
      // plotly.js carried for the notebook's HTML plots is no reading matter.
      return isPlotlyCarrier(output.metadata) ? "" : bundleMarkdown(output.data ?? {});
    default:
      return "";
  }
}

function bundleMarkdown(data: Record<string, unknown>): string {
  const mime = richestMime(data, MARKDOWN_MIME_ORDER);
  if (mime === null) return "";
  const value = data[mime];
  switch (mime) {
    case PLOTLY_MIME: {
      const title = plotlyTitle(plotlyFigure(data) as PlotlyFigure).replace(/\s+/g, " ").replace(/[\\[\]]/g, "\\$&");
      const summary = "text/plain" in data ? `\n\n${fenced(terminalText(mimeText(data["text/plain"])), "text")}` : "";
      return `[plot: ${title}]${summary}`;
    }
    case "image/svg+xml":
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return `![output](${imageDataUri(mime, value)})`;
    case "text/plain":
      return fenced(terminalText(mimeText(value)), "text");
    default:
      return mimeText(value).replace(/\s+$/, ""); // Markdown, LaTeX and HTML are all Markdown's own
  }
}

/** A fenced code block whose fence is longer than any run of backticks inside it, so the content cannot close it. */
export function fenced(text: string, language: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  const body = text.replace(/\n+$/, "");
  return `${fence}${language}\n${body}\n${fence}`;
}
