/**
 * What the HTML and Markdown exporters share about cell outputs: reading a MIME bundle's
 * values (nbformat stores text as a string or a list of lines), finding a plotly figure in a
 * bundle, and turning terminal text into plain text (ANSI colours and `\r` progress lines).
 */
import { MultilineString } from "./nbformat";

/** MIME type of plotly's JSON, as gradlab's plots (lib/plot/show.ts) and plotly.py emit it. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A plotly figure as found in an output: only `data` is required. */
export interface PlotlyFigure {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
  frames?: unknown[];
}

/** A bundle's value as one string (text MIME types may be a list of lines). */
export function mimeText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("");
  return value === undefined || value === null ? "" : JSON.stringify(value);
}

/** Base64 data of an image bundle entry with the line breaks nbformat allows taken out. */
export function base64Data(value: unknown): string {
  return mimeText(value).replace(/\s+/g, "");
}

/** A data: URI for an image bundle entry (SVG is text in a notebook, so it is encoded here). */
export function imageDataUri(mime: string, value: unknown): string {
  const base64 = mime === "image/svg+xml" ? Buffer.from(mimeText(value), "utf8").toString("base64") : base64Data(value);
  return `data:${mime};base64,${base64}`;
}

/** The first MIME type of `order` that the bundle carries (a plotly entry only counts if it is a figure). */
export function richestMime(data: Record<string, unknown>, order: readonly string[]): string | null {
  for (const mime of order) {
    if (!(mime in data) || data[mime] === undefined || data[mime] === null) continue;
    if (mime === PLOTLY_MIME && plotlyFigure(data) === null) continue;
    return mime;
  }
  return null;
}

/**
 * The bundle's plotly figure, or null when there is none or it is not a figure. Some writers
 * store the JSON as text, so a string is parsed.
 */
export function plotlyFigure(data: Record<string, unknown>): PlotlyFigure | null {
  let value = data[PLOTLY_MIME];
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const fig = value as Record<string, unknown>;
  if (!Array.isArray(fig.data)) return null;
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  return {
    data: fig.data,
    layout: isObject(fig.layout) ? fig.layout : {},
    ...(isObject(fig.config) ? { config: fig.config } : {}),
    ...(Array.isArray(fig.frames) ? { frames: fig.frames } : {}),
  };
}

/** A figure's title (plotly allows `title: "t"` and `title: { text: "t" }`), or "untitled". */
export function plotlyTitle(fig: PlotlyFigure): string {
  const title = fig.layout?.title;
  const text = typeof title === "string" ? title : title && typeof title === "object" ? (title as { text?: unknown }).text : undefined;
  return typeof text === "string" && text.trim() !== "" ? text.trim() : "untitled";
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, hyperlinks) of a terminal.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Text without ANSI escape codes (tracebacks and coloured logs carry them). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * Terminal text as a reader saw it: no ANSI codes, and a line rewritten with `\r` (a progress
 * bar) keeps only its last version, as Jupyter's output area shows it.
 */
export function terminalText(text: MultilineString): string {
  const plain = stripAnsi(Array.isArray(text) ? text.join("") : text).replace(/\r\n/g, "\n");
  return plain
    .split("\n")
    .map((line) => {
      const parts = line.split("\r");
      // "50%\r100%\r" ends in "": the last non-empty version is what stayed on screen.
      for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== "") return parts[i];
      return "";
    })
    .join("\n");
}
