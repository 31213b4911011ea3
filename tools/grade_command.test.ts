/**
 * `gradlab grade` as a TA runs it: exit code 0 whenever the submission was graded, whatever its
 * score, with result.json, feedback.md and feedback.html written; exit code 1 with one line
 * when grading itself cannot run.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findRepoRoot } from "../lib/util/repo_root";

jest.setTimeout(120_000);
const root = findRepoRoot();
const cli = path.join(root, "dist", "tools", "cli.js");
const release = path.join(root, "assignments", "a1-backprop", "release", "a1-backprop.ipynb");
let out = "";
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-grade-cli-"));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const gradlab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: os.tmpdir(), encoding: "utf8" });

test("a graded submission: exit 0 whatever the score, the three files written, the seed recorded", () => {
  const r = gradlab("grade", "a1-backprop", release, "--out", out, "--seed", "42");
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(`a1-backprop.ipynb: 0 / 20 points (seed 42); feedback in ${out}`);
  expect(fs.readdirSync(out).sort()).toEqual(["feedback.html", "feedback.md", "result.json"]);
  const result = JSON.parse(fs.readFileSync(path.join(out, "result.json"), "utf8"));
  expect([result.score, result.maxScore, result.seed]).toEqual([0, 20, 42]);
  expect(result.versions.node).toBe(process.version);
  expect(result.containment.layers).toContain("node-permission");
  expect(fs.readFileSync(path.join(out, "feedback.md"), "utf8")).toContain("not implemented yet");
});

test("a malformed notebook is graded too: zero and a finding, exit 0", () => {
  const bad = path.join(out, "bad.ipynb");
  fs.writeFileSync(bad, '{"cells": [');
  const r = gradlab("grade", "a1-backprop", bad, "--out", out);
  expect(r.status).toBe(0);
  const result = JSON.parse(fs.readFileSync(path.join(out, "result.json"), "utf8"));
  expect(result.score).toBe(0);
  expect(result.findings[0].message).toMatch(/is not valid JSON/);
});

test("grading that cannot run: exit 1 and one line naming the problem", () => {
  const unknown = gradlab("grade", "a9-nothing", release, "--out", out);
  expect(unknown.status).toBe(1);
  expect(unknown.stderr.trim()).toBe('gradlab: unknown assignment "a9-nothing"; the assignments are ' + fs.readdirSync(path.join(root, "assignments"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `"${e.name}"`).sort().join(", "));
  const missing = gradlab("grade", "a1-backprop", path.join(out, "nope.ipynb"), "--out", out);
  expect(missing.status).toBe(1);
  expect(missing.stderr.trim()).toBe(`gradlab: the submission ${path.join(out, "nope.ipynb")} does not exist`);
  const seed = gradlab("grade", "a1-backprop", release, "--out", out, "--seed", "x");
  expect(seed.status).toBe(1);
  expect(seed.stderr).toMatch(/expected an integer seed/);
  expect(fs.readdirSync(out)).toEqual([]);
});
