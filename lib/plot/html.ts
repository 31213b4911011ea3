import { Figure } from "./figure";

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
 * A div and a script that draws `fig` into it with plotly.js, wherever the HTML ends up:
 *
 * 1. `window.Plotly` exists (an exported page with plotly.min.js inlined once at the top, or a
 *    JupyterLab page where an earlier figure loaded it): draw at once.
 * 2. require.js is on the page (classic Notebook 6): plotly's bundle, depending on its version,
 *    registers as an anonymous AMD module (a plain <script> would then fail with "Mismatched
 *    anonymous define()") or just sets window.Plotly, so load it through require.js, as
 *    plotly.py's notebook mode does, with a shim for the second case.
 * 3. Otherwise (JupyterLab without the plotly extension): one <script> tag from the Jupyter
 *    server's file route; figures drawn while it loads wait in a shared queue.
 *
 * The base URL comes from Notebook 6's `<body data-base-url>` or JupyterLab's
 * `jupyter-config-data`, "/" otherwise. If plotly.js cannot be loaded the div says so.
 */
export function figureHtml(fig: Figure, divId: string = newPlotId()): string {
  if (!/^[A-Za-z][\w-]*$/.test(divId)) throw new Error(`figureHtml: div id must be letters, digits, "_" or "-", got "${divId}"`);
  const height = typeof fig.layout?.height === "number" ? fig.layout.height : 450;
  return `<div id="${divId}" class="${PLOT_DIV_CLASS}" style="width:100%;height:${height}px;"></div>
<script type="text/javascript">
(function () {
  var figure = ${scriptSafeJson(fig)};
  var divId = "${divId}";
  var script = document.currentScript;
  var url = baseUrl() + "${PLOTLY_FILE_ROUTE}";

  function baseUrl() {
    var base = document.body && document.body.dataset.baseUrl;
    var config = document.getElementById("jupyter-config-data");
    if (!base && config) {
      try { base = JSON.parse(config.textContent).baseUrl; } catch (e) { base = ""; }
    }
    base = base || "/";
    return base.charAt(base.length - 1) === "/" ? base : base + "/";
  }

  function draw(Plotly) {
    Plotly = Plotly || window.Plotly;
    var div = document.getElementById(divId) || (script && script.previousElementSibling);
    if (!div) return;
    if (!Plotly) { div.textContent = "plotly.js could not be loaded from " + url; return; }
    Plotly.newPlot(div, figure.data, figure.layout, figure.config);
  }

  if (window.Plotly) { draw(window.Plotly); return; }
  if (typeof window.requirejs === "function" && typeof window.define === "function" && window.define.amd) {
    window.requirejs.config({ paths: { plotly: url.replace(/\\.js$/, "") }, shim: { plotly: { exports: "Plotly" } } });
    window.requirejs(["plotly"], draw, function () { draw(null); });
    return;
  }
  if (window.__gradlabPlotlyQueue) { window.__gradlabPlotlyQueue.push(draw); return; }
  var queue = window.__gradlabPlotlyQueue = [draw];
  var tag = document.createElement("script");
  function flush() {
    window.__gradlabPlotlyQueue = null;
    queue.forEach(function (f) { f(window.Plotly); });
  }
  tag.onload = flush;
  tag.onerror = flush;
  tag.src = url;
  document.head.appendChild(tag);
})();
</script>`;
}
