/**
 * Grading a whole class: `gradlab grade <assignment> <folder-or-zip> --out DIR`.
 *
 * DIR holds everything, so a batch can stop at any moment (Ctrl-C, kill -9, a reboot) and go on
 * where it stopped: `batch.json` (the assignment and the seed, fixed at the first run),
 * `students/<id>/` (each student's result.json, written atomically the moment it is graded, and
 * submission.json), and, rebuilt from all of them at the end of every run, the gradebook
 * (`gradebook.csv`, `gradebook.json`, `canvas.csv`), each student's feedback and the class
 * report. A submission whose bytes, seed and instructor files are unchanged is not graded again
 * (unless `force`), so a re-run after an interruption grades only what is left, and the
 * gradebook comes out byte for byte as from an uninterrupted run.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeFileAtomic } from "../../tools/util/atomic_write";
import { loadAssignment, readManifest } from "../assignment/load";
import { sha256 } from "../assignment/manifest";
import type { Limits } from "../assignment/spec";
import { freshSeed } from "../grade";
import type { GradeResult } from "../score/result";
import { discoverSubmissions, Submission, Unmatched } from "./discover";
import { Gradebook, canvasCsv, gradebookRow, writeGradebook } from "./gradebook";
import type { Identity, RosterRow } from "./identify";
import { LateRecord, LateRules, lateRecord } from "./late";
import { GradingPool } from "./pool";
import { progress } from "./progress";
import { writeStudentFeedback } from "./handback";
import { writeClassReport } from "../report/class_report";

export interface BatchOptions {
  assignment: string;
  input: string;
  out: string;
  jobs: number;
  seed?: number;
  force: boolean;
  /** Grade only these students (the others keep their results). */
  only: string[];
  roster: RosterRow[] | null;
  late: LateRules;
  /** Submission times by student id (else the files' times). */
  times: Map<string, Date> | null;
  canvasColumn?: string;
  replaceGradebook: boolean;
  limits?: Partial<Limits>;
  /** Where progress and the summary go (default stderr). */
  log?: NodeJS.WriteStream;
}

export interface BatchSummary {
  students: number;
  graded: number;
  reused: number;
  failed: { id: string; message: string }[];
  unmatched: Unmatched[];
  findings: Record<string, number>;
  meanScore: number;
  maxScore: number;
  seed: number;
  out: string;
}

interface BatchState {
  schema: 1;
  assignment: string;
  seed: number;
}

