/**
 * The course notebooks: committed without outputs, executed headless without errors, and the
 * executed files valid for both the nbformat 4.5 JSON schema (in TypeScript) and Python's
 * own `nbformat.validate`; real nbconvert runs a course notebook with the tslab kernel.
 *
 * The course is executed the way `gradlab start --rendered` executes it, into the same cache
 * (.course-build, keyed on each notebook's bytes, the built library and the engine), so the
 * rendered-course test after it (or before it) does not run all fifteen notebooks a second time.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installKernelSpec } from "../tools/jupyter/kernel_spec";
import { hasOutputs } from "../tools/notebook/clear";
import { readNotebook } from "../tools/notebook/read";
import type { buildRenderedCourse as BuildRenderedCourse } from "../tools/course/build";
import { courseBuildDir, courseLibraryHash } from "../tools/course/cache";
import { schemaProblems } from "../tools/notebook/validate";
import { courseNotebooks } from "../tools/start";
import { findRepoRoot } from "../lib/util/repo_root";
import { codeCells } from "./support/outputs";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildRenderedCourse } = require("../dist/tools/course/build") as { buildRenderedCourse: typeof BuildRenderedCourse };

const root = findRepoRoot();
const notebooks = courseNotebooks(root);
const python = "/usr/bin/python3";
let outDir: string;

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-course-"));
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

test("there are course notebooks, committed without outputs", () => {
  expect(notebooks.length).toBeGreaterThan(0);
  const dirty = notebooks.filter((f) => hasOutputs(readNotebook(f)));
  expect(dirty).toEqual([]); // fix with: npx gradlab nb clear notebooks/*.ipynb
});

test("every course notebook runs headless without errors and the result is valid nbformat", async () => {
  const lines: string[] = [];
  const built = await buildRenderedCourse({ notebooks, outDir: courseBuildDir(root), library: courseLibraryHash(root), timeoutMs: 120_000, log: (l) => lines.push(l) });
  expect(built.pages.filter((p) => !p.ok).map((p) => p.name)).toEqual([]);
  expect([...built.executed, ...built.reused].sort()).toEqual(notebooks.map((f) => path.basename(f, ".ipynb")).sort());
  for (const page of built.pages) {
    const output = path.join(courseBuildDir(root), `${page.name}.ipynb`);
    const executed = JSON.parse(fs.readFileSync(output, "utf8")) as unknown;
    expect(schemaProblems(executed)).toEqual([]);
    const cells = codeCells(readNotebook(output));
    expect(cells.every((c) => c.execution_count !== null)).toBe(true);
    const py = spawnSync(python, ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", output], { encoding: "utf8" });
    expect(`${py.stdout}${py.stderr}`.trim()).toBe("valid");
  }
  // Progress: one line per executed notebook (a reused one runs nothing).
  expect(lines.filter((l) => / ok in /.test(l))).toHaveLength(built.executed.length);
}, 600_000);

test("real nbconvert executes a course notebook with the tslab kernel", () => {
  const { env } = installKernelSpec(root);
  const notebook = notebooks[0];
  const r = spawnSync(
    python,
    ["-m", "nbconvert", "--execute", "--to", "notebook", "--ExecutePreprocessor.kernel_name=tslab", "--ExecutePreprocessor.timeout=120", "--output-dir", outDir, "--output", "nbconvert-run", notebook],
    { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 300_000 },
  );
  expect(`${r.stderr}`).not.toMatch(/Traceback|CellExecutionError|No such kernel/);
  expect(r.status).toBe(0);
  const executed = readNotebook(path.join(outDir, "nbconvert-run.ipynb"));
  const text = JSON.stringify(codeCells(executed).map((c) => c.outputs));
  expect(text).toContain("gradcheck Linear: passed");
}, 320_000);
