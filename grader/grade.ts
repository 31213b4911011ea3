/**
 * Grading one submission, end to end (DESIGN.md "Autograder"): read it against the manifest,
 * compile the instructor's setup cells and the student's answer cells, run them in a contained
 * runner, and judge each part's tests in this trusted process with references from the library.
 *
 * Grading errors (an unknown assignment, unreadable instructor files) throw; everything the
 * submission does wrong, however hostile, is a finding in the result.
 */
import { randomInt } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Rng, findRepoRoot } from "gradlab";
import { LoadedAssignment, loadAssignment, readManifest } from "./assignment/load";
import type { ManifestPart } from "./assignment/manifest";
import { DEFAULT_LIMITS, Limits } from "./assignment/spec";
import { CompileError, SourceCell, compileCells } from "./compile/compile";
import { ImportUse, scanImports } from "./compile/imports";
import type { Diagnosis } from "./diagnose/diagnosis";
import { diagnoseError, diagnoseFailure } from "./diagnose/runtime";
import { probeContainment } from "./runner/containment";
import { buildLibraryView } from "./runner/library_view";
import { runnerImage } from "./runner/snapshot";
import { RunnerProcess } from "./runner/runner_process";
import { RunnerSession } from "./runner/session";
import { compileFailed, missingCell, usesBanned } from "./score/reasons";
import { Finding, GradeResult, PartResult, TestResult, partScore, partStatus, roundPoints } from "./score/result";
import { readSubmission } from "./submission/read";
import { testSeed } from "./tests/seeds";
import { TestCase, testCredit } from "./tests/test_case";

export interface GradeOptions {
  assignment: string;
  submission: string;
  /** Fixes the inputs of the hidden tests; fresh (and recorded) when absent. */
  seed?: number;
  root?: string;
  /** The submission's name in the result (default: the file's name), e.g. its name in an LMS zip. */
  label?: string;
  /** Tighter (or looser) time limits than the assignment's, e.g. for tests. */
  limits?: Partial<Limits>;
  /** Called after each part, e.g. for a progress line. */
  onPart?: (part: PartResult, done: number, total: number) => void;
}

export function freshSeed(): number {
  return randomInt(0, 2 ** 31);
}

function versions(root: string): GradeResult["versions"] {
  const read = (file: string): string => {
    try {
      return String(JSON.parse(fs.readFileSync(file, "utf8")).version);
    } catch {
      return "unknown";
    }
  };
  return { gradlab: read(path.join(root, "package.json")), node: process.version, tslab: read(path.join(root, "node_modules", "tslab", "package.json")) };
}

/** The tests of a part in the manifest's order; a manifest that no longer matches the tests is stale. */
function partTests(a: LoadedAssignment, part: ManifestPart): TestCase[] {
  const all = [...(a.publicTests[part.id] ?? []), ...(a.hiddenTests[part.id] ?? [])];
  const names = all.map((t) => `${t.name}/${t.visibility}/${t.weight}`);
  const listed = part.tests.map((t) => `${t.name}/${t.visibility}/${t.weight}`);
  if (names.join("\n") !== listed.join("\n")) {
    throw new Error(`the manifest of ${a.name} lists other tests for part "${part.id}" than tests/*.ts define; regenerate it with: gradlab assign ${a.name}`);
  }
  return all;
}

