/**
 * npm test's two jest phases (run_tests.ts) run every suite exactly once: each phase's own list
 * (jest --listTests with that phase's arguments), against the list of one plain jest run.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { findRepoRoot } from "gradlab";
import { IN_BAND_SUITES, testPhases } from "./run_tests";

const root = findRepoRoot();
const jestBin = require.resolve("jest/bin/jest", { paths: [root] });

function listed(args: string[]): string[] {
  const r = spawnSync(process.execPath, [jestBin, "--listTests", ...args], { cwd: root, encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter((l) => l.endsWith(".test.ts")).map((f) => path.relative(root, f)).sort();
}

test("the two phases split the suites: every suite in exactly one, the grading and rendered-course ones in band in the second", () => {
  const all = listed([]);
  const [others, inBand] = testPhases(root, 2).map(listed);
  expect(all.length).toBeGreaterThan(100);
  expect(others.filter((f) => inBand.includes(f))).toEqual([]);
  expect([...others, ...inBand].sort()).toEqual(all);
  const isInBand = (f: string): boolean => IN_BAND_SUITES.some((p) => (p.endsWith("/") ? f.startsWith(p) : f === p));
  expect(inBand).toEqual(all.filter(isInBand));
  expect(inBand).toEqual(expect.arrayContaining(["grader/batch/class_scale.test.ts", "grader/hostile.test.ts", "tools/grade_command.test.ts", "test/course_notebooks.test.ts", "test/rendered_course.test.ts"]));
  expect(others).toEqual(expect.arrayContaining(["lib/tensor/tensor.test.ts", "test/exported_pages.test.ts", "tools/run_tests.test.ts"]));
}, 120_000);