interface SubmissionRecord {
  identity: Identity;
  source: string;
  sha256: string;
  mtime: string;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** The folder of a student's files: the id, made safe as a file name. */
export function studentDir(out: string, id: string): string {
  return path.join(out, "students", id.replace(/[^A-Za-z0-9._@-]/g, "_"));
}

export async function gradeBatch(o: BatchOptions): Promise<BatchSummary> {
  const log = o.log ?? process.stderr;
  const assignment = loadAssignment(o.assignment);
  const manifest = readManifest(assignment);
  fs.mkdirSync(o.out, { recursive: true });
  const stateFile = path.join(o.out, "batch.json");
  const previous = readJson<BatchState>(stateFile);
  if (previous && previous.assignment !== manifest.assignment) {
    throw new Error(`${o.out} holds a batch of ${previous.assignment}, not ${manifest.assignment}; use another --out folder`);
  }
  if (previous && o.seed !== undefined && o.seed !== previous.seed && !o.force) {
    throw new Error(`${o.out} was graded with seed ${previous.seed}; resume without --seed, or pass --force to regrade everything with seed ${o.seed}`);
  }
  const seed = o.seed ?? previous?.seed ?? freshSeed();
  writeFileAtomic(stateFile, JSON.stringify({ schema: 1, assignment: manifest.assignment, seed } satisfies BatchState, null, 2) + "\n");

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-batch-"));
  try {
    const found = await discoverSubmissions(o.input, path.join(scratch, "zip"), o.roster);
    let todo = found.submissions;
    if (o.only.length > 0) {
      const unknown = o.only.filter((id) => !todo.some((s) => s.identity.id === id));
      if (unknown.length) throw new Error(`--only: no submission for ${unknown.join(", ")}`);
      todo = todo.filter((s) => o.only.includes(s.identity.id));
    }
    // What is already graded with the same bytes, seed and instructor files is kept.
    const jobs: { s: Submission; hash: string }[] = [];
    let reused = 0;
    for (const s of todo) {
      const hash = sha256(fs.readFileSync(s.file));
      const dir = studentDir(o.out, s.identity.id);
      const old = readJson<GradeResult>(path.join(dir, "result.json"));
      const record: SubmissionRecord = { identity: s.identity, source: s.source, sha256: hash, mtime: s.mtime.toISOString() };
      writeFileAtomic(path.join(dir, "submission.json"), JSON.stringify(record, null, 2) + "\n");
      const same = old && !o.force && old.seed === seed && old.submission.sha256 === hash && old.manifest?.releaseSha256 === manifest.releaseSha256 && old.manifest?.sourceSha256 === manifest.sourceSha256;
      if (same) reused++;
      else jobs.push({ s, hash });
    }
    const failed: { id: string; message: string }[] = [];
    if (jobs.length > 0) {
      const pool = new GradingPool(Math.min(o.jobs, jobs.length));
      const bar = progress(jobs.length, log);
      try {
        await Promise.all(
          jobs.map(async ({ s }) => {
            const dir = studentDir(o.out, s.identity.id);
            try {
              const result = await pool.grade({ assignment: manifest.assignment, file: s.file, label: s.source, seed, limits: o.limits });
              writeFileAtomic(path.join(dir, "result.json"), JSON.stringify(result, jsonSafe, 2) + "\n");
              fs.rmSync(path.join(dir, "error.txt"), { force: true });
              bar.tick(`${s.identity.id}: ${result.score}/${result.maxScore}`);
            } catch (e) {
              const message = (e as Error).message;
              failed.push({ id: s.identity.id, message });
              writeFileAtomic(path.join(dir, "error.txt"), `${message}\n`);
              fs.rmSync(path.join(dir, "result.json"), { force: true });
              bar.tick(`${s.identity.id}: grading failed`);
            }
          }),
        );
      } finally {
        bar.stop();
        await pool.close();
      }
    }
    const book = finish(o, manifest.assignment, seed);
    const findings: Record<string, number> = {};
    for (const r of book.rows) for (const f of r.findings) findings[f] = (findings[f] ?? 0) + 1;
    const graded = book.rows.filter((r) => r.error === null);
    return {
      students: book.rows.length,
      graded: jobs.length - failed.length,
      reused,
      failed,
      unmatched: found.unmatched,
      findings,
      meanScore: graded.length ? Math.round((100 * graded.reduce((s, r) => s + r.score, 0)) / graded.length) / 100 : 0,
      maxScore: manifest.totalPoints,
      seed,
      out: o.out,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** JSON has no NaN or Infinity: write them as strings rather than as null. */
export function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

/**
 * Rebuilds the gradebook, the feedback and the class report from every student's files in the
 * batch folder (this run's and earlier runs'), in student-id order.
 */
function finish(o: BatchOptions, assignmentName: string, seed: number): Gradebook {
  const assignment = loadAssignment(assignmentName);
  const manifest = readManifest(assignment);
  const root = path.join(o.out, "students");
  const ids = fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
  const rows = [];
  const students: { dir: string; result: GradeResult | null; late: LateRecord; identity: Identity }[] = [];
  for (const name of ids) {
    const dir = path.join(root, name);
    const record = readJson<SubmissionRecord>(path.join(dir, "submission.json"));
    if (!record) continue;
    const result = readJson<GradeResult>(path.join(dir, "result.json"));
    const error = result ? null : fs.existsSync(path.join(dir, "error.txt")) ? fs.readFileSync(path.join(dir, "error.txt"), "utf8").trim() : "not graded yet";
    const time = o.times?.get(record.identity.id);
    const late = lateRecord(o.late, record.identity.id, time ? { at: time, source: "times-csv" } : { at: new Date(record.mtime), source: "file-time" });
    rows.push(gradebookRow(record.identity, record.source, result, error, late, manifest.parts, manifest.totalPoints));
    students.push({ dir, result, late, identity: record.identity });
  }
  // With a roster, every student has a row: those who handed nothing in score zero.
  for (const r of o.roster ?? []) {
    if (rows.some((row) => row.id === r.id)) continue;
    const identity: Identity = { id: r.id, name: r.name, lmsLate: false, canvasId: r.canvasId || null, how: "plain" };
    rows.push(gradebookRow(identity, "", null, "no submission", lateRecord(o.late, r.id, null), manifest.parts, manifest.totalPoints));
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const book: Gradebook = {
    schema: 1,
    assignment: manifest.assignment,
    seed,
    maxScore: manifest.totalPoints,
    parts: manifest.parts.map((p) => ({ id: p.id, title: p.title, points: p.points })),
    rows,
  };
  writeGradebook(book, path.join(o.out, "gradebook.json"), path.join(o.out, "gradebook.csv"), o.replaceGradebook);
  if (rows.some((r) => r.canvasId)) writeFileAtomic(path.join(o.out, "canvas.csv"), canvasCsv(book, o.canvasColumn ?? `${manifest.title} (${manifest.assignment})`));
  for (const s of students) if (s.result) writeStudentFeedback(s.result, s.late, s.identity, s.dir);
  writeClassReport(book, students.map((s) => s.result).filter((r): r is GradeResult => r !== null), path.join(o.out, "class-report.html"));
  return book;
}