export async function gradeSubmission(o: GradeOptions): Promise<GradeResult> {
  const root = o.root ?? findRepoRoot();
  const assignment = loadAssignment(o.assignment, root);
  const manifest = readManifest(assignment);
  const testsByPart = new Map(manifest.parts.map((p) => [p.id, partTests(assignment, p)]));
  const limits: Limits = { ...DEFAULT_LIMITS, ...assignment.spec.limits, ...o.limits };
  const seed = o.seed ?? freshSeed();
  const containment = probeContainment();
  const submission = readSubmission(o.submission, manifest);
  const findings: Finding[] = [...submission.findings];
  const base = {
    schema: 1 as const,
    assignment: manifest.assignment,
    submission: { file: o.label ?? path.basename(o.submission), sha256: submission.sha256 },
    manifest: { sourceSha256: manifest.sourceSha256, releaseSha256: manifest.releaseSha256 },
    seed,
    maxScore: manifest.totalPoints,
    containment: { layers: containment.layers, missing: containment.missing },
    versions: versions(root),
  };
  if (!submission.notebook) {
    const parts = manifest.parts.map((p) => zeroPart(p, { id: "unreadable-submission", message: findings[0].message, evidence: {} }));
    return { ...base, score: 0, parts, findings, output: { stdout: "", stderr: "", droppedBytes: 0 } };
  }

  // Which answer cells cannot run, and why: missing, forbidden imports, compile errors.
  const blocked = new Map<string, Diagnosis>();
  const banned = new Set(manifest.banned);
  const answerIds = manifest.cells.filter((c) => c.role === "answer").map((c) => c.grade_id);
  for (const id of answerIds) {
    const source = submission.answers.get(id);
    if (source === undefined) {
      blocked.set(id, missingCell(id));
      continue;
    }
    const uses: ImportUse[] = scanImports(source, banned);
    if (uses.length > 0) {
      blocked.set(id, usesBanned(id, uses, manifest.assignment));
      for (const u of uses) findings.push({ severity: "error", code: u.kind === "banned-name" ? "banned-name" : "blocked-import", cell: id, line: u.line, message: `cell "${id}", line ${u.line}: ${u.kind === "banned-name" ? `imports ${u.what} from gradlab, which this assignment forbids` : `imports ${u.what}`}` });
    }
  }
  const sources: SourceCell[] = [
    ...manifest.setup.map((s) => ({ id: s.grade_id, source: s.source, role: "setup" as const })),
    ...answerIds.filter((id) => !blocked.has(id)).map((id) => ({ id, source: submission.answers.get(id)!, role: "answer" as const })),
  ];
  const view = buildLibraryView(root, manifest.banned);
  const image = runnerImage(view, containment);
  // Node starts while the cells compile: the runner needs them only in its init message, sent afterwards.
  const spawned = new RunnerProcess({ containment, image });
  const compiled = compileCells(sources, assignment.dir);
  const errorsByCell = new Map<string, CompileError[]>();
  for (const e of compiled.errors) errorsByCell.set(e.cell, [...(errorsByCell.get(e.cell) ?? []), e]);
  for (const [cell, errors] of errorsByCell) {
    if (manifest.setup.some((s) => s.grade_id === cell)) {
      await spawned.close();
      throw new Error(`the instructor's setup cell "${cell}" of ${manifest.assignment} does not compile: ${errors[0].message}; fix the source notebook and run gradlab assign`);
    }
    blocked.set(cell, compileFailed(cell, errors));
    for (const e of errors) findings.push({ severity: "error", code: "compile-error", cell, line: e.line, column: e.column, message: `cell "${cell}", line ${e.line}:${e.column}: ${e.message}` });
  }

  const session = new RunnerSession({
    assignment: manifest.assignment,
    image,
    cells: compiled.compiled,
    containment,
    cellTimeoutMs: limits.cellMs,
    spawned,
  });
  const started = Date.now();
  const parts: PartResult[] = [];
  try {
    await session.start();
    const cannotStart = session.cannotStart;
    for (const part of manifest.parts) {
      if (cannotStart) {
        parts.push(zeroPart(part, diagnoseFailure("starting the runner", cannotStart)));
        continue;
      }
      const result = await gradePart(part, testsByPart.get(part.id)!, { session, blocked, seed, limits, started, assignment: manifest.assignment });
      parts.push(result);
      o.onPart?.(result, parts.length, manifest.parts.length);
    }
  } finally {
    await session.close();
  }
  if (session.cannotStart) {
    // Not the student's doing when no cell was running: say what the runner printed as it died.
    const said = session.output.stderr.trim().split("\n").slice(-3).join(" | ");
    findings.push({ severity: "error", code: "runner-did-not-start", message: `the runner could not start${said ? `: ${said}` : ""}` });
  }
  for (const f of session.failedLoads) {
    findings.push({ severity: "error", code: "cell-load-failed", cell: f.cell, message: diagnoseFailure(`loading cell "${f.cell}"`, f.failure).message });
  }
  for (const [cell, report] of session.cellReports) {
    if (!report.ok && report.error) findings.push({ severity: "error", code: "cell-raised", cell, message: `cell "${cell}" raised an error while running: ${report.error.name}: ${report.error.message}` });
  }
  for (const a of session.loadAttempts) {
    findings.push({ severity: "error", code: a.kind === "banned-name" ? "banned-name" : "blocked-import", message: a.kind === "banned-name" ? `the cells used ${a.what} from gradlab, which this assignment forbids` : `the cells tried to import "${a.what}"` });
  }
  const score = roundPoints(parts.reduce((s, p) => s + p.score, 0));
  return { ...base, score, parts, findings, output: session.output };
}

