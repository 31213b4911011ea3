/**
 * The assignments' notebooks, run headless with tslab as a student or an instructor would:
 * - the source notebook (the reference solution, hidden tests included): every check() table
 *   passes, and the final checkAll() says so;
 * - the release notebook as handed out: every part says what is not implemented, nothing crashes;
 * - a submission with a mistake: check() in the notebook gives the diagnosis the grader gives.
 * And the committed releases and manifests are what `gradlab assign` generates.
 */
import * as fs from "fs";
import * as path from "path";
import { assignmentFiles, listAssignments } from "../grader/assignment/load";
import { closeCompilers } from "../grader/compile/compile";
import { listFixtures } from "../grader/fixtures/build";
import { diagnosisIds, gradeFixture } from "../grader/fixture_support";
import { readNotebook } from "../tools/notebook/read";
import { findRepoRoot } from "../lib/util/repo_root";
import { hasOutputs } from "../tools/notebook/clear";
import { sourceText } from "../tools/notebook/nbformat";
import type { runNotebooks as RunNotebooks } from "../tools/notebook/run_notebooks";
import type { assign as Assign } from "../tools/assign";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runNotebooks } = require("../dist/tools/notebook/run_notebooks") as { runNotebooks: typeof RunNotebooks };
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { assign } = require("../dist/tools/assign") as { assign: typeof Assign };

jest.setTimeout(300_000);
afterAll(() => closeCompilers());

/** A mistake per assignment whose diagnosis the public tests show (part, fixture, diagnosis). */
const MISTAKES: Record<string, { part: string; fixture: string; diagnosis: string }> = {
  "a1-backprop": { part: "linear_bprop", fixture: "linear-transposed-dw", diagnosis: "transposed" },
  "a2-optimizers": { part: "momentum", fixture: "momentum-velocity-sign", diagnosis: "rule-variant" },
};

/** Text printed by each code cell of an executed notebook, by cell id. */
function printed(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of readNotebook(file).cells) {
    if (c.cell_type !== "code") continue;
    const text = c.outputs
      .map((o) => (o.output_type === "stream" ? sourceText(o.text) : o.output_type === "error" ? `${o.ename}: ${o.evalue}` : ""))
      .join("");
    out.set(c.id ?? "", text);
  }
  return out;
}

async function run(notebook: string, dir: string, allowErrors: boolean): Promise<Map<string, string>> {
  const [r] = await runNotebooks([notebook], { engine: "embedded", timeoutMs: 120_000, allowErrors, inplace: false, output: path.join(dir, path.basename(notebook)), log: () => undefined });
  if (!allowErrors) expect(r.summary).toMatch(/ ok in /);
  return printed(r.output!);
}

test("the committed releases and manifests are up to date (gradlab assign --check)", () => {
  const reports = assign([], { check: true });
  expect(reports.map((r) => r.assignment)).toEqual(listAssignments());
  expect(reports.filter((r) => r.changed.length > 0)).toEqual([]);
  for (const name of listAssignments()) {
    expect(hasOutputs(readNotebook(assignmentFiles(name).release))).toBe(false);
    expect(hasOutputs(readNotebook(assignmentFiles(name).source))).toBe(false);
  }
});

describe.each(listAssignments())("%s", (name) => {
  const files = assignmentFiles(name);
  let dir = "";
  beforeAll(() => {
    // Inside the repository (test/scratch-* is ignored by git), as a student's copy would be, so
    // that tslab resolves "gradlab" for a notebook written here.
    dir = fs.mkdtempSync(path.join(findRepoRoot(), "test", `scratch-${name}-`));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the source notebook's check() tables all pass, hidden tests included", async () => {
    const out = await run(files.source, path.join(dir, "source"), false);
    const tables = [...out.values()].join("\n");
    expect(tables).not.toMatch(/^✗/m);
    expect(tables).toMatch(/✓ every part passes its tests/);
    // Each test cell printed its public table and its hidden one.
    const parts = readNotebook(files.source).cells.filter((c) => (c.metadata as { nbgrader?: { grade?: boolean } }).nbgrader?.grade);
    for (const p of parts) {
      const text = out.get(p.id ?? "") ?? "";
      expect(text.match(/^✓ /gm)?.length).toBe(2);
      expect(text).toMatch(/\(hidden\)/);
    }
  });

  test("the release runs as handed out: every part says what is not implemented", async () => {
    const out = await run(files.release, path.join(dir, "release"), true);
    const parts = readNotebook(files.release).cells.filter((c) => (c.metadata as { nbgrader?: { grade?: boolean } }).nbgrader?.grade);
    for (const p of parts) {
      const text = out.get(p.id ?? "") ?? "";
      expect([p.id, text]).toEqual([p.id, expect.stringMatching(/^✗ .* 0 of \d+ tests? pass/)]);
      expect(text).toMatch(/not-implemented/);
      expect(text).not.toMatch(/KernelDied|TypeError|ReferenceError/);
    }
  });

  const mistake = MISTAKES[name];
  (mistake ? test : test.skip)("a mistake gets the same diagnosis in check() as from the grader", async () => {
    const fixture = listFixtures(name).find((f) => f.name === mistake.fixture)!;
    const { file, result } = await gradeFixture(name, fixture, { dir });
    const graded = result.parts.find((p) => p.id === mistake.part)!;
    expect(diagnosisIds(graded)).toContain(mistake.diagnosis);
    // The student's notebook, checked in their kernel.
    const out = await run(file, path.join(dir, "mistake"), true);
    expect(out.get(mistake.part)).toMatch(new RegExp(`^✗ ${mistake.part}`, "m"));
    expect(out.get(mistake.part)).toContain(`${mistake.diagnosis}:`);
  });
});
