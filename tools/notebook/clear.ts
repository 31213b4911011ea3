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

/**
 * The JSON text gradlab writes: one-space indent like Jupyter, and a final newline, except
 * that an array of plain numbers (a plot's x, y or one row of z) stays on one line. Jupyter's
 * own writer puts every number on a line of its own, indented, which for a figure costs more
 * bytes than the numbers themselves; the text stays valid nbformat, and Jupyter rewrites it in
 * its own layout when it saves the notebook. Arrays of strings (a cell's source lines) keep
 * one element per line, so a committed notebook diffs line by line.
 */
export function notebookText(notebook: Notebook): string {
  return `${jsonText(notebook, "")}\n`;
}

function isFlat(value: unknown[]): boolean {
  return value.length > 0 && value.every((v) => v === null || typeof v === "number" || typeof v === "boolean");
}

/** JSON.stringify(value, null, 1), with flat arrays of numbers on one line. */
function jsonText(value: unknown, indent: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (isFlat(value)) return JSON.stringify(value);
    // As JSON.stringify does, an undefined or function element is written as null.
    const items = value.map((v) => `${inner}${v === undefined || typeof v === "function" ? "null" : jsonText(v, inner)}`);
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== "function");
  if (entries.length === 0) return "{}";
  const items = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${jsonText(v, inner)}`);
  return `{\n${items.join(",\n")}\n${indent}}`;
}
