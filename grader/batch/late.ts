/**
 * Late work: a due date, a grace period, per-student extensions and a policy, applied to when
 * each submission came in. The penalty is a share of the points the submission earned.
 *
 *   --due 2026-12-01T23:59:00Z --late percent-per-day:10 --grace 15m --extensions ext.csv
 *
 * Policies: `none` (lateness is recorded, nothing deducted), `zero` (a late submission scores 0),
 * `percent-per-day:P` and `percent-per-hour:P` (P% per started day or hour after the grace
 * period, capped at 100%). Times come from a CSV of submission times (`--times`, what an LMS
 * exports) or else from the files' modification times.
 */
import { parse } from "csv-parse/sync";
import * as fs from "fs";

export type LatePolicy =
  | { kind: "none" }
  | { kind: "zero" }
  | { kind: "percent-per-day" | "percent-per-hour"; percent: number };

export interface LateRules {
  due: Date | null;
  policy: LatePolicy;
  graceMs: number;
  /** Per-student due dates that replace the common one. */
  extensions: Map<string, Date>;
}

export interface LateRecord {
  /** When the submission came in (ISO), and where that time comes from. */
  submittedAt: string | null;
  timeSource: "times-csv" | "file-time" | "none";
  /** The due date that applied to this student (ISO), an extension's if any. */
  due: string | null;
  /** How late, after the grace period, in hours (0 when on time). */
  lateHours: number;
  /** Share of the earned points deducted, in [0, 1]. */
  penalty: number;
  /** One sentence for the gradebook and the feedback. */
  note: string;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15m", "2h", "1d", "90s" → milliseconds. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  if (!m) throw new Error(`${what}: "${text}" is not a duration; write e.g. 15m, 2h or 1d`);
  return Number(m[1]) * UNITS[m[2]];
}

export function parseDate(text: string, what: string): Date {
  const d = new Date(text.trim());
  if (!/\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) {
    throw new Error(`${what}: "${text}" is not a date; write ISO 8601, e.g. 2026-12-01T23:59:00Z`);
  }
  return d;
}

export function parsePolicy(text: string): LatePolicy {
  if (text === "none" || text === "zero") return { kind: text };
  const m = /^(percent-per-day|percent-per-hour):(\d+(?:\.\d+)?)$/.exec(text);
  if (m && Number(m[2]) > 0 && Number(m[2]) <= 100) return { kind: m[1] as "percent-per-day" | "percent-per-hour", percent: Number(m[2]) };
  throw new Error(`--late: "${text}" is not a policy; use none, zero, percent-per-day:P or percent-per-hour:P with 0 < P <= 100`);
}

function readCsv(file: string, what: string): Record<string, string>[] {
  try {
    return parse(fs.readFileSync(file, "utf8"), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new Error(`${what} ${file}: ${(e as Error).message}`);
  }
}

/** Extensions: a CSV with `id` and either `due` (a date) or `extra` (a duration added to the common due date). */
export function readExtensions(file: string, due: Date | null): Map<string, Date> {
  const out = new Map<string, Date>();
  readCsv(file, "extensions").forEach((r, i) => {
    const where = `extensions ${file}, row ${i + 2}`;
    if (!r.id) throw new Error(`${where}: the id is empty`);
    if (r.due) out.set(r.id, parseDate(r.due, where));
    else if (r.extra) {
      if (!due) throw new Error(`${where}: an "extra" extension needs --due`);
      out.set(r.id, new Date(due.getTime() + parseDuration(r.extra, where)));
    } else throw new Error(`${where}: give a "due" date or an "extra" duration`);
  });
  return out;
}

/** Submission times: a CSV with `id` and `submitted_at` (ISO 8601). */
export function readTimes(file: string): Map<string, Date> {
  const out = new Map<string, Date>();
  readCsv(file, "times").forEach((r, i) => {
    const where = `times ${file}, row ${i + 2}`;
    if (!r.id || !r.submitted_at) throw new Error(`${where}: needs id and submitted_at`);
    out.set(r.id, parseDate(r.submitted_at, where));
  });
  return out;
}

export function lateRecord(rules: LateRules, id: string, submitted: { at: Date; source: LateRecord["timeSource"] } | null): LateRecord {
  const due = rules.extensions.get(id) ?? rules.due;
  const base = { submittedAt: submitted?.at.toISOString() ?? null, timeSource: submitted?.source ?? ("none" as const), due: due?.toISOString() ?? null };
  if (!due) return { ...base, lateHours: 0, penalty: 0, note: "no due date" };
  if (!submitted) return { ...base, lateHours: 0, penalty: 0, note: "submission time unknown: no late penalty" };
  const lateMs = submitted.at.getTime() - due.getTime() - rules.graceMs;
  if (lateMs <= 0) return { ...base, lateHours: 0, penalty: 0, note: "on time" };
  const hours = lateMs / 3_600_000;
  const lateHours = Math.round(hours * 100) / 100;
  const p = rules.policy;
  let penalty = 0;
  if (p.kind === "zero") penalty = 1;
  else if (p.kind === "percent-per-day") penalty = Math.min(1, (Math.ceil(hours / 24) * p.percent) / 100);
  else if (p.kind === "percent-per-hour") penalty = Math.min(1, (Math.ceil(hours) * p.percent) / 100);
  const policy = p.kind === "none" ? "no penalty (policy none)" : `${Math.round(penalty * 1000) / 10}% off the earned points`;
  return { ...base, lateHours, penalty, note: `${lateHours} h late after the grace period: ${policy}` };
}
