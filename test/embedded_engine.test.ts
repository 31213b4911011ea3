/**
 * The default (embedded) notebook engine and the `gradlab nb` commands around it: a failing
 * cell, a compile error and a hung cell, with and without --allow-errors; where `nb run` writes
 * (NAME.nbconvert.ipynb beside the notebook, --inplace, one --output x.ipynb); `nb clear` and
 * `nb clear --check`. The engine forks its worker from the built file, so this uses dist/.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { executeEmbedded as ExecuteEmbedded } from "../tools/notebook/embedded";
import { CodeCell, Notebook, TSLAB_METADATA } from "../tools/notebook/nbformat";
import { codeCells, viewOf } from "./support/outputs";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { executeEmbedded } = require("../dist/tools/notebook/embedded") as { executeEmbedded: typeof ExecuteEmbedded };

const cli = path.join(__dirname, "..", "dist", "tools", "cli.js");
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-embedded-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function notebookOf(...sources: string[]): Notebook {
  const cells: CodeCell[] = sources.map((source, i) => ({ cell_type: "code", id: `cell-${i}`, metadata: {}, execution_count: null, outputs: [], source }));
  return { nbformat: 4, nbformat_minor: 5, metadata: { ...TSLAB_METADATA }, cells };
}

function write(name: string, notebook: Notebook): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(notebook, null, 1));
  return file;
}

const read = (file: string): Notebook => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;

function gradlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: "utf8", timeout: 90_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const QUIRKS = notebookOf('throw new RangeError("out of range")', "1 + 1", "const n: number = 'text';", "while (true) {}", '"after the hang"');

describe("the embedded engine", () => {
  test("with allowErrors: an exception and a compile error are error outputs, a hung cell times out, and the run goes on", async () => {
    const run = await executeEmbedded(QUIRKS, dir, { timeoutMs: 2000, allowErrors: true });
    const views = codeCells(run.notebook).map(viewOf);
    expect(views[0].errors).toEqual(["RangeError: out of range"]);
    expect(views[1].text).toBe("2");
    expect(views[2].errors[0]).toMatch(/^CompileError: 1:7 - Type 'string' is not assignable to type 'number'/);
    expect(views[3].errors).toEqual(["TimeoutError: the cell ran longer than 2 s and was stopped"]);
    // SIGINT stopped the busy loop inside the kernel: the process, and its state, lived on.
    expect(views[4]).toEqual({ text: "after the hang", errors: [], displays: [] });
    expect(run.failedCell).toBe(0);
    expect(codeCells(run.notebook).map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5]);
    // The result of "1 + 1" is an execute_result carrying its execution count.
    expect(codeCells(run.notebook)[1].outputs).toEqual([expect.objectContaining({ output_type: "execute_result", execution_count: 2 })]);
  }, 60_000);
});

describe("gradlab nb run and nb clear", () => {
  test("nb run writes NAME.nbconvert.ipynb beside the notebook by default and leaves the notebook alone", () => {
    const file = write("plain.ipynb", notebookOf('console.log("hi")', "6 * 7"));
    const before = fs.readFileSync(file, "utf8");
    const r = gradlab("nb", "run", file);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/plain\.ipynb: ok in [\d.]+ s -> .*plain\.nbconvert\.ipynb/);
    expect(r.stderr).toContain("1 passed, 0 failed");
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    const views = codeCells(read(path.join(dir, "plain.nbconvert.ipynb"))).map(viewOf);
    expect(views.map((v) => v.text)).toEqual(["hi", "42"]);
  }, 60_000);

  test("a single --output x.ipynb is the file written, and nothing else is", () => {
    const file = write("single.ipynb", notebookOf("6 * 7"));
    const out = path.join(dir, "chosen-name.ipynb");
    const r = gradlab("nb", "run", "--output", out, file);
    expect(r.status).toBe(0);
    expect(viewOf(codeCells(read(out))[0]).text).toBe("42");
    expect(fs.existsSync(path.join(dir, "single.nbconvert.ipynb"))).toBe(false);
  }, 60_000);

  test("--inplace overwrites the notebook; without --allow-errors the run stops at the failing cell, exit 1", () => {
    const file = write("inplace.ipynb", notebookOf("6 * 7", 'throw new Error("boom")', '"skipped"'));
    const r = gradlab("nb", "run", "--inplace", file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/inplace\.ipynb: FAILED at cell 2 \(Error: boom\) after [\d.]+ s -> .*inplace\.ipynb/);
    expect(r.stderr).toContain("0 passed, 1 failed");
    const cells = codeCells(read(file));
    expect(viewOf(cells[0]).text).toBe("42");
    expect(viewOf(cells[1]).errors).toEqual(["Error: boom"]);
    expect(cells[2].execution_count).toBeNull();
    expect(fs.existsSync(path.join(dir, "inplace.nbconvert.ipynb"))).toBe(false);
  }, 60_000);

  test("nb clear --check reports and changes nothing; nb clear strips outputs and counts only", () => {
    const executed = read(path.join(dir, "plain.nbconvert.ipynb")); // from the first nb run test
    executed.cells[0].metadata = { tags: ["keep"], execution: { "iopub.status.idle": "2024-01-01" } };
    const file = write("dirty.ipynb", executed);
    const clean = write("clean.ipynb", notebookOf("6 * 7"));
    const before = fs.readFileSync(file, "utf8");

    const check = gradlab("nb", "clear", "--check", file, clean);
    expect(check.status).toBe(1);
    expect(check.stderr.trim().split("\n")).toEqual([`${file}: has outputs (run: gradlab nb clear ${file})`]);
    expect(fs.readFileSync(file, "utf8")).toBe(before);

    const clear = gradlab("nb", "clear", file, clean);
    expect(clear.status).toBe(0);
    expect(clear.stdout.trim()).toBe(`${file}: cleared`);
    const cleared = read(file);
    expect(codeCells(cleared).map((c) => [c.outputs, c.execution_count])).toEqual([[[], null], [[], null]]);
    expect(cleared.cells.map((c) => c.id)).toEqual(["cell-0", "cell-1"]);
    expect(codeCells(cleared).map((c) => c.source)).toEqual(['console.log("hi")', "6 * 7"]);
    expect(cleared.cells[0].metadata).toEqual({ tags: ["keep"] }); // execution timing goes, other metadata stays
    expect(gradlab("nb", "clear", "--check", file, clean).status).toBe(0);
  }, 60_000);

  test("nb run --jobs 3 runs three notebooks at once, each in its own kernel", () => {
    // Each notebook leaves a mark, then waits (up to 30 s) until all three marks exist: the wait
    // ends only if the three kernels are alive at the same time; one at a time it would time out.
    const meet = fs.mkdtempSync(path.join(dir, "meet-"));
    const files = ["p", "q", "r"].map((name) =>
      write(`meet-${name}.ipynb`, notebookOf(
        `const fs = require("fs");\nfs.writeFileSync(${JSON.stringify(path.join(meet, name))}, "");`,
        `const deadline = Date.now() + 30_000;\nwhile (fs.readdirSync(${JSON.stringify(meet)}).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));\nfs.readdirSync(${JSON.stringify(meet)}).length`,
      )),
    );
    const r = gradlab("nb", "run", "--jobs", "3", "--timeout", "90", "--output", path.join(dir, "met"), ...files);
    expect(r.stderr).toContain("3 passed, 0 failed");
    for (const f of files) expect(codeCells(read(path.join(dir, "met", path.basename(f)))).map(viewOf)[1].text).toBe("3");
  }, 120_000);

  test("nb run gives the same executed notebooks with --jobs 1 and --jobs 3", () => {
    const files = ["x", "y", "z"].map((name, i) =>
      write(`same-${name}.ipynb`, notebookOf(`const name = ${JSON.stringify(name)};\nconsole.log(name.repeat(${i + 2}))`, `[1, 2, 3].map((v) => v * ${i + 1})`, 'throw new Error("stop")')),
    );
    const one = gradlab("nb", "run", "--jobs", "1", "--allow-errors", "--output", path.join(dir, "one"), ...files);
    const three = gradlab("nb", "run", "--jobs", "3", "--allow-errors", "--output", path.join(dir, "three"), ...files);
    // The failing last cell fails each notebook: the exit code and the count say so either way.
    for (const run of [one, three]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("0 passed, 3 failed");
    }
    for (const f of files) {
      const name = path.basename(f);
      expect(fs.readFileSync(path.join(dir, "three", name), "utf8")).toBe(fs.readFileSync(path.join(dir, "one", name), "utf8"));
    }
    expect(codeCells(read(path.join(dir, "three", "same-y.ipynb"))).map(viewOf).map((v) => v.text)).toEqual(["yyy", "[ 2, 4, 6 ]", ""]);
  }, 120_000);

  test("nb run rejects --jobs 0 with a clear error", () => {
    const r = gradlab("nb", "run", "--jobs", "0", write("never.ipynb", notebookOf("1")));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--jobs/);
  });
});
