/**
 * `gradlab grade <assignment> <folder-or-zip> --out DIR`: the batch form of `gradlab grade`
 * (grader/batch/batch.ts), with the late-work rules and the roster read from their files, and a
 * summary at the end: graded, reused, failed to run, unmatched files, findings.
 */
import * as os from "os";
import { gradeBatch, BatchSummary } from "../grader/batch/batch";
import { readRoster } from "../grader/batch/identify";
import { rememberSettings, resolveSettings } from "../grader/batch/settings";
import { parseDate, parseDuration, parsePolicy, readExtensions, readTimes, LateRules } from "../grader/batch/late";

export interface BatchCommandOptions {
  out: string;
  seed?: number;
  jobs?: number;
  force: boolean;
  only: string[];
  roster?: string;
  due?: string;
  late?: string;
  grace?: string;
  extensions?: string;
  times?: string;
  canvasColumn?: string;
  replaceGradebook: boolean;
}

export function lateRules(o: Pick<BatchCommandOptions, "due" | "late" | "grace" | "extensions">): LateRules {
  const due = o.due ? parseDate(o.due, "--due") : null;
  const late = o.late ?? "none";
  const policy = parsePolicy(late);
  if (!due && policy.kind !== "none") throw new Error(`--late ${late} needs a due date: give --due`);
  return { due, policy, graceMs: parseDuration(o.grace ?? "0s", "--grace"), extensions: o.extensions ? readExtensions(o.extensions, due) : new Map() };
}

export function summaryText(s: BatchSummary): string {
  const lines = [
    `${s.students} students in the gradebook: ${s.graded} graded now, ${s.reused} unchanged since the last run (not graded again), ${s.failed.length} failed to run; mean ${s.meanScore} / ${s.maxScore}; seed ${s.seed}`,
  ];
  for (const f of s.failed) lines.push(`  failed to run: ${f.id}: ${f.message}`);
  if (s.unmatched.length) {
    lines.push(`${s.unmatched.length} file${s.unmatched.length > 1 ? "s" : ""} not graded (whose they are is unknown; rename them or add them to --roster):`);
    for (const u of s.unmatched) lines.push(`  ${u.source}: ${u.reason}`);
  }
  const findings = Object.entries(s.findings).sort((a, b) => b[1] - a[1]);
  if (findings.length) lines.push(`findings: ${findings.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  lines.push(`gradebook: ${s.out}/gradebook.csv (and .json); feedback: ${s.out}/students/<id>/; class report: ${s.out}/class-report.html`);
  return lines.join("\n");
}

export async function batchCommand(assignment: string, input: string, given: BatchCommandOptions): Promise<void> {
  const { settings, remembered } = resolveSettings(given.out, given);
  if (remembered.length > 0) console.error(`gradlab: as at the first run of this batch: ${remembered.join(" ")}`);
  const o = { ...given, ...settings };
  const roster = o.roster ? readRoster(o.roster) : null;
  const late = lateRules(o);
  const times = o.times ? readTimes(o.times) : null;
  // Remembered only once they read without an error, so a mistyped option is not kept.
  rememberSettings(o.out, settings);
  const summary = await gradeBatch({
    assignment,
    input,
    out: o.out,
    jobs: o.jobs ?? os.cpus().length,
    seed: o.seed,
    force: o.force,
    only: o.only,
    roster,
    late,
    times,
    canvasColumn: o.canvasColumn,
    replaceGradebook: o.replaceGradebook,
  });
  console.log(summaryText(summary));
}
