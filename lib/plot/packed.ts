/**
 * Text packed for a web page: gzip, then base64, so a large script or figure travels inside
 * an HTML output at a fraction of its size (plotly.min.js: 4.9 MB as text, 2.0 MB packed; a
 * figure's JSON: about a third). Browsers unpack it with their built-in `DecompressionStream`
 * (Chrome 80, Firefox 113, Safari 16.4); nothing else is needed on the page.
 */
import { gzipSync } from "zlib";

/** `text` gzip-compressed and base64-encoded: an ASCII string safe inside a <script>. */
export function packText(text: string): string {
  if (typeof text !== "string") throw new Error(`packText: expected a string, got ${typeof text}`);
  return gzipSync(Buffer.from(text, "utf8"), { level: 9 }).toString("base64");
}

/**
 * A browser function `unpack(packed) -> Promise<string>`, the inverse of `packText`, as
 * JavaScript source to paste into a page's script. It rejects (rather than throwing) where
 * the browser has no DecompressionStream, so the caller can say so on the page.
 */
export const UNPACK_JS = `function unpack(packed) {
    if (typeof DecompressionStream !== "function") {
      return Promise.reject(new Error("this browser cannot unpack gzip (no DecompressionStream)"));
    }
    var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }`;
