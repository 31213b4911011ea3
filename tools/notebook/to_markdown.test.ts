import { Notebook, TSLAB_METADATA } from "./nbformat";
import { sampleNotebook } from "./sample_notebook";
import { fenced, notebookToMarkdown } from "./to_markdown";

describe("notebookToMarkdown", () => {
  test("the sample notebook: Markdown as is, code fenced as typescript, outputs as text, the plot as a line and its summary", () => {
    const expected = [
      "# Gradient descent",
      "",
      "The loss $L(w) = \\frac{1}{2}\\|w\\|^2$ is minimised by the update",
      "",
      "$$w \\leftarrow w - \\eta \\nabla L(w)$$",
      "",
      "| optimizer | lr |",
      "|---|---|",
      "| SGD | $10^{-1}$ |",
      "| Adam | 0.001 |",
      "",
      "A price of \\$5 is not maths, nor is `$x$` in code.",
      "",
      "```typescript",
      'console.log("<script>alert(1)</script>");',
      "const y = [2, 1, 3];",
      "y",
      "```",
      "",
      "```text",
      "loss 0.25",
      "<script>alert(1)</script>",
      "```",
      "",
      "```text",
      "warning: lr is large",
      "```",
      "",
      "```text",
      "[ 2, 1, 3 ]",
      "```",
      "",
      "```text",
      "Error: Linear.fprop: x has shape [32, 3], expected [N, 4]",
      "```",
      "",
      "```typescript",
      "show(lossCurve(history));",
      "```",
      "",
      "[plot: t]",
      "",
      "```text",
      "Figure: 1 trace (scatter), title 't'",
      "```",
      "",
    ].join("\n");
    expect(notebookToMarkdown(sampleNotebook())).toBe(expected);
  });

  test("images become data-URI images; Markdown and LaTeX outputs stay Markdown; text comes before HTML", () => {
    const svg = "<svg xmlns='http://www.w3.org/2000/svg'/>";
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { ...TSLAB_METADATA },
      cells: [
        {
          cell_type: "code",
          id: "c",
          metadata: {},
          execution_count: 1,
          source: "draw()",
          outputs: [
            { output_type: "display_data", data: { "image/png": "iVBO\nRw0K", "text/plain": "<Image>" }, metadata: {} },
            { output_type: "display_data", data: { "image/svg+xml": svg }, metadata: {} },
            { output_type: "display_data", data: { "text/markdown": "**bold**\n", "text/plain": "bold" }, metadata: {} },
            { output_type: "display_data", data: { "text/latex": "$$x^2$$" }, metadata: {} },
            { output_type: "display_data", data: { "text/html": "<div>plot</div>", "text/plain": "a plot" }, metadata: {} },
            {
              output_type: "display_data",
              data: { "application/vnd.plotly.v1+json": { data: [], layout: { title: "Loss [log]" } } },
              metadata: {},
            },
          ],
        },
      ],
    };
    const blocks = notebookToMarkdown(nb).split("\n\n");
    expect(blocks).toEqual([
      "```typescript\ndraw()\n```",
      "![output](data:image/png;base64,iVBORw0K)",
      `![output](data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")})`,
      "**bold**",
      "$$x^2$$",
      "```text\na plot\n```",
      "[plot: Loss \\[log\\]]\n",
    ]);
  });

  test("a plot without a title is named untitled; ANSI codes are stripped from errors", () => {
    const nb = sampleNotebook();
    const cell = nb.cells[2];
    if (cell.cell_type !== "code") throw new Error("the sample's third cell is code");
    cell.outputs = [
      { output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: [{ y: [1] }] } }, metadata: {} },
      { output_type: "error", ename: "\u001b[31mRangeError\u001b[0m", evalue: "too far", traceback: [] },
    ];
    expect(notebookToMarkdown(nb)).toMatch(/```typescript\nshow\(lossCurve\(history\)\);\n```\n\n\[plot: untitled\]\n\n```text\nRangeError: too far\n```\n$/);
  });

  test("a fence is longer than any backtick run inside it", () => {
    expect(fenced("a ``` b", "text")).toBe("````text\na ``` b\n````");
    expect(fenced("plain\n\n", "typescript")).toBe("```typescript\nplain\n```");
  });

  test("a notebook without cells is rejected", () => {
    expect(() => notebookToMarkdown({ nbformat: 4 } as never)).toThrow("notebookToMarkdown: expected an nbformat 4 notebook with a cells array");
  });
});
