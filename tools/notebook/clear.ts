import { Notebook } from "./nbformat";

/** Strips outputs and execution counts (for committing), keeping everything else. */
export function clearOutputs(notebook: Notebook): Notebook {
  const out = JSON.parse(JSON.stringify(notebook)) as Notebook;
  for (const cell of out.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
    // Per-cell execution timing metadata is noise in a diff too.
    delete (cell.metadata as Record<string, unknown>).execution;
  }
  return out;
}

/** True when any code cell carries outputs or an execution count. */
export function hasOutputs(notebook: Notebook): boolean {
  return notebook.cells.some((c) => c.cell_type === "code" && (c.outputs.length > 0 || c.execution_count !== null));
}

/** The JSON text gradlab writes: one-space indent like Jupyter, and a final newline. */
export function notebookText(notebook: Notebook): string {
  return JSON.stringify(notebook, null, 1) + "\n";
}
