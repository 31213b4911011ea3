/**
 * `check()` for the student's notebook: runs an assignment part's public tests against the
 * student's own code in their kernel and prints a table with the same checks and diagnoses the
 * grader gives. It is the very same test code (grader/tests/, the assignment's tests/public.ts),
 * run through the same Workspace the runner uses, only in-process and without time limits.
 *
 * In a release notebook:
 *
 *   import { checker } from "gradlab/grader/check";
 *   const { check, checkAll } = checker("a1-backprop");
 *   check("linear_bprop");
 *
 * The student's classes and functions are found where tslab keeps a notebook's top-level names.
 */
import * as fs from "fs";
import * as path from "path";
import * as lib from "gradlab";
import { Rng, findRepoRoot } from "gradlab";
import type { AssignmentSpec } from "../assignment/spec";
import { Workspace } from "../runner/workspace";
import type { TensorClass } from "../runner/wire";
import { testSeed } from "../tests/seeds";
import { PartTests, TestCase, testCredit } from "../tests/test_case";
import { checkLines } from "./table";

export interface TestReport {
  name: string;
  visibility: "public" | "hidden";
  credit: number;
  lines: string[];
}

export interface PartReport {
  part: string;
  passed: number;
  total: number;
  tests: TestReport[];
  warnings: string[];
}

export interface CheckOptions {
  /** Also run the hidden tests (instructors only: they are not in the student's copy). */
  hidden: boolean;
  /** Print the table (default true). */
  print: boolean;
  /** The notebook's top-level names (default: tslab's). */
  locals: Record<string, unknown> | null;
}

function compiledRoot(): string {
  // From dist/grader/check this is dist; from the sources (jest) it is the repository.
  return __filename.endsWith(".ts") ? findRepoRoot() : path.join(findRepoRoot(), "dist");
}

function load<T>(assignment: string, file: string, key: string): T | null {
  const base = path.join(compiledRoot(), "assignments", assignment, file);
  if (![".js", ".ts"].some((ext) => fs.existsSync(base + ext))) return null;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require(base) as Record<string, T>)[key] ?? null;
}

function tslabLocals(): Record<string, unknown> {
  const t = (globalThis as { __tslab__?: { exports?: Record<string, unknown> } }).__tslab__;
  if (!t?.exports) throw new Error("check() finds your code where the tslab kernel keeps it: run it in a notebook with the TypeScript (tslab) kernel");
  return t.exports;
}

/** Warnings for names of the student that are the library's own forbidden implementations. */
function bannedWarnings(spec: AssignmentSpec, locals: Record<string, unknown>): string[] {
  const out: string[] = [];
  const exportsOfLib = lib as unknown as Record<string, unknown>;
  for (const name of spec.banned) {
    const forbidden = exportsOfLib[name];
    for (const [local, value] of Object.entries(locals)) {
      const same = value === forbidden;
      const sub = typeof value === "function" && typeof forbidden === "function" && value.prototype instanceof (forbidden as new () => unknown);
      if (same || sub) {
        out.push(`⚠ ${local} is${sub ? " built on" : ""} the library's ${name}, which ${spec.name} forbids in graded cells: the grader gives this part no credit. Write your own.`);
      }
    }
  }
  return out;
}

export function checker(assignment: string) {
  const spec = load<AssignmentSpec>(assignment, "assignment", "spec");
  const publicTests = load<PartTests>(assignment, path.join("tests", "public"), "publicTests");
  if (!spec || !publicTests) throw new Error(`checker: unknown assignment "${assignment}"`);

  const runTest = (part: string, test: TestCase, locals: Record<string, unknown>): TestReport => {
    const rng = new Rng(testSeed(test.visibility === "public" ? "public" : 0, part, test.name));
    const prepared = test.prepare(rng);
    const workspace = new Workspace({
      locals,
      library: lib as unknown as Record<string, unknown>,
      Tensor: lib.Tensor as unknown as TensorClass,
      testFunctions2d: lib.testFunctions2d as never,
    });
    const judgement = prepared.judge(workspace.runAll(prepared.calls));
    const credit = testCredit(judgement);
    return { name: test.name, visibility: test.visibility, credit, lines: checkLines(judgement.checks, "      ") };
  };

  const report = (part: string, options?: Partial<CheckOptions>): PartReport => {
    const opts = lib.withDefaults<CheckOptions>("check", { hidden: false, print: true, locals: null }, options);
    const p = spec.parts.find((q) => q.id === part);
    if (!p) throw new Error(`check: ${assignment} has no part "${part}"; its parts are ${spec.parts.map((q) => `"${q.id}"`).join(", ")}`);
    const locals = opts.locals ?? tslabLocals();
    let tests = publicTests[part] ?? [];
    if (opts.hidden) {
      const hidden = load<PartTests>(assignment, path.join("tests", "hidden"), "hiddenTests");
      if (!hidden) throw new Error("check: the hidden tests are not in this copy of the course (they are the instructor's)");
      tests = [...tests, ...(hidden[part] ?? [])];
    }
    const reports = tests.map((t) => runTest(part, t, locals));
    const report: PartReport = {
      part,
      passed: reports.filter((r) => r.credit === 1).length,
      total: reports.length,
      tests: reports,
      warnings: bannedWarnings(spec, locals),
    };
    if (opts.print) console.log(formatReport(report, p.title));
    return report;
  };

  /** Prints the table of one part's tests (nothing is returned, so a notebook shows the table once). */
  const check = (part: string, options?: Partial<Omit<CheckOptions, "print">>): void => {
    report(part, { ...options, print: true });
  };
  /** Every part's table, then a one-line summary. */
  const checkAll = (options?: Partial<Omit<CheckOptions, "print">>): void => {
    const reports = spec.parts.map((p) => report(p.id, { ...options, print: true }));
    const ok = reports.filter((r) => r.passed === r.total).length;
    console.log(`\n${ok === reports.length ? "✓ every part passes its tests" : `${ok} of ${reports.length} parts pass their tests`}${options?.hidden ? "" : " (the grader also runs hidden tests)"}`);
  };
  return { check, checkAll, report };
}

export function formatReport(r: PartReport, title: string): string {
  const head = `${r.passed === r.total ? "✓" : "✗"} ${r.part} (${title}): ${r.passed} of ${r.total} test${r.total === 1 ? "" : "s"} pass`;
  const lines = [head, ...r.warnings.map((w) => `  ${w}`)];
  for (const t of r.tests) {
    const mark = t.credit === 1 ? "✓" : t.credit > 0 ? "◐" : "✗";
    lines.push(`  ${mark} ${t.name}${t.visibility === "hidden" ? " (hidden)" : ""}${t.credit > 0 && t.credit < 1 ? ` — ${Math.round(t.credit * 100)}% of its points` : ""}`);
    lines.push(...t.lines);
  }
  return lines.join("\n");
}