interface PartContext {
  session: RunnerSession;
  blocked: Map<string, Diagnosis>;
  seed: number;
  limits: Limits;
  started: number;
  assignment: string;
}

function zeroPart(part: ManifestPart, reason: Diagnosis): PartResult {
  return { id: part.id, title: part.title, points: part.points, score: 0, status: "failed", reason, tests: [] };
}

async function gradePart(part: ManifestPart, tests: TestCase[], c: PartContext): Promise<PartResult> {
  const blocker = part.cells.map((cell) => c.blocked.get(cell)).find((d) => d !== undefined);
  if (blocker) return zeroPart(part, blocker);
  const loadFailure = c.session.failedLoads.find((f) => part.cells.includes(f.cell));
  if (loadFailure) return zeroPart(part, diagnoseFailure(`loading cell "${loadFailure.cell}"`, loadFailure.failure));
  const results: TestResult[] = [];
  for (const test of tests) {
    if (Date.now() - c.started > c.limits.submissionMs) {
      return zeroPart(part, { id: "timeout", message: `grading this submission took longer than ${c.limits.submissionMs / 1000} s in all; the remaining parts were not run`, evidence: { limitMs: c.limits.submissionMs } });
    }
    const rng = new Rng(testSeed(test.visibility === "public" ? "public" : c.seed, part.id, test.name));
    const prepared = test.prepare(rng);
    const out = await c.session.run(prepared.calls, prepared.timeoutMs ?? c.limits.testMs);
    if ("failure" in out) {
      const reason = diagnoseFailure(test.name, out.failure);
      return { ...zeroPart(part, reason), tests: [...results, { name: test.name, visibility: test.visibility, weight: test.weight, credit: 0, checks: [], failure: reason }] };
    }
    const bannedUse = out.attempts.find((a) => a.kind === "banned-name");
    if (bannedUse) {
      return zeroPart(part, {
        id: "banned-name",
        message: `the code of this part used ${bannedUse.what} from gradlab, which ${c.assignment} forbids: the part earns no credit`,
        evidence: { name: bannedUse.what },
        hint: `write your own ${bannedUse.what} instead of calling the library's`,
      });
    }
    const judgement = prepared.judge(out.replies);
    const failedCall = out.replies.find((r) => !r.ok);
    results.push({
      name: test.name,
      visibility: test.visibility,
      weight: test.weight,
      credit: testCredit(judgement),
      checks: judgement.checks,
      failure: failedCall && !failedCall.ok && judgement.checks.length === 0 ? diagnoseError(test.name, failedCall.error) : undefined,
    });
  }
  const score = partScore(part.points, results);
  return { id: part.id, title: part.title, points: part.points, score, status: partStatus(score, part.points), tests: results };
}

