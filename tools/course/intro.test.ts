import { Notebook, TSLAB_METADATA } from "../notebook/nbformat";
import { notebookIntro } from "./intro";

function notebookWith(markdown: string | null, metadata: Record<string, unknown> = {}): Notebook {
  const cells: Notebook["cells"] = [{ cell_type: "code", id: "c", metadata: {}, execution_count: null, source: "1 + 1", outputs: [] }];
  if (markdown !== null) cells.unshift({ cell_type: "markdown", id: "m", metadata: {}, source: markdown });
  return { nbformat: 4, nbformat_minor: 5, metadata: { ...TSLAB_METADATA, ...metadata }, cells };
}

describe("notebookIntro", () => {
  test("a heading list of goals and a time line", () => {
    const md = [
      "# Momentum",
      "",
      "Gradient descent zigzags across a valley.",
      "",
      "## Learning goals",
      "",
      "After this notebook you can:",
      "",
      "- write the heavy ball's update $v \\leftarrow \\alpha v - \\eta g$,",
      "- explain why momentum damps the zigzag",
      "  and speeds up the flat direction;",
      "- compare it with `nesterov`.",
      "",
      "**Estimated time:** 40 minutes",
    ].join("\n");
    expect(notebookIntro(notebookWith(md), "07-momentum")).toEqual({
      title: "Momentum",
      goals: [
        "write the heavy ball's update $v \\leftarrow \\alpha v - \\eta g$,",
        "explain why momentum damps the zigzag and speeds up the flat direction;",
        "compare it with `nesterov`.",
      ],
      time: "40 minutes",
    });
  });

  test("bold labels, numbered goals, a time in italics before the goals", () => {
    const md = "# Gradient descent\n\n*Estimated time — about 1 hour.*\n\n**Learning goals.**\n1. find the best rate\n2. predict divergence\n\nThen some prose.\n- not a goal";
    expect(notebookIntro(notebookWith(md), "x")).toEqual({ title: "Gradient descent", goals: ["find the best rate", "predict divergence"], time: "about 1 hour" });
  });

  test("goals written on the label's own line", () => {
    const md = "# Convolution\n\n**Learning goals:** compute a convolution by hand and count its parameters.\n\nTime: 30 min";
    expect(notebookIntro(notebookWith(md), "x")).toEqual({ title: "Convolution", goals: ["compute a convolution by hand and count its parameters."], time: "30 min" });
  });

  test("without goals or time: the title alone; without a heading: metadata.title, then the file name", () => {
    expect(notebookIntro(notebookWith("# The chain rule\n\nProse only."), "01")).toEqual({ title: "The chain rule", goals: [], time: null });
    expect(notebookIntro(notebookWith("No heading here.", { title: "From metadata" }), "01")).toEqual({ title: "From metadata", goals: [], time: null });
    expect(notebookIntro(notebookWith(null), "01-computational-graph")).toEqual({ title: "01-computational-graph", goals: [], time: null });
    expect(notebookIntro(notebookWith("Intro.\n\n## **Bold** `code` and *emphasis*"), "x").title).toBe("Bold code and emphasis");
  });
});
