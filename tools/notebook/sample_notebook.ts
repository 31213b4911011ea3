/**
 * A small notebook with every kind of cell and output the converters handle: Markdown with
 * maths, a table and code; a code cell with stdout, stderr, a result and an error; and a
 * plotly figure as gradlab's plots emit it. The converters' tests use it, and it is a quick
 * way to look at an exported page.
 */
import { Notebook, TSLAB_METADATA } from "./nbformat";

/** The figure of the plot cell, built by hand as a plotly figure. */
export const SAMPLE_FIGURE = { data: [{ type: "scatter", x: [1, 2, 3], y: [2, 1, 3] }], layout: { title: { text: "t" } } };

export function sampleNotebook(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...TSLAB_METADATA },
    cells: [
      {
        cell_type: "markdown",
        id: "intro",
        metadata: {},
        source: [
          "# Gradient descent\n",
          "\n",
          "The loss $L(w) = \\frac{1}{2}\\|w\\|^2$ is minimised by the update\n",
          "\n",
          "$$w \\leftarrow w - \\eta \\nabla L(w)$$\n",
          "\n",
          "| optimizer | lr |\n",
          "|---|---|\n",
          "| SGD | $10^{-1}$ |\n",
          "| Adam | 0.001 |\n",
          "\n",
          "A price of \\$5 is not maths, nor is `$x$` in code.",
        ],
      },
      {
        cell_type: "code",
        id: "train",
        metadata: {},
        execution_count: 1,
        source: 'console.log("<script>alert(1)</script>");\nconst y = [2, 1, 3];\ny',
        outputs: [
          { output_type: "stream", name: "stdout", text: ["loss 0.25\n", "<script>alert(1)</script>\n"] },
          { output_type: "stream", name: "stderr", text: "warning: lr is large\n" },
          { output_type: "execute_result", execution_count: 1, data: { "text/plain": "[ 2, 1, 3 ]" }, metadata: {} },
          {
            output_type: "error",
            ename: "Error",
            evalue: "Linear.fprop: x has shape [32, 3], expected [N, 4]",
            traceback: ["\u001b[0;31mError\u001b[0m: Linear.fprop: x has shape [32, 3], expected [N, 4]", "    at <cell>:3:7"],
          },
        ],
      },
      {
        cell_type: "code",
        id: "plot",
        metadata: {},
        execution_count: 2,
        source: "show(lossCurve(history));",
        outputs: [
          {
            output_type: "display_data",
            data: {
              "application/vnd.plotly.v1+json": SAMPLE_FIGURE,
              "text/html": '<div class="bundle-html">drawn by the bundle</div>',
              "text/plain": "Figure: 1 trace (scatter), title 't'",
            },
            metadata: {},
          },
        ],
      },
    ],
  };
}
