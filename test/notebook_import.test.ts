/**
 * The package name resolves from a notebook: run notebooks/00-getting-started.ipynb with the
 * real tslab converter and executor (the embedded engine, in a child process whose working
 * directory is notebooks/), from the built `dist/` that `npm test` builds first.
 */
import * as fs from "fs";
import * as path from "path";
import type { executeEmbedded as ExecuteEmbedded } from "../tools/notebook/embedded";
import type { CodeCell, Notebook } from "../tools/notebook/nbformat";

// The worker is forked from its compiled file, so use the built engine, not the TS source.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { executeEmbedded } = require("../dist/tools/notebook/embedded") as { executeEmbedded: typeof ExecuteEmbedded };

const notebookDir = path.join(__dirname, "..", "notebooks");

function textOf(cell: CodeCell): string {
  return cell.outputs
    .map((o) => {
      if (o.output_type === "stream") return Array.isArray(o.text) ? o.text.join("") : o.text;
      if (o.output_type === "execute_result") return String(o.data["text/plain"]);
      if (o.output_type === "error") return `${o.ename}: ${o.evalue}`;
      return "";
    })
    .join("");
}

test("a notebook in notebooks/ imports gradlab and runs with tslab", async () => {
  const file = path.join(notebookDir, "00-getting-started.ipynb");
  const notebook = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
  const { notebook: executed, failedCell } = await executeEmbedded(notebook, notebookDir, { timeoutMs: 60_000, allowErrors: false });
  const code = executed.cells.filter((c): c is CodeCell => c.cell_type === "code");
  const all = code.map(textOf).join("\n");
  expect(failedCell).toBeNull();
  expect(code.flatMap((c) => c.outputs).filter((o) => o.output_type === "error")).toEqual([]);
  expect(all).toContain("final loss");
  expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
  // Each cell checks its claim (a ✓ line), then shows the value as its result.
  expect(textOf(code[1])).toBe("✓ two rows of three inputs give two rows of two outputs: [2, 2]\n[ 2, 2 ]"); // y.shape of a Linear(3, 2) on 2 rows
  expect(textOf(code[2])).toMatch(/gradcheck Linear: passed/);
  expect(textOf(code[3])).toMatch(/\[ -12, -4, -4, 3 \]$/); // f and its gradients, worked by hand in the lecture
}, 120_000);
