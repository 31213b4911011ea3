import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Gradebook, GradebookRow, canvasCsv, gradebookCsv, writeGradebook } from "./gradebook";

const row = (id: string, score: number, extra: Partial<GradebookRow> = {}): GradebookRow => ({
  id,
  name: `Student ${id}`,
  source: `${id}.ipynb`,
  parts: { p1: score / 2, p2: score / 2 },
  raw: score,
  late: { submittedAt: null, timeSource: "none", due: null, lateHours: 0, penalty: 0, note: "no due date" },
  score,
  maxScore: 10,
  findings: [],
  error: null,
  canvasId: null,
  ...extra,
});
const book = (rows: GradebookRow[]): Gradebook => ({ schema: 1, assignment: "demo", seed: 3, maxScore: 10, parts: [{ id: "p1", title: "P1", points: 5 }, { id: "p2", title: "P2", points: 5 }], rows });

test("CSV: a row per student, a column per part, penalty in percent, findings joined", () => {
  const late = { submittedAt: "x", timeSource: "times-csv" as const, due: "y", lateHours: 3, penalty: 0.1, note: "" };
  expect(gradebookCsv(book([row("a", 8, { late, score: 7.2, findings: ["compile-error", "locked-cell-changed"] })]))).toBe(
    "id,name,p1 (5),p2 (5),raw,late_hours,late_penalty_percent,score,max_score,findings,grading_error,source\n" +
      "a,Student a,4,4,8,3,10,7.2,10,compile-error;locked-cell-changed,,a.ipynb\n",
  );
});

test("Canvas import CSV: only students with a Canvas id, quoted as needed", () => {
  const text = canvasCsv(book([row("a", 8, { canvasId: "123", name: "Doe, Jane" }), row("b", 5)]), "A1 (42)");
  expect(text).toBe('Student,ID,SIS User ID,SIS Login ID,Section,A1 (42)\nPoints Possible,,,,,10\n"Doe, Jane",123,,,,8\n');
});

test("a gradebook is never silently replaced by one with fewer students", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradebook-"));
  const json = path.join(dir, "g.json");
  const csv = path.join(dir, "g.csv");
  writeGradebook(book([row("a", 1), row("b", 2)]), json, csv, false);
  const before = fs.readFileSync(csv, "utf8");
  expect(() => writeGradebook(book([row("a", 3)]), json, csv, false)).toThrow(/would drop 1 student of the existing .* \(b\); nothing was written/);
  expect(fs.readFileSync(csv, "utf8")).toBe(before);
  writeGradebook(book([row("a", 3)]), json, csv, true);
  expect(JSON.parse(fs.readFileSync(json, "utf8")).rows).toHaveLength(1);
});
