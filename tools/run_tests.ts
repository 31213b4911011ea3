/**
 * `npm test`'s jest run, in two phases.
 *
 * Jest runs one suite at a time on a 2-core machine (its default is one worker fewer than the
 * cores), so the many suites that use one core leave the other idle. The suites that grade are
 * different: they start contained runners under wall-clock limits (a1 gives a test 1 s), so a
 * second suite beside them takes time from the very processes those limits measure, and a batch
 * suite already fills every core with `--jobs 2`. So:
 *
 * 1. every suite outside GRADING_SUITES, one worker per core;
 * 2. the suites that grade, one at a time, alone on the machine.
 *
 * On this 2-core machine: 623 s in one phase, 249 + 282 s in two (the whole suite, same day).
 * Both phases run even if the first fails, so one run reports every failure; the exit code is
 * non-zero if either failed. Given arguments (`npm test -- lib/nn`, `-t name`), this is one plain
 * jest run with them, as `npx jest` would be.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

/** Folders and files (from the repository root) whose suites start runners and judge their timing-bound results. */
export const GRADING_SUITES = ["grader/", "tools/grade_command.test.ts"];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The two jest command lines: everything else on every core, then the grading suites in band. */
export function testPhases(repoRoot: string, cores: number): string[][] {
  // Jest matches both lists as regular expressions against absolute paths.
  const grading = GRADING_SUITES.map((p) => `^${escapeRegExp(path.join(repoRoot, p))}`);
  return [
    [`--maxWorkers=${cores}`, "--testPathIgnorePatterns", "/node_modules/", "/dist/", ...grading],
    ["--runInBand", ...grading],
  ];
}

function runJest(args: string[]): number {
  const jest = require.resolve("jest/bin/jest", { paths: [root] });
  const r = spawnSync(process.execPath, [jest, ...args], { cwd: root, stdio: "inherit" });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function main(argv: string[]): number {
  if (argv.length > 0) return runJest(argv);
  const codes = testPhases(root, os.availableParallelism()).map(runJest);
  return codes.find((c) => c !== 0) ?? 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
