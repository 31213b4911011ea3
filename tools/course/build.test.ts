/**
 * The rendered course's cache: a second build executes nothing, a changed notebook runs alone,
 * a changed library runs everything, a failed notebook runs again; the index shows titles,
 * times and goals; every page links to its neighbours. Small notebooks keep it quick.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { notebookText } from "../notebook/clear";
import { Notebook, TSLAB_METADATA } from "../notebook/nbformat";
import type { CourseBuild, buildRenderedCourse as BuildRenderedCourse } from "./build";
import { MANIFEST, libraryHash, readManifest } from "./cache";

// The embedded engine forks its compiled worker, so the build runs from dist/ (npm test builds first).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildRenderedCourse } = require("../../dist/tools/course/build") as { buildRenderedCourse: typeof BuildRenderedCourse };

let dir: string;
let lib: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-course-"));
  lib = path.join(dir, "lib");
  fs.mkdirSync(lib);
  fs.writeFileSync(path.join(lib, "index.js"), "exports.x = 1;\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeNotebook(name: string, intro: string, code: string): string {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...TSLAB_METADATA },
    cells: [
      { cell_type: "markdown", id: "m", metadata: {}, source: intro },
      { cell_type: "code", id: "c", metadata: {}, execution_count: null, source: code, outputs: [] },
    ],
  };
  const file = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(file, notebookText(nb));
  return file;
}

async function build(files: string[]): Promise<CourseBuild & { lines: string[] }> {
  const lines: string[] = [];
  const result = await buildRenderedCourse({ notebooks: files, outDir: path.join(dir, "out"), library: libraryHash([lib]), timeoutMs: 30_000, log: (l) => lines.push(l) });
  return { ...result, lines };
}

test("executed once, then reused until the notebook or the library changes", async () => {
  const a = writeNotebook("01-a", "# First steps\n\n**Learning goals:**\n- add $1 + 1$\n- print it\n\n*Estimated time: 5 minutes*", 'console.log("a", 1 + 1);');
  const b = writeNotebook("02-b", "# Second steps\n\nNo goals here.", 'console.log("b");');

  const first = await build([a, b]);
  expect([first.executed, first.reused]).toEqual([["01-a", "02-b"], []]);
  const executedA = JSON.parse(fs.readFileSync(path.join(dir, "out", "01-a.ipynb"), "utf8")) as Notebook;
  expect(JSON.stringify(executedA.cells[1])).toContain("a 2");

  const second = await build([a, b]);
  expect([second.executed, second.reused]).toEqual([[], ["01-a", "02-b"]]);
  expect(second.lines).toContain("all 2 notebooks are unchanged since their last run (source and library): nothing to execute");

  fs.writeFileSync(b, fs.readFileSync(b, "utf8").replace('console.log(\\"b\\")', 'console.log(\\"b, changed\\")'));
  const third = await build([a, b]);
  expect([third.executed, third.reused]).toEqual([["02-b"], ["01-a"]]);
  expect(fs.readFileSync(path.join(dir, "out", "02-b.html"), "utf8")).toContain("b, changed");

  fs.writeFileSync(path.join(lib, "index.js"), "exports.x = 2;\n");
  const fourth = await build([a, b]);
  expect(fourth.executed).toEqual(["01-a", "02-b"]);

  // The index: titles as links, the time, the goals with their maths; a page without goals has its title alone.
  const index = fs.readFileSync(path.join(dir, "out", "index.html"), "utf8");
  expect(index).toMatch(/<a href="01-a\.html">First steps<\/a><span class="time">5 minutes<\/span>/);
  expect(index).toMatch(/<li>add <span class="katex"><math/);
  expect(index).toContain("<li>print it</li>");
  expect(index).toMatch(/<a href="02-b\.html">Second steps<\/a><\/div>\n<div class="file">02-b<\/div><\/li>/);
  expect(index).not.toContain("has errors");

  // Previous and next links, none before the first page or after the last.
  const pageA = fs.readFileSync(path.join(dir, "out", "01-a.html"), "utf8");
  const pageB = fs.readFileSync(path.join(dir, "out", "02-b.html"), "utf8");
  expect(pageA).toContain('<a rel="next" href="02-b.html">Second steps →</a>');
  expect(pageA).not.toContain('rel="prev"');
  expect(pageB).toContain('<a rel="prev" href="01-a.html">← First steps</a>');
  expect(pageB).not.toContain('rel="next"');
  expect(pageB).toContain('<a rel="index" href="index.html">all notebooks</a>');
  expect(pageB).toContain("<title>Second steps</title>");
}, 120_000);

test("a notebook that failed runs again, and is flagged in the index", async () => {
  const bad = writeNotebook("01-bad", "# Broken", 'throw new Error("on purpose");');
  const first = await build([bad]);
  expect(first.executed).toEqual(["01-bad"]);
  expect(first.pages[0].ok).toBe(false);
  expect(fs.readFileSync(path.join(dir, "out", "index.html"), "utf8")).toContain("(has errors)");
  expect((await build([bad])).executed).toEqual(["01-bad"]);
}, 120_000);

test("a damaged or foreign manifest reads as an empty cache", () => {
  fs.writeFileSync(path.join(dir, MANIFEST), "{ not json");
  expect(readManifest(dir)).toEqual({ format: 1, notebooks: {} });
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify({ format: 99, notebooks: { a: { source: "s", library: "l", ok: true } } }));
  expect(readManifest(dir).notebooks).toEqual({});
});

test("the library hash follows every file's path and bytes; an unbuilt library is an error", () => {
  const before = libraryHash([lib]);
  expect(libraryHash([lib])).toBe(before);
  fs.mkdirSync(path.join(lib, "sub"));
  fs.writeFileSync(path.join(lib, "sub", "a.js"), "");
  const withFile = libraryHash([lib]);
  expect(withFile).not.toBe(before);
  fs.renameSync(path.join(lib, "sub", "a.js"), path.join(lib, "sub", "b.js"));
  expect(libraryHash([lib])).not.toBe(withFile);
  expect(() => libraryHash([path.join(dir, "missing")])).toThrow("the built library is missing");
});
