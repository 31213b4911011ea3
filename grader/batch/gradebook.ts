/**
 * The gradebook of a batch: one row per student, a column per part, the total before and after
 * the late penalty, and the findings, as CSV (csv-stringify) and JSON, plus a CSV that Canvas's
 * gradebook imports. Rows are sorted by student id and carry no timestamps, so the same results
 * give the same bytes. A gradebook is written atomically and never silently replaced by one with
 * fewer rows.
 */
import { stringify } from "csv-stringify/sync";
import * as fs from "fs";
import { writeFileAtomic } from "../../tools/util/atomic_write";
import type { ManifestPart } from "../assignment/manifest";
import { roundPoints } from "../score/result";
import type { GradeResult } from "../score/result";
import type { Identity } from "./identify";
import type { LateRecord } from "./late";

export interface GradebookRow {
  id: string;
  name: string;
  source: string;
  parts: Record<string, number>;
  /** Points earned before the late penalty. */
  raw: number;
  late: LateRecord;
  /** Points after the late penalty: what goes to the LMS. */
  score: number;
  maxScore: number;
  /** Distinct finding codes, sorted. */
  findings: string[];
  /** Set when grading could not run for this submission (the grader failed, not the student). */
  error: string | null;
  canvasId: string | null;
}

export interface Gradebook {
  schema: 1;
  assignment: string;
  seed: number;
  maxScore: number;
  parts: { id: string; title: string; points: number }[];
  rows: GradebookRow[];
}

export function gradebookRow(identity: Identity, source: string, result: GradeResult | null, error: string | null, late: LateRecord, parts: readonly ManifestPart[], maxScore: number): GradebookRow {
  const byPart = Object.fromEntries(parts.map((p) => [p.id, result?.parts.find((q) => q.id === p.id)?.score ?? 0]));
  const raw = result?.score ?? 0;
  return {
    id: identity.id,
    name: identity.name,
    source,
    parts: byPart,
    raw,
    late,
    score: roundPoints(raw * (1 - late.penalty)),
    maxScore,
    findings: [...new Set((result?.findings ?? []).map((f) => f.code))].sort(),
    error,
    canvasId: identity.canvasId,
  };
}

export class GradebookShrinks extends Error {}

/** Writes gradebook.json and gradebook.csv; refuses to replace a gradebook that has rows this one lacks. */
export function writeGradebook(book: Gradebook, jsonFile: string, csvFile: string, replace: boolean): void {
  if (fs.existsSync(jsonFile) && !replace) {
    let old: Gradebook | null = null;
    try {
      old = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as Gradebook;
    } catch {
      old = null; // an unreadable old gradebook is replaced: it protects nothing
    }
    const now = new Set(book.rows.map((r) => r.id));
    const lost = (old?.rows ?? []).map((r) => r.id).filter((id) => !now.has(id));
    if (lost.length > 0) {
      throw new GradebookShrinks(
        `the new gradebook would drop ${lost.length} student${lost.length > 1 ? "s" : ""} of the existing ${jsonFile} (${lost.slice(0, 5).join(", ")}${lost.length > 5 ? ", …" : ""}); nothing was written. Grade their submissions too, or pass --replace-gradebook`,
      );
    }
  }
  writeFileAtomic(jsonFile, JSON.stringify(book, null, 2) + "\n");
  writeFileAtomic(csvFile, gradebookCsv(book));
}

export function gradebookCsv(book: Gradebook): string {
  const header = ["id", "name", ...book.parts.map((p) => `${p.id} (${p.points})`), "raw", "late_hours", "late_penalty_percent", "score", "max_score", "findings", "grading_error", "source"];
  const rows = book.rows.map((r) => [
    r.id,
    r.name,
    ...book.parts.map((p) => r.parts[p.id]),
    r.raw,
    r.late.lateHours,
    Math.round(r.late.penalty * 1000) / 10,
    r.score,
    r.maxScore,
    r.findings.join(";"),
    r.error ?? "",
    r.source,
  ]);
  return stringify([header, ...rows]);
}

/**
 * Canvas's gradebook import: the columns of its export ("Student", "ID", "SIS User ID",
 * "SIS Login ID", "Section") and one column named like the assignment's column in Canvas,
 * e.g. "A1 Backprop (123456)". Only students with a Canvas user id are in it.
 */
export function canvasCsv(book: Gradebook, column: string): string {
  const rows = book.rows.filter((r) => r.canvasId).map((r) => [r.name, r.canvasId, "", "", "", r.score]);
  return stringify([["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column], ["Points Possible", "", "", "", "", book.maxScore], ...rows]);
}
