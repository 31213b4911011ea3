import { Figure } from "./figure";
import { UNPACK_JS, packText } from "./packed";
import { CARRIER_GLOBAL } from "./plotly_carrier";

/**
 * Where the Jupyter server serves plotly.js from, relative to its base URL: the repository
 * root is the Jupyter root, and `/files/<path>` serves any file under it.
 */
export const PLOTLY_FILE_ROUTE = "files/node_modules/plotly.js-dist-min/plotly.min.js";

/** The class of every figure's div, so tools (the HTML converter, tests) can find the plots. */
export const PLOT_DIV_CLASS = "gradlab-plot";

let counter = 0;

/** A fresh div id: a counter keeps ids unique in this kernel, the random part across kernels. */
export function newPlotId(): string {
  counter += 1;
  return `gradlab-plot-${counter}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * JSON that is safe inside a <script> element: "<" is escaped so a string such as
 * "</script>" in a title cannot end the element, and U+2028/U+2029 (legal in JSON strings,
 * line breaks to older JavaScript parsers) are escaped too. JSON only has these characters
 * inside strings, where the \u escapes mean the same characters.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * A div and a script that draws `fig` into it with plotly.js, wherever the HTML ends up. The
 * figure travels packed (gzip + base64, packed.ts): the same figure is also in the bundle's
 * plotly JSON, and the packed copy is about a third of its size. plotly.js is found by trying,
 * in order:
 *
 * 1. `window.Plotly`: an exported page with plotly.min.js inlined once at the top, or a page
 *    where an earlier figure loaded it.
 * 2. The notebook's plotly.js carrier (plotly_carrier.ts), which the first figure of a kernel
 *    is preceded by: this is what draws the plots in nbconvert's HTML export, offline.
 * 3. require.js on the page (classic Notebook 6): plotly's bundle, depending on its version,
 *    registers as an anonymous AMD module (a plain <script> would then fail with "Mismatched
 *    anonymous define()") or just sets window.Plotly, so load it through require.js, as
 *    plotly.py's notebook mode does, with a shim for the second case.
 * 4. Otherwise (JupyterLab without the plotly extension): one <script> tag from the Jupyter
 *    server's file route; figures drawn while it loads wait in a shared queue.
 *
 * The base URL comes from Notebook 6's `<body data-base-url>` or JupyterLab's
 * `jupyter-config-data`, "/" otherwise. If the figure cannot be drawn the div says why.
 */
export function figureHtml(fig: Figure, divId: string = newPlotId()): string {
  if (!/^[A-Za-z][\w-]*$/.test(divId)) throw new Error(`figureHtml: div id must be letters, digits, "_" or "-", got "${divId}"`);
  const height = typeof fig.layout?.height === "number" ? fig.layout.height : 450;
  return `<div id="${divId}" class="${PLOT_DIV_CLASS}" style="width:100%;height:${height}px;"></div>
<script type="text/javascript">
(function () {
  var packed = "${packText(JSON.stringify(fig))}";
  var divId = "${divId}";
  var script = document.currentScript;
  var url = baseUrl() + "${PLOTLY_FILE_ROUTE}";
  ${UNPACK_JS}

  function baseUrl() {
    var base = document.body && document.body.dataset.baseUrl;
    var config = document.getElementById("jupyter-config-data");
    if (!base && config) {
      try { base = JSON.parse(config.textContent).baseUrl; } catch (e) { base = ""; }
    }
    base = base || "/";
    return base.charAt(base.length - 1) === "/" ? base : base + "/";
  }

  function fromServer() {
    return new Promise(function (resolve, reject) {
      var failed = function () { reject(new Error("plotly.js could not be loaded from " + url)); };
      var loaded = function (Plotly) { if (Plotly || window.Plotly) resolve(Plotly || window.Plotly); else failed(); };
      if (typeof window.requirejs === "function" && typeof window.define === "function" && window.define.amd) {
        window.requirejs.config({ paths: { plotly: url.replace(/\\.js$/, "") }, shim: { plotly: { exports: "Plotly" } } });
        window.requirejs(["plotly"], loaded, failed);
        return;
      }
      if (window.__gradlabPlotlyQueue) { window.__gradlabPlotlyQueue.push(loaded); return; }
      var queue = window.__gradlabPlotlyQueue = [loaded];
      var tag = document.createElement("script");
      function flush() {
        window.__gradlabPlotlyQueue = null;
        queue.forEach(function (f) { f(window.Plotly); });
      }
      tag.onload = flush;
      tag.onerror = flush;
      tag.src = url;
      document.head.appendChild(tag);
    });
  }

  function plotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (window.${CARRIER_GLOBAL}) return window.${CARRIER_GLOBAL}.catch(fromServer);
    return fromServer();
  }

  function target() { return document.getElementById(divId) || (script && script.previousElementSibling); }

  Promise.all([plotly(), unpack(packed)])
    .then(function (both) {
      var figure = JSON.parse(both[1]);
      var div = target();
      if (div) return both[0].newPlot(div, figure.data, figure.layout, figure.config);
    })
    .catch(function (e) {
      var div = target();
      if (div) { div.style.height = "auto"; div.textContent = "The plot could not be drawn: " + (e && e.message ? e.message : e); }
    });
})();
</script>`;
}
