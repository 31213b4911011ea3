/**
 * npm test's two jest phases (run_tests.ts) run every suite exactly once: each phase's own list
 * (jest --listTests with that phase's arguments), against the list of one plain jest run.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { findRepoRoot } from "gradlab";
import { GRADING_SUITES, testPhases } from "./run_tests";

const root = findRepoRoot();
const jestBin = require.resolve("jest/bin/jest", { paths: [root] });

function listed(args: string[]): string[] {
  const r = spawnSync(process.execPath, [jestBin, "--listTests", ...args], { cwd: root, encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter((l) => l.endsWith(".test.ts")).map((f) => path.relative(root, f)).sort();
}

test("the two phases split the suites: every suite in exactly one, the grading ones alone in the second", () => {
  const all = listed([]);
  const [others, grading] = testPhases(root, 2).map(listed);
  expect(all.length).toBeGreaterThan(100);
  expect(others.filter((f) => grading.includes(f))).toEqual([]);
  expect([...others, ...grading].sort()).toEqual(all);
  const isGrading = (f: string): boolean => GRADING_SUITES.some((p) => (p.endsWith("/") ? f.startsWith(p) : f === p));
  expect(grading).toEqual(all.filter(isGrading));
  expect(grading).toEqual(expect.arrayContaining(["grader/batch/class_scale.test.ts", "grader/hostile.test.ts", "tools/grade_command.test.ts"]));
  expect(others).toEqual(expect.arrayContaining(["lib/tensor/tensor.test.ts", "test/course_notebooks.test.ts", "tools/run_tests.test.ts"]));
}, 120_000);
