import { Notebook } from "./nbformat";
import { notebookText } from "./clear";

const notebook = (outputs: unknown[]): Notebook =>
  ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, empty: {}, none: [] },
    cells: [{ id: "a1", cell_type: "code", source: ["const x = 1;\n", "x"], metadata: {}, execution_count: 1, outputs }],
  }) as unknown as Notebook;

describe("notebookText", () => {
  test("without flat number arrays it is exactly JSON.stringify with a one-space indent, as Jupyter writes", () => {
    const nb = notebook([{ output_type: "stream", name: "stdout", text: ["a\n", "b"] }]);
    expect(notebookText(nb)).toBe(`${JSON.stringify(nb, null, 1)}\n`);
  });

  test("a figure's number arrays stay on one line each, and the text parses back to the same notebook", () => {
    const fig = { data: [{ x: [1, 2.5, null], z: [[1, 2], [3, 4]], visible: [true, false] }], layout: { range: [-1, 1] } };
    const nb = notebook([{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig }, metadata: {} }]);
    const text = notebookText(nb);
    expect(JSON.parse(text)).toEqual(nb);
    expect(text).toContain('"x": [1,2.5,null]');
    expect(text).toContain('"z": [\n');
    expect(text).toContain("[1,2],\n");
    expect(text).toContain('"visible": [true,false]');
    // Source lines are strings: one per line, so a committed notebook diffs line by line.
    expect(text).toContain('"source": [\n    "const x = 1;\\n",\n    "x"\n   ]');
    expect(text.length).toBeLessThan(JSON.stringify(nb, null, 1).length);
    expect(text.endsWith("}\n")).toBe(true);
  });
});
