/**
 * The Gradescope autograder, run as Gradescope's container would: the zip extracted into a fake
 * /autograder tree, setup.sh (npm's part: Node is already here), then run_autograder on a real
 * submission, whose results.json must be valid for Gradescope.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yauzl from "yauzl";
import { findRepoRoot } from "gradlab";
import { assignmentFiles } from "../assignment/load";
import { buildFixture, parseFixture } from "../fixtures/build";
import { buildGradescopeZip } from "./gradescope";

jest.setTimeout(300_000);
const root = findRepoRoot();
let tree = "";

function extract(zipFile: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on("end", resolve);
      zip.on("entry", (e: yauzl.Entry) => {
        const target = path.join(to, e.fileName);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(e, (se, stream) => {
          if (se || !stream) return reject(se);
          stream.pipe(fs.createWriteStream(target, { mode: (e.externalFileAttributes >>> 16) & 0o777 || 0o644 })).on("close", () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  tree = fs.mkdtempSync(path.join(os.tmpdir(), "autograder-"));
  const zip = path.join(tree, "autograder.zip");
  await buildGradescopeZip("a1-backprop", zip);
  // Gradescope extracts the zip into /autograder/source and runs setup.sh there, once.
  await extract(zip, path.join(tree, "source"));
  fs.copyFileSync(path.join(tree, "source", "run_autograder"), path.join(tree, "run_autograder"));
  fs.chmodSync(path.join(tree, "run_autograder"), 0o755);
  const setup = spawnSync("bash", [path.join(tree, "source", "setup.sh")], { env: { ...process.env, AUTOGRADER_ROOT: tree, npm_config_prefer_offline: "true" }, encoding: "utf8" });
  if (setup.status !== 0) throw new Error(`setup.sh failed: ${setup.stderr}`);
});
afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

function runAutograder(submission: string): Record<string, unknown> {
  fs.rmSync(path.join(tree, "submission"), { recursive: true, force: true });
  fs.rmSync(path.join(tree, "results"), { recursive: true, force: true });
  fs.mkdirSync(path.join(tree, "submission"), { recursive: true });
  fs.mkdirSync(path.join(tree, "results"), { recursive: true });
  fs.copyFileSync(submission, path.join(tree, "submission", "a1-backprop.ipynb"));
  const r = spawnSync(path.join(tree, "run_autograder"), [], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", AUTOGRADER_ROOT: tree }, encoding: "utf8", cwd: tree });
  expect(r.status).toBe(0);
  return JSON.parse(fs.readFileSync(path.join(tree, "results", "results.json"), "utf8"));
}

test("the zip has Gradescope's two scripts at its top level and no solutions", () => {
  expect(fs.existsSync(path.join(tree, "source", "setup.sh"))).toBe(true);
  expect(fs.statSync(path.join(tree, "source", "run_autograder")).mode & 0o111).not.toBe(0);
  expect(fs.existsSync(path.join(tree, "source", "assignments", "a1-backprop", "manifest.json"))).toBe(true);
  expect(fs.existsSync(path.join(tree, "source", "assignments", "a1-backprop", "source"))).toBe(false);
});

test("run_autograder on a real submission writes a valid results.json; hidden tests show after the due date", () => {
  const sub = path.join(tree, "reference.ipynb");
  const files = assignmentFiles("a1-backprop");
  buildFixture(parseFixture(path.join(root, "grader", "fixtures", "a1-backprop", "linear-transposed-dw.cells")), files.source, files.release, sub);
  const results = runAutograder(sub) as { score: number; tests: Record<string, unknown>[] };
  expect(Object.keys(results).sort()).toEqual(["output", "score", "stdout_visibility", "tests", "visibility"]);
  expect(results.tests.length).toBeGreaterThan(8);
  for (const t of results.tests) {
    expect(Object.keys(t).sort()).toEqual(["max_score", "name", "output", "score", "status", "visibility"]);
    expect(typeof t.score === "number" && typeof t.max_score === "number" && (t.score as number) <= (t.max_score as number) + 1e-9).toBe(true);
    expect(["passed", "failed"]).toContain(t.status);
    expect(["visible", "after_due_date"]).toContain(t.visibility);
  }
  const sum = (k: string) => Math.round(results.tests.reduce((s, t) => s + (t[k] as number), 0) * 1000) / 1000;
  expect(sum("max_score")).toBe(20);
  expect(sum("score")).toBeCloseTo(results.score, 3);
  expect(results.score).toBeLessThan(20);
  const bprop = results.tests.find((t) => t.name === "linear_bprop: a batch of 4, 3 → 2")!;
  expect([bprop.status, bprop.visibility]).toEqual(["failed", "visible"]);
  expect(bprop.output).toMatch(/dW: dW has shape \[3, 2\], the expected \[2, 3\] reversed/);
  expect(results.tests.filter((t) => t.visibility === "after_due_date").map((t) => t.name)).toContain("linear_bprop: a batch of 7, 5 → 6");
});

test("an unusable upload still gets a results.json that says why", () => {
  const bad = path.join(tree, "bad.ipynb");
  fs.writeFileSync(bad, "not json");
  const results = runAutograder(bad) as { score: number; output: string };
  expect(results.score).toBe(0);
  expect(results.output).toMatch(/is not valid JSON/);
});
