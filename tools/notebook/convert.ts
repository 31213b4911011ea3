/**
 * `gradlab nb convert`: a notebook file to a self-contained HTML page or a Markdown file,
 * written beside the notebook (or in `outputDir`) as `<name>.html` / `<name>.md`.
 */
import * as path from "path";
import { withDefaults } from "../../lib/util/options";
import { writeFileAtomic } from "../util/atomic_write";
import { readNotebook } from "./read";
import { notebookToHtml } from "./to_html";
import { notebookToMarkdown } from "./to_markdown";

export type ConvertFormat = "html" | "markdown";

export interface ConvertOptions {
  to: ConvertFormat;
  /** Folder for the result (created if missing); default: the notebook's folder. */
  outputDir?: string;
}

const EXTENSIONS: Record<ConvertFormat, string> = { html: ".html", markdown: ".md" };

/**
 * Converts one notebook and returns the path written. The file is written atomically, so a
 * reader never sees half a page. A notebook that cannot be read throws read.ts's one-line
 * NotebookError. The HTML page's title is the notebook's `metadata.title` if it has one (as
 * in nbconvert), else the file name without its extension.
 */
export function convertNotebookFile(file: string, options: ConvertOptions): string {
  const { to, outputDir } = withDefaults<ConvertOptions>("convertNotebookFile", { to: "html", outputDir: undefined }, options);
  if (!Object.prototype.hasOwnProperty.call(EXTENSIONS, to)) {
    throw new Error(`convertNotebookFile: to must be "html" or "markdown", got ${JSON.stringify(to)}`);
  }
  if (outputDir !== undefined && (typeof outputDir !== "string" || outputDir === "")) {
    throw new Error(`convertNotebookFile: outputDir must be a folder path, got ${JSON.stringify(outputDir)}`);
  }
  const notebook = readNotebook(file);
  const name = path.parse(file).name; // "03-optim.ipynb" → "03-optim", as nbconvert names its output
  const target = path.join(outputDir ?? path.dirname(file), name + EXTENSIONS[to]);
  if (path.resolve(target) === path.resolve(file)) {
    throw new Error(`convertNotebookFile: the output ${target} would overwrite the notebook itself`);
  }
  let text: string;
  if (to === "html") {
    const given = notebook.metadata?.title;
    const title = typeof given === "string" && given.trim() !== "" ? given.trim() : name;
    text = notebookToHtml(notebook, { title, baseDir: path.dirname(path.resolve(file)) });
  } else {
    text = notebookToMarkdown(notebook);
  }
  writeFileAtomic(target, text);
  return target;
}
