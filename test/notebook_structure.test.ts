/**
 * The course notebooks' shape, checked without running them: code cells within 100 columns, an
 * opening with the estimated time and the learning goals, a closing summary and exercises that
 * each carry a hint or a check, and notebooks/README.md listing every notebook with its time.
 */
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../tools/notebook/read";
import { sourceText } from "../tools/notebook/nbformat";
import { courseNotebooks } from "../tools/start";
import { findRepoRoot } from "../lib/util/repo_root";

const root = findRepoRoot();
const notebooks = courseNotebooks(root);
const name = (file: string) => path.basename(file, ".ipynb");
const cellsOf = (file: string) => readNotebook(file).cells.map((c) => ({ type: c.cell_type, text: sourceText(c.source) }));

test("the course has fifteen notebooks, 00 to 14, numbered without gaps", () => {
  expect(notebooks.map((f) => name(f).slice(0, 2))).toEqual(Array.from({ length: 15 }, (_, k) => String(k).padStart(2, "0")));
});

test.each(notebooks.map((f) => [name(f), f]))("%s: code cells are at most 100 columns wide", (_, file) => {
  const wide = cellsOf(file)
    .filter((c) => c.type === "code")
    .flatMap((c) => c.text.split("\n"))
    .filter((line) => line.length > 100);
  expect(wide).toEqual([]);
});

test.each(notebooks.map((f) => [name(f), f]))("%s: opens with time and goals, ends with a summary and exercises with hints", (_, file) => {
  const cells = cellsOf(file);
  const first = cells[0].text;
  expect(first).toMatch(/^# .+\n\n\*Estimated time: \d+ minutes\.\*\n\n\*\*Learning goals\*\*\n\n- /);
  const markdown = cells.filter((c) => c.type === "markdown").map((c) => c.text).join("\n\n");
  expect(markdown).toMatch(/\n## Summary\n/);
  const exercises = markdown.split("\n## Exercises\n")[1];
  expect(exercises).toBeDefined();
  const items = exercises.split("\n").filter((line) => /^\d+\. /.test(line));
  expect(items.length).toBeGreaterThanOrEqual(3);
  expect(items.filter((line) => !/\*(Hint|Check):\*/.test(line))).toEqual([]);
});

test("notebooks/README.md lists every notebook with the time its first cell states", () => {
  const readme = fs.readFileSync(path.join(root, "notebooks", "README.md"), "utf8");
  for (const file of notebooks) {
    const minutes = /\*Estimated time: (\d+) minutes\.\*/.exec(cellsOf(file)[0].text)![1];
    expect(readme).toContain(`| \`${name(file)}\` |`);
    const row = readme.split("\n").find((line) => line.startsWith(`| \`${name(file)}\` |`))!;
    expect(row.endsWith(`| ${minutes} min |`)).toBe(true);
  }
});
