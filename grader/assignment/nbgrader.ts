/**
 * nbgrader's cell metadata, schema 3 (https://nbgrader.readthedocs.io, "Developer: metadata"),
 * which gradlab's assignment notebooks use so that staff who know nbgrader feel at home:
 *
 *   { "nbgrader": { "grade": bool, "grade_id": str, "locked": bool, "points": number,
 *                   "schema_version": 3, "solution": bool, "task": false } }
 *
 * Roles, as in nbgrader: an answer cell has `solution: true` (the student writes in it); a test
 * cell has `grade: true, solution: false` and `points` (autograder tests, locked); a read-only
 * cell is `locked: true` otherwise. gradlab adds one convention: a locked code cell whose grade_id
 * starts with "setup" is the instructor's setup (imports, constants), which the grader runs, from
 * its own copy, before the student's answer cells. Other locked code cells (demos, plots) are for
 * the student and are not run by the grader.
 */
import { Cell, sourceText } from "../../tools/notebook/nbformat";

export interface NbgraderMeta {
  grade: boolean;
  grade_id: string;
  locked: boolean;
  points?: number;
  schema_version: 3;
  solution: boolean;
  task?: boolean;
}

export type CellRole = "answer" | "test" | "setup" | "locked" | "free";

export function nbgraderMeta(cell: Cell): NbgraderMeta | null {
  const m = (cell.metadata as { nbgrader?: unknown }).nbgrader;
  return typeof m === "object" && m !== null && !Array.isArray(m) ? (m as NbgraderMeta) : null;
}

export function roleOf(cell: Cell): CellRole {
  const m = nbgraderMeta(cell);
  if (!m) return "free";
  if (m.solution === true) return "answer";
  if (m.grade === true) return "test";
  if (cell.cell_type === "code" && m.locked === true && typeof m.grade_id === "string" && m.grade_id.startsWith("setup")) return "setup";
  return m.locked === true ? "locked" : "free";
}

/**
 * Problems with a cell's metadata, as nbgrader's validator would name them: a missing grade_id,
 * a schema other than 3, a graded cell without points, a test cell that is not locked.
 */
export function metadataProblems(cell: Cell, index: number): string[] {
  const m = nbgraderMeta(cell);
  if (!m) return [];
  const where = `cell ${index}${typeof m.grade_id === "string" ? ` (${m.grade_id})` : ""}`;
  const problems: string[] = [];
  if (typeof m.grade_id !== "string" || !/^[A-Za-z0-9_-]+$/.test(m.grade_id)) problems.push(`${where}: grade_id must be a name of letters, digits, - and _`);
  if (m.schema_version !== 3) problems.push(`${where}: nbgrader schema_version must be 3, got ${JSON.stringify(m.schema_version)}`);
  for (const flag of ["grade", "solution", "locked"] as const) {
    if (typeof m[flag] !== "boolean") problems.push(`${where}: nbgrader.${flag} must be true or false`);
  }
  if (m.grade === true && !(typeof m.points === "number" && m.points >= 0 && Number.isFinite(m.points))) {
    problems.push(`${where}: a graded cell needs points >= 0`);
  }
  if (m.grade === true && m.solution === true) problems.push(`${where}: manually graded answer cells (grade and solution both true) are not supported; gradlab grades automatically`);
  if (m.grade === true && cell.cell_type !== "code") problems.push(`${where}: a test cell must be a code cell`);
  if (m.solution === true && cell.cell_type !== "code") problems.push(`${where}: written (markdown) answers are not supported; answer cells are code`);
  if (m.grade === true && m.locked !== true) problems.push(`${where}: a test cell must be locked`);
  return problems;
}

/** What a locked cell's checksum covers: its type, its source and its grading flags (as nbgrader's does). */
export function checksumInput(cell: Cell): string {
  const m = nbgraderMeta(cell);
  const source = sourceText(cell.source).replace(/\r\n/g, "\n").replace(/\s+$/, "");
  return JSON.stringify([cell.cell_type, source, m?.grade ?? null, m?.solution ?? null, m?.locked ?? null, m?.points ?? null]);
}
