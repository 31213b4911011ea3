/**
 * A class at scale: 300 generated a1 submissions (60% working, the rest every fixture's mistake,
 * integrity problem and attack in turn) graded in one run with `--jobs 2`. The batch finishes,
 * every submission is graded, each earns what its fixture says it earns alone (no attack changed
 * another student's result), and nothing outside changed. The time goes to test/artifacts/;
 * `npm run bench` measures it against the target.
 */
import { createHash } from "crypto";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findRepoRoot } from "gradlab";
import { assignmentFiles } from "../assignment/load";
import { listFixtures } from "../fixtures/build";
import { generateClass } from "../fixtures/class";
import { artifactPath } from "../../test/support/browser";

jest.setTimeout(1_200_000);
const root = findRepoRoot();

test("300 submissions with --jobs 2: all graded, each as its fixture says, nothing outside touched", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-class300-"));
  try {
    const canary = path.join(dir, "canary");
    fs.mkdirSync(canary, { mode: 0o777 });
    fs.chmodSync(canary, 0o777);
    const manifest = assignmentFiles("a1-backprop").manifest;
    const before = createHash("sha256").update(fs.readFileSync(manifest)).digest("hex");
    const cls = generateClass("a1-backprop", 300, path.join(dir, "subs"), { correctShare: 0.6, vars: { repo: root, port: "9", canary } });
    const started = Date.now();
    const r = spawnSync(process.execPath, [path.join(root, "dist", "tools", "cli.js"), "grade", "a1-backprop", path.join(dir, "subs"), "--out", path.join(dir, "out"), "--jobs", "2", "--seed", "3", "--roster", cls.roster], { encoding: "utf8", cwd: dir });
    const seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(artifactPath("class-scale.txt"), `300 a1 submissions, --jobs 2: ${seconds.toFixed(1)} s (${((60 * 300) / seconds).toFixed(0)} submissions/min)\n${r.stdout}`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^300 students in the gradebook: 300 graded now, 0 unchanged since the last run \(not graded again\), 0 failed to run/);
    const book = JSON.parse(fs.readFileSync(path.join(dir, "out", "gradebook.json"), "utf8")) as { rows: { id: string; raw: number }[] };
    expect(book.rows).toHaveLength(300);
    const totals = new Map(listFixtures("a1-backprop").map((f) => [f.name, f.expectations.find((e) => e.part === null)?.score]));
    const wrong = cls.students
      .map((s) => ({ s, raw: book.rows.find((x) => x.id === s.id)!.raw, expected: totals.get(s.fixture) }))
      .filter(({ raw, expected }) => expected !== undefined && raw !== expected)
      .map(({ s, raw, expected }) => `${s.id} (${s.fixture}): ${raw}, expected ${expected}`);
    expect(wrong).toEqual([]);
    expect(fs.readdirSync(canary)).toEqual([]);
    expect(createHash("sha256").update(fs.readFileSync(manifest)).digest("hex")).toBe(before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
