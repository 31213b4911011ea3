import * as fs from "fs";
import { Notebook } from "./nbformat";
import { schemaProblems } from "./validate";

/** A notebook that cannot be used, with a one-line message naming the file and the problem. */
export class NotebookError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "NotebookError";
  }
}

/**
 * Reads and checks a notebook. Every failure is a NotebookError with one line that names the
 * file and the problem: not JSON (with the position), an nbformat other than 4 (with how to
 * convert), or the first schema problem with its path (e.g. `cells[3].source is missing`).
 */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new NotebookError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseNotebook(text, file);
}

export function parseNotebook(text: string, file: string): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new NotebookError(file, `is not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new NotebookError(file, "is not a notebook: the JSON top level must be an object with cells, metadata and nbformat");
  }
  const nb = value as Record<string, unknown>;
  if (nb.nbformat !== 4) {
    const hint = typeof nb.nbformat === "number" && nb.nbformat < 4 ? "; convert it with: jupyter nbconvert --to notebook --nbformat 4" : "";
    throw new NotebookError(file, `is nbformat ${JSON.stringify(nb.nbformat ?? "missing")}, but only nbformat 4 is supported${hint}`);
  }
  if (typeof nb.nbformat_minor === "number" && nb.nbformat_minor < 5) {
    // Older 4.x notebooks are fine to run; the 4.5 schema only adds cell ids, so give them ids.
    const cells = Array.isArray(nb.cells) ? (nb.cells as Record<string, unknown>[]) : [];
    cells.forEach((c, i) => {
      if (c && typeof c === "object" && c.id === undefined) c.id = `cell-${i}`;
    });
    nb.nbformat_minor = 5;
  }
  const problems = schemaProblems(nb);
  if (problems.length > 0) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    throw new NotebookError(file, `${first.path} ${first.message}${more}`);
  }
  return nb as unknown as Notebook;
}
