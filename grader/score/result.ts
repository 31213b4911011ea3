/**
 * The machine-readable result of grading one submission (`result.json`), and the arithmetic of
 * points. A result holds no timestamps and no timings: the same submission, seed and versions
 * give the same result, bit for bit, on any machine.
 */
import type { Diagnosis } from "../diagnose/diagnosis";
import type { Check, Visibility } from "../tests/test_case";

export interface Finding {
  severity: "error" | "warning" | "info";
  /** A stable code, counted across a class: "compile-error", "locked-cell-changed", "banned-name"... */
  code: string;
  message: string;
  cell?: string;
  part?: string;
  line?: number;
  column?: number;
}

export interface TestResult {
  name: string;
  visibility: Visibility;
  weight: number;
  /** Share of the test's weight earned, in [0, 1]. */
  credit: number;
  checks: Check[];
  /** Why the test could not be judged (the calls failed), if so. */
  failure?: Diagnosis;
}

export type PartStatus = "passed" | "partial" | "failed" | "not-graded";

export interface PartResult {
  id: string;
  title: string;
  points: number;
  score: number;
  status: PartStatus;
  /** Why the whole part scored zero without being judged (compile error, banned name, timeout...). */
  reason?: Diagnosis;
  tests: TestResult[];
}

export interface GradeResult {
  schema: 1;
  assignment: string;
  submission: { file: string; sha256: string | null };
  /** The instructor files graded against (a changed manifest means a different grading). */
  manifest: { sourceSha256: string; releaseSha256: string };
  seed: number;
  score: number;
  maxScore: number;
  parts: PartResult[];
  findings: Finding[];
  /** Which containment layers were in force for the runner, and which the system refused. */
  containment: { layers: string[]; missing: { layer: string; reason: string }[] };
  versions: { gradlab: string; node: string; tslab: string };
  /** What the student's code printed (capped). */
  output: { stdout: string; stderr: string; droppedBytes: number };
}

/** Points are kept to 1/10000 so sums of parts add up exactly as displayed. */
export function roundPoints(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function partScore(points: number, tests: readonly TestResult[]): number {
  const total = tests.reduce((s, t) => s + t.weight, 0);
  if (total === 0) return 0;
  return roundPoints((points * tests.reduce((s, t) => s + t.weight * t.credit, 0)) / total);
}

export function partStatus(score: number, points: number): PartStatus {
  if (points > 0 && score >= points) return "passed";
  return score > 0 ? "partial" : "failed";
}
