/**
 * Markdown with LaTeX maths, rendered at conversion time: marked for the Markdown, KaTeX for
 * `$...$` (inline) and `$$...$$` (display) as MathML, which Chromium, Firefox and Safari draw
 * natively, so the page needs no maths fonts or scripts.
 *
 * Maths must not go through marked: `a_i b_i` would become emphasis and `\\` a single
 * backslash. So the maths is taken out first (leaving a placeholder word marked does not
 * touch), and put back into marked's HTML. Code spans and fenced code keep their dollars, and
 * `\$` stays a literal dollar (marked unescapes it). The rules for a single `$` are pandoc's,
 * so prices do not become maths: the opening `$` is not followed by a space, the closing one
 * is not preceded by a space nor followed by a digit ("$5 and $10" stays text).
 */
import * as fs from "fs";
import katex from "katex";
import * as path from "path";
import { Marked, Tokens } from "marked";

export interface MathSpan {
  tex: string;
  display: boolean;
}

export interface ExtractedMath {
  /** The Markdown with each maths span replaced by `${prefix}${index}x`. */
  text: string;
  maths: MathSpan[];
  /** A word that does not occur in the source, so placeholders cannot collide with it. */
  prefix: string;
}

/** Takes the maths out of Markdown source (see the file comment for the rules). */
export function extractMath(source: string): ExtractedMath {
  let prefix = "gradlabmath";
  while (source.includes(prefix)) prefix += "z";
  const maths: MathSpan[] = [];
  const placeholder = (tex: string, display: boolean): string => {
    maths.push({ tex, display });
    return `${prefix}${maths.length - 1}x`;
  };
  let out = "";
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    const lineStart = i === 0 || source[i - 1] === "\n";
    const fence = lineStart ? /^ {0,3}(`{3,}|~{3,})/.exec(source.slice(i, i + 200)) : null;
    if (fence) {
      // A fenced code block runs to a closing fence of the same character, at least as long.
      const marker = fence[1];
      const close = new RegExp(`\\n {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*(?=\\n|$)`, "g");
      close.lastIndex = i + fence[0].length;
      const m = close.exec(source);
      const end = m ? m.index + m[0].length : n;
      out += source.slice(i, end);
      i = end;
    } else if (c === "`") {
      // A code span: a run of backticks closed by a run of the same length.
      let run = 1;
      while (source[i + run] === "`") run++;
      const ticks = "`".repeat(run);
      let j = source.indexOf(ticks, i + run);
      while (j !== -1 && source[j + run] === "`") {
        let k = j;
        while (source[k] === "`") k++;
        j = source.indexOf(ticks, k);
      }
      const end = j === -1 ? i + run : j + run;
      out += source.slice(i, end);
      i = end;
    } else if (c === "\\") {
      out += source.slice(i, i + 2); // "\$" and "\\" are marked's escapes: leave both characters
      i += 2;
    } else if (c === "$" && source[i + 1] === "$") {
      const j = findClosing(source, i + 2, "$$");
      if (j !== -1 && source.slice(i + 2, j).trim() !== "") {
        out += placeholder(source.slice(i + 2, j), true);
        i = j + 2;
      } else {
        out += "$$";
        i += 2;
      }
    } else if (c === "$") {
      const j = /\s/.test(source[i + 1] ?? " ") ? -1 : findClosing(source, i + 1, "$");
      const body = j === -1 ? "" : source.slice(i + 1, j);
      const ok = j !== -1 && !/\s/.test(source[j - 1]) && !/[0-9]/.test(source[j + 1] ?? "") && !/\n[ \t]*\n/.test(body);
      if (ok) {
        out += placeholder(body, false);
        i = j + 1;
      } else {
        out += "$";
        i += 1;
      }
    } else {
      out += c;
      i += 1;
    }
  }
  return { text: out, maths, prefix };
}

