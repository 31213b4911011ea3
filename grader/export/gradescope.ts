/**
 * Gradescope, for a course that outgrows one machine: the platform runs each submission in a
 * container of its own, so the grader ships as an autograder zip (Gradescope's "Autograder
 * specifications": `setup.sh` installs, `run_autograder` grades `/autograder/submission/` and
 * writes `/autograder/results/results.json`).
 *
 * `results.json` has one test per gradlab test, its `max_score` its share of the part's points;
 * hidden tests are `after_due_date` and show only their name, pass/fail and diagnosis.
 */
import * as fs from "fs";
import * as path from "path";
import * as yazl from "yazl";
import { findRepoRoot } from "gradlab";
import { assignmentFiles, readManifest } from "../assignment/load";
import { feedbackModel } from "../feedback/model";
import type { GradeResult } from "../score/result";
import { roundPoints } from "../score/result";

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: "visible" | "after_due_date";
}

export interface GradescopeResults {
  score: number;
  output: string;
  visibility: "visible";
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
}

/** Gradescope's results.json for one graded submission. */
export function gradescopeResults(r: GradeResult): GradescopeResults {
  const fb = feedbackModel(r);
  const tests: GradescopeTest[] = [];
  r.parts.forEach((part, pi) => {
    const listed = fb.parts[pi];
    // A part stopped after some of its tests lists only those, so its points are shared among them.
    const manifestTests = part.tests;
    const total = manifestTests.reduce((s, t) => s + t.weight, 0);
    if (manifestTests.length === 0 || total === 0) {
      tests.push({ name: `${part.id}: ${part.title}`, score: 0, max_score: part.points, status: "failed", output: listed.reason?.detail ?? "not graded", visibility: "visible" });
      return;
    }
    manifestTests.forEach((t, ti) => {
      const max = roundPoints((part.points * t.weight) / total);
      const lines = listed.tests[ti].lines.map((l) => `${l.ok ? "✓" : l.credited ? "✓ (credited)" : "✗"} ${l.what}: ${l.detail}${l.hint ? `\n    where to look: ${l.hint}` : ""}`);
      tests.push({
        name: `${part.id}: ${t.name}`,
        score: roundPoints(max * t.credit),
        max_score: max,
        status: t.credit >= 1 ? "passed" : "failed",
        output: lines.join("\n"),
        visibility: t.visibility === "hidden" ? "after_due_date" : "visible",
      });
    });
  });
  const output = [`${r.score} / ${r.maxScore} points.`, ...r.findings.map((f) => `${f.severity}: ${f.message}`)].join("\n");
  return { score: r.score, output, visibility: "visible", stdout_visibility: "hidden", tests };
}

/** What an autograder zip holds, relative to the repository. */
function packageFiles(root: string, assignment: string): string[] {
  const files: string[] = [];
  const walk = (rel: string, keep: (f: string) => boolean): void => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r, keep);
      else if (keep(r)) files.push(r);
    }
  };
  files.push("package.json", "package-lock.json");
  // The built grader and library, with the declarations tslab type-checks the cells against; the
  // library's sources (the runner's view is bundled from them) and data; the assignment's spec,
  // tests and manifest, not its notebooks.
  walk("dist", (f) => (f.endsWith(".js") || f.endsWith(".d.ts")) && !/\.test\.(js|d\.ts)$/.test(f) && !f.startsWith(path.join("dist", "bench")));
  walk("lib", (f) => (f.endsWith(".ts") && !f.endsWith(".test.ts")) || f.endsWith(".csv.gz"));
  // Data files the built tools read from beside their sources.
  walk("tools", (f) => f.endsWith(".json"));
  const a = path.join("assignments", assignment);
  walk(a, (f) => !f.includes(`${path.sep}source${path.sep}`) && !f.includes(`${path.sep}release${path.sep}`));
  return files.sort();
}

export const SETUP_SH = `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
set -euo pipefail
cd "\${AUTOGRADER_ROOT:-/autograder}/source"
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  apt-get update -q
  apt-get install -y -q ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -q nodejs
fi
# The runtime dependencies only, without install scripts (the grader needs none of them).
npm ci --omit=dev --ignore-scripts
node dist/tools/link_self.js
`;

export function runAutograderSh(assignment: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission, in a fresh container.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source"
node dist/tools/cli.js gradescope-run ${assignment} --submission "$ROOT/submission" --results "$ROOT/results/results.json"
`;
}

/** Builds `out` (a zip) with setup.sh, run_autograder and the grader's files at its top level. */
export function buildGradescopeZip(assignment: string, out: string, root = findRepoRoot()): Promise<string[]> {
  assignmentFiles(assignment, root);
  readManifest(assignmentFiles(assignment, root)); // a missing manifest is an error here, not in Gradescope
  const files = packageFiles(root, assignment);
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const when = new Date("2026-01-01T00:00:00Z"); // fixed, so the same sources give the same zip
    zip.addBuffer(Buffer.from(SETUP_SH), "setup.sh", { mode: 0o100755, mtime: when });
    zip.addBuffer(Buffer.from(runAutograderSh(assignment)), "run_autograder", { mode: 0o100755, mtime: when });
    for (const f of files) zip.addFile(path.join(root, f), f.split(path.sep).join("/"), { mtime: when });
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    zip.outputStream.pipe(fs.createWriteStream(out)).on("close", () => resolve(files)).on("error", reject);
    zip.end();
  });
}
