import { CodeCell, Notebook } from "../../tools/notebook/nbformat";

/** What a reader sees of a cell, independent of how the engine delivered it (see README, "Notebook engines"). */
export interface CellView {
  /** stdout and the cell's value, as text, trimmed. */
  text: string;
  /** `ename: first line of evalue` of each error. */
  errors: string[];
  /** MIME types of each rich display, sorted. */
  displays: string[][];
}

export function viewOf(cell: CodeCell): CellView {
  let text = "";
  const errors: string[] = [];
  const displays: string[][] = [];
  for (const o of cell.outputs) {
    if (o.output_type === "stream" && o.name === "stdout") text += Array.isArray(o.text) ? o.text.join("") : o.text;
    else if (o.output_type === "execute_result") text += `${String(o.data["text/plain"])}\n`;
    else if (o.output_type === "error") errors.push(`${o.ename}: ${o.evalue.split("\n")[0]}`);
    else if (o.output_type === "display_data") displays.push(Object.keys(o.data).sort());
  }
  return { text: text.trim(), errors, displays };
}

export function codeCells(notebook: Notebook): CodeCell[] {
  return notebook.cells.filter((c): c is CodeCell => c.cell_type === "code");
}