/** Index of the closing delimiter from `from`, skipping backslash escapes; -1 if there is none. */
function findClosing(source: string, from: number, delimiter: string): number {
  for (let j = from; j < source.length; j++) {
    if (source[j] === "\\") j++;
    else if (source.startsWith(delimiter, j)) return j;
    else if (delimiter === "$" && source.startsWith("\n\n", j)) return -1; // inline maths stays in its paragraph
  }
  return -1;
}

/**
 * One notebook's maths renderer. Macros defined with `\newcommand` or `\def` in one cell are
 * kept for the later ones, as MathJax keeps them in a notebook.
 */
export class MathRenderer {
  private readonly macros: Record<string, string> = {};

  /** MathML for one formula; a formula KaTeX cannot parse is shown as its source, in red, with the error as a tooltip. */
  render(tex: string, display: boolean): string {
    return katex.renderToString(tex, { output: "mathml", displayMode: display, throwOnError: false, strict: "ignore", macros: this.macros, globalGroup: true });
  }
}

/** Puts rendered maths back in place of the placeholders of `extracted` in `html`. */
export function restoreMath(html: string, extracted: ExtractedMath, renderer: MathRenderer): string {
  if (extracted.maths.length === 0) return html;
  const token = new RegExp(`${extracted.prefix}(\\d+)x`, "g");
  // Inside a tag (an image's alt text, a link's title) markup is not allowed: put back the TeX.
  return html
    .split(/(<[^>]*>)/)
    .map((part, k) => {
      const inTag = k % 2 === 1;
      return part.replace(token, (whole, index: string) => {
        const m = extracted.maths[Number(index)];
        if (!m) return whole;
        const delimiter = m.display ? "$$" : "$";
        return inTag ? escapeHtml(`${delimiter}${m.tex}${delimiter}`) : renderer.render(m.tex, m.display);
      });
    })
    .join("");
}

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Where a Markdown cell's images can come from, besides the web. */
export interface ImageSources {
  /** The cell's attachments (`![](attachment:NAME)`): { NAME: { mime: base64 } }. */
  attachments?: Record<string, unknown>;
  /** The notebook's folder: images at relative paths under it are embedded. */
  baseDir?: string;
}

const IMAGE_TYPES: Record<string, string> = { ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp" };

/** A data: URI for an image reference that can be embedded, or null to leave the reference as it is. */
function embeddedImage(href: string, sources: ImageSources): string | null {
  if (href.startsWith("attachment:")) {
    const bundle = sources.attachments?.[decodeURIComponent(href.slice("attachment:".length))];
    if (!bundle || typeof bundle !== "object") return null;
    const [mime, data] = Object.entries(bundle as Record<string, unknown>)[0] ?? [];
    return mime && typeof data === "string" ? `data:${mime};base64,${data.replace(/\s+/g, "")}` : null;
  }
  // A relative path (no scheme, not a fragment) to an image file beside the notebook.
  if (!sources.baseDir || /^[a-z][a-z0-9+.-]*:|^[#/\\]/i.test(href)) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(href.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  const mime = IMAGE_TYPES[path.extname(relative).toLowerCase()];
  const file = path.resolve(sources.baseDir, relative);
  if (!mime || !fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
  return `data:${mime};base64,${fs.readFileSync(file).toString("base64")}`;
}

/**
 * Markdown (GitHub flavour: tables, strikethrough, task lists) with maths, as HTML. Images
 * from the cell's attachments or from files beside the notebook are embedded as data: URIs,
 * so the page stays one file. Raw HTML in the Markdown passes through, as in Jupyter and
 * nbconvert: it was written by the notebook's author.
 */
export function renderMarkdown(source: string, renderer: MathRenderer, sources: ImageSources = {}): string {
  const extracted = extractMath(source);
  const marked = new Marked({
    gfm: true,
    async: false,
    walkTokens(token) {
      if (token.type !== "image") return;
      const image = token as Tokens.Image;
      const uri = embeddedImage(image.href, sources);
      if (uri !== null) image.href = uri;
    },
  });
  const html = marked.parse(extracted.text) as string;
  return restoreMath(html, extracted, renderer);
}
