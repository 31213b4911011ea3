/**
 * plotly.js carried once per notebook, as plotly.py's offline notebook mode
 * (`init_notebook_mode(connected=False)`) does: the first plot a kernel shows is preceded by one
 * display_data whose `text/html` holds plotly.js itself. Every later figure of the notebook
 * finds it on the page, so the saved notebook draws its plots with no server and no network:
 * in nbconvert's HTML export (`jupyter nbconvert --to html`, Notebook's "Download as HTML"),
 * in nbviewer, and when the notebook is opened again.
 *
 * Differences from plotly.py, each for a reason:
 * - plotly.js is packed (gzip + base64, packed.ts): 2.0 MB in the notebook instead of 4.9 MB.
 * - It is evaluated with `define`, `module` and `exports` shadowed, so it sets `window.Plotly`
 *   whether or not require.js is on the page (nbconvert's page loads require.js from a CDN,
 *   which offline fails; Notebook 6 has it), instead of only when require.js is present.
 * - The output is marked in its metadata, so gradlab's own exporters, which inline plotly.js
 *   themselves, leave it out.
 */
import * as fs from "fs";
import { UNPACK_JS, packText } from "./packed";

/** The metadata key that marks the carrier output: `metadata.gradlab.carries === "plotly.js"`. */
export const CARRIER_METADATA = { gradlab: { carries: "plotly.js" } } as const;

/**
 * The global the carrier sets (synchronously, when its script runs) to a promise of plotly.js,
 * so figures drawn while it unpacks wait for it instead of loading their own copy.
 */
export const CARRIER_GLOBAL = "gradlabPlotly";

/** True for an output's metadata that marks it as the plotly.js carrier. */
export function isPlotlyCarrier(metadata: unknown): boolean {
  const g = (metadata as { gradlab?: { carries?: unknown } } | null | undefined)?.gradlab;
  return g !== null && typeof g === "object" && g.carries === "plotly.js";
}

let cached: string | null = null;

/** The carrier's HTML: one script that unpacks plotly.js, unless the page already has it. */
export function plotlyCarrierHtml(): string {
  if (cached !== null) return cached;
  const file = require.resolve("plotly.js-dist-min");
  const version = (JSON.parse(fs.readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")) as { version: string }).version;
  const packed = packText(fs.readFileSync(file, "utf8"));
  cached = `<script type="text/javascript">
/* plotly.js ${version} for the plots of this notebook (gzip + base64; unpacked once per page). */
(function () {
  if (window.Plotly || window.${CARRIER_GLOBAL}) return;
  ${UNPACK_JS}
  window.${CARRIER_GLOBAL} = unpack("${packed}").then(function (source) {
    // No AMD define, CommonJS module or exports in view: plotly.js then sets window.Plotly.
    new Function("define", "module", "exports", source).call(window);
    if (!window.Plotly) throw new Error("plotly.js ran but did not define window.Plotly");
    return window.Plotly;
  });
  // A figure reports a failure itself; keep the console free of an unhandled rejection.
  window.${CARRIER_GLOBAL}.catch(function () {});
})();
</script>`;
  return cached;
}

/** The carrier as a display_data's data and metadata. */
export function plotlyCarrierOutput(): { data: Record<string, string>; metadata: Record<string, unknown> } {
  return { data: { "text/html": plotlyCarrierHtml() }, metadata: JSON.parse(JSON.stringify(CARRIER_METADATA)) as Record<string, unknown> };
}
