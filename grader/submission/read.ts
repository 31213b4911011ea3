/**
 * Reading a student's submission against the manifest: which answer cells it has, and whether
 * the cells the student may not change came back unchanged. Every problem is a finding, never a
 * crash; grading goes on with what can be trusted (the instructor's own setup cells and tests,
 * the student's answer cells).
 */
import * as fs from "fs";
import { NotebookError, parseNotebook } from "../../tools/notebook/read";
import { Cell, Notebook, sourceText } from "../../tools/notebook/nbformat";
import { Manifest, sha256 } from "../assignment/manifest";
import { checksumInput, nbgraderMeta } from "../assignment/nbgrader";
import type { Finding } from "../score/result";

export interface ReadSubmission {
  /** The notebook, or null when it could not be read at all. */
  notebook: Notebook | null;
  /** sha256 of the file's bytes (null if unreadable). */
  sha256: string | null;
  /** Source of each answer cell found, by grade_id. */
  answers: Map<string, string>;
  findings: Finding[];
}

export function readSubmission(file: string, manifest: Manifest): ReadSubmission {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return unreadable(null, `the submission ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let notebook: Notebook;
  try {
    notebook = parseNotebook(bytes.toString("utf8"), file);
  } catch (e) {
    const problem = e instanceof NotebookError ? e.message : String(e);
    return unreadable(sha256Bytes(bytes), `the submission is not a usable notebook: ${problem}`);
  }
  const findings: Finding[] = [];
  const answers = new Map<string, string>();
  const byGradeId = new Map<string, Cell[]>();
  for (const cell of notebook.cells) {
    const id = nbgraderMeta(cell)?.grade_id;
    if (typeof id === "string") byGradeId.set(id, [...(byGradeId.get(id) ?? []), cell]);
  }
  for (const expected of manifest.cells) {
    let found = byGradeId.get(expected.grade_id) ?? [];
    if (found.length === 0 && expected.id) {
      // A cell whose nbgrader metadata was removed can still be recognised by its cell id.
      const byId = notebook.cells.filter((c) => c.id === expected.id);
      if (byId.length === 1) {
        found = byId;
        findings.push({ severity: "warning", code: "metadata-removed", cell: expected.grade_id, message: `cell "${expected.grade_id}" lost its nbgrader metadata; it was recognised by its cell id` });
      }
    }
    if (found.length === 0) {
      const what = expected.role === "answer" ? "answer cell" : expected.role === "test" ? "test cell" : "cell";
      findings.push({
        severity: expected.role === "answer" ? "error" : "warning",
        code: "cell-missing",
        cell: expected.grade_id,
        message: `the ${what} "${expected.grade_id}" is missing from the submission${expected.role === "answer" ? "; the parts that need it score zero" : "; grading uses the instructor's copy"}`,
      });
      continue;
    }
    if (found.length > 1) {
      findings.push({ severity: "warning", code: "cell-duplicated", cell: expected.grade_id, message: `the grade_id "${expected.grade_id}" appears ${found.length} times; the first one is used` });
    }
    const cell = found[0];
    if (cell.cell_type !== expected.cell_type) {
      findings.push({ severity: expected.role === "answer" ? "error" : "warning", code: "cell-type-changed", cell: expected.grade_id, message: `cell "${expected.grade_id}" was changed from ${expected.cell_type} to ${cell.cell_type}` });
      if (expected.role === "answer") continue;
    }
    if (expected.role === "answer") answers.set(expected.grade_id, sourceText(cell.source));
    else if (expected.locked && sha256(checksumInput(cell)) !== expected.checksum) {
      findings.push({
        severity: "warning",
        code: "locked-cell-changed",
        cell: expected.grade_id,
        message: `the locked cell "${expected.grade_id}" was changed; grading ignores the change and uses the instructor's version`,
      });
    }
  }
  return { notebook, sha256: sha256Bytes(bytes), answers, findings };
}

function sha256Bytes(b: Buffer): string {
  return sha256(b);
}

function unreadable(hash: string | null, message: string): ReadSubmission {
  return { notebook: null, sha256: hash, answers: new Map(), findings: [{ severity: "error", code: "unreadable", message }] };
}
