/**
 * `npm test`'s jest run, in two phases.
 *
 * Jest runs one suite at a time on a 2-core machine (its default is one worker fewer than the
 * cores), so the many suites that use one core leave the other idle. Some suites must not share
 * the machine, though:
 *
 * - the suites that grade start contained runners under wall-clock limits (a1 gives a test 1 s),
 *   so a second suite beside them takes time from the very processes those limits measure, and a
 *   batch suite already fills every core with `--jobs 2`;
 * - the two suites that run the rendered course share its cache (.course-build): one after the
 *   other, the second reuses what the first executed; side by side, both execute all of it.
 *
 * So: (1) every other suite, one worker per core; (2) those, one at a time, alone.
 * Both phases run even if the first fails, so one run reports every failure; the exit code is
 * non-zero if either failed. Given arguments (`npm test -- lib/nn`, `-t name`), this is one plain
 * jest run with them, as `npx jest` would be.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

/** Folders and files (from the repository root) whose suites run in band, after the others. */
export const IN_BAND_SUITES = [
  "grader/",
  "tools/grade_command.test.ts",
  "test/course_notebooks.test.ts",
  "test/rendered_course.test.ts",
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The two jest command lines: the other suites on every core, then IN_BAND_SUITES one at a time. */
export function testPhases(repoRoot: string, cores: number): string[][] {
  // Jest matches both lists as regular expressions against absolute paths.
  const inBand = IN_BAND_SUITES.map((p) => `^${escapeRegExp(path.join(repoRoot, p))}`);
  return [
    [`--maxWorkers=${cores}`, "--testPathIgnorePatterns", "/node_modules/", "/dist/", ...inBand],
    ["--runInBand", ...inBand],
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
