/**
 * Grading fixture submissions in tests: build the .ipynb a fixture describes, grade it, and check
 * what the fixture says the grader must find (scores, diagnoses, findings).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assignmentFiles } from "./assignment/load";
import { Fixture, buildFixture } from "./fixtures/build";
import { gradeSubmission } from "./grade";
import type { Limits } from "./assignment/spec";
import type { GradeResult, PartResult } from "./score/result";
import type { Diagnosis } from "./diagnose/diagnosis";

/**
 * Every diagnosis id a part shows: its reason, its tests' failures and its checks'. A rule-variant
 * diagnosis also counts as "rule-variant:<variant id>" (e.g. "rule-variant:no-bias-correction"),
 * so a fixture can say which wrong rule it must be matched to.
 */
export function diagnosisIds(p: PartResult): string[] {
  const ids: string[] = [];
  const add = (d: Diagnosis): void => {
    ids.push(d.id);
    if (d.id === "rule-variant" && typeof d.evidence.variant === "string") ids.push(`rule-variant:${d.evidence.variant}`);
  };
  if (p.reason) add(p.reason);
  for (const t of p.tests) {
    if (t.failure) add(t.failure);
    for (const c of t.checks) if (c.diagnosis) add(c.diagnosis);
  }
  return ids;
}

/** What is wrong with a result against its fixture's expectations (empty when all hold). */
export function unmetExpectations(f: Fixture, r: GradeResult): string[] {
  const problems: string[] = [];
  for (const e of f.expectations) {
    if (e.part === null) {
      if (e.score !== undefined && Math.abs(r.score - e.score) > 1e-9) problems.push(`total ${r.score}, expected ${e.score}`);
    } else {
      const p = r.parts.find((q) => q.id === e.part);
      if (!p) {
        problems.push(`no part ${e.part}`);
        continue;
      }
      if (e.score !== undefined && Math.abs(p.score - e.score) > 1e-9) problems.push(`${e.part}: score ${p.score}, expected ${e.score}`);
      if (e.diagnosis !== undefined && !diagnosisIds(p).includes(e.diagnosis)) {
        problems.push(`${e.part}: no "${e.diagnosis}" diagnosis (it has ${diagnosisIds(p).join(", ") || "none"})`);
      }
    }
    if (e.finding !== undefined && !r.findings.some((x) => x.code === e.finding)) {
      problems.push(`no "${e.finding}" finding (findings: ${r.findings.map((x) => x.code).join(", ") || "none"})`);
    }
  }
  return problems;
}

export interface FixtureRun {
  file: string;
  result: GradeResult;
}

/**
 * Builds the fixture's submission in `dir` and grades it with the given seed and limits. Without
 * a `dir`, the submission goes to a temporary folder that is removed afterwards (`file` is then
 * only its former name).
 */
export async function gradeFixture(
  assignment: string,
  f: Fixture,
  o: { dir?: string; seed?: number; limits?: Partial<Limits>; vars?: Record<string, string> } = {},
): Promise<FixtureRun> {
  const files = assignmentFiles(assignment);
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-fixture-"));
  const file = path.join(dir, `${f.name}.ipynb`);
  try {
    buildFixture(f, files.source, files.release, file, o.vars ?? {});
    const result = await gradeSubmission({ assignment, submission: file, seed: o.seed ?? 1, limits: o.limits });
    return { file, result };
  } finally {
    if (o.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}
