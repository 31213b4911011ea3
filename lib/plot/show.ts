import { Figure } from "./figure";
import { figureHtml, newPlotId } from "./html";
import { plotlyCarrierOutput } from "./plotly_carrier";
import { roundFigureData } from "./precision";

/** MIME type of plotly's JSON, which JupyterLab's and VS Code's plotly renderers draw. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * One display_data bundle: the same figure in three forms; the front end picks the richest it
 * can draw. The data is rounded for display (precision.ts) and the HTML carries it packed.
 */
export interface DisplayBundle {
  "application/vnd.plotly.v1+json": Figure;
  "text/html": string;
  "text/plain": string;
}

/** tslab's `writeDisplayData(content, update)` for the cell being executed. */
type WriteDisplayData = (
  content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

/** A one-line description, e.g. "Figure: 2 traces (scatter, scatter), title 'Loss'". */
export function figureSummary(fig: Figure): string {
  const n = fig.data.length;
  const types = fig.data.map((t) => t.type ?? "scatter").join(", ");
  const text = fig.layout?.title?.text;
  const title = text ? `, title '${text}'` : "";
  return `Figure: ${n} trace${n === 1 ? "" : "s"}${n > 0 ? ` (${types})` : ""}${title}`;
}

/** The display bundle for a figure (pure apart from the fresh div id). */
export function displayBundle(fig: Figure, divId: string = newPlotId()): DisplayBundle {
  if (fig === null || typeof fig !== "object" || !Array.isArray(fig.data)) {
    throw new Error(`displayBundle: expected a figure { data: Trace[], layout }, got ${String(fig)}`);
  }
  const shown = roundFigureData(fig);
  return {
    [PLOTLY_MIME]: shown,
    "text/html": figureHtml(shown, divId),
    "text/plain": figureSummary(fig),
  };
}

/**
 * tslab's hook for the cell being executed, or null outside a notebook. The kernel (or the
 * embedded engine's worker) has already loaded tslab's `dist/jupyter.js` and set its
 * `lastWriteDisplayData`; looking it up among loaded modules, rather than requiring it, finds
 * the kernel's own copy even when tslab is installed globally, and costs a plain script
 * nothing (requiring tslab would load a whole TypeScript compiler just to find null).
 */
function notebookHook(): WriteDisplayData | null {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (!cache) return null;
  for (const key of Object.keys(cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) continue;
    const hook = (cache[key]?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof hook === "function") return hook as WriteDisplayData;
  }
  return null;
}

/**
 * Sends one display_data to the cell being executed and returns true, or returns false outside
 * a notebook. tslab's public `display` sends one MIME type per call, hence the lower-level hook.
 */
export function displayData(data: Record<string, unknown>, metadata: Record<string, unknown> = {}): boolean {
  const write = notebookHook();
  if (!write) return false;
  write({ data, metadata, transient: {} }, false);
  return true;
}

/** Whether this kernel has already sent plotly.js (the carrier goes with the first plot only). */
let plotlySent = false;

/**
 * Shows a figure. In a tslab notebook it emits one display_data with the plotly JSON, the
 * HTML fallback and the text summary, and returns undefined so the cell does not also echo
 * the bundle as its value. The first figure of a kernel is preceded by plotly.js itself
 * (plotly_carrier.ts), once, so the saved notebook draws its plots offline; re-running that
 * one cell later drops it, so run the notebook from the top (Restart & Run All) before
 * exporting it. Anywhere else (a node script, a test) it prints the text summary and returns
 * the bundle.
 */
export function show(fig: Figure): DisplayBundle | undefined {
  const bundle = displayBundle(fig);
  if (notebookHook()) {
    if (!plotlySent) {
      const carrier = plotlyCarrierOutput();
      displayData(carrier.data, carrier.metadata);
      plotlySent = true;
    }
    displayData({ ...bundle });
    return undefined;
  }
  process.stdout.write(`${bundle["text/plain"]}\n`);
  return bundle;
}
