import { Cell, Notebook, TSLAB_METADATA, sourceText } from "../../tools/notebook/nbformat";
import type { PartTests, TestCase } from "../tests/test_case";
import { AssignmentError, makeRelease } from "./release";
import type { AssignmentSpec } from "./spec";
import { sha256 } from "./manifest";
import { checksumInput } from "./nbgrader";

function cell(type: "code" | "markdown", id: string, source: string, nbgrader?: Record<string, unknown>): Cell {
  const metadata = nbgrader ? { nbgrader: { schema_version: 3, grade_id: id, grade: false, solution: false, locked: true, task: false, ...nbgrader } } : {};
  return type === "code"
    ? { cell_type: "code", id, source, metadata, execution_count: 3, outputs: [{ output_type: "stream", name: "stdout", text: "old output" }] }
    : { cell_type: "markdown", id, source, metadata };
}

const answer = `class Box {
  fprop(x: number): number {
    // BEGIN SOLUTION
    return 2 * x;
    // END SOLUTION
  }
}
function helper(): number {
  // BEGIN SOLUTION
  return 1;
  // END SOLUTION
}`;

function notebook(cells: Cell[]): Notebook {
  return { nbformat: 4, nbformat_minor: 5, metadata: { ...TSLAB_METADATA }, cells };
}

const good = (): Notebook =>
  notebook([
    cell("markdown", "intro", "# Title", {}),
    cell("code", "setup", 'import { Tensor } from "gradlab";', {}),
    cell("code", "answer_box", answer, { solution: true, locked: false }),
    cell("code", "box", 'check("box");\n// BEGIN HIDDEN TESTS\ncheck("box", { hidden: true });\n// END HIDDEN TESTS', { grade: true, points: 3 }),
    cell("code", "free-cell", "1 + 1"),
  ]);

const spec: AssignmentSpec = { name: "demo", title: "Demo", banned: ["Linear"], parts: [{ id: "box", title: "Box", cells: ["answer_box"] }] };
const testCase = (name: string, visibility: "public" | "hidden"): TestCase => ({ name, visibility, weight: 1, prepare: () => ({ calls: [], judge: () => ({ checks: [] }) }) });
const pub: PartTests = { box: [testCase("small", "public")] };
const hid: PartTests = { box: [testCase("large", "hidden")] };

describe("makeRelease", () => {
  const out = makeRelease(good(), "source text", spec, pub, hid);
  const byId = (id: string): Cell => out.release.cells.find((c) => c.id === id)!;

  test("solutions become stubs named after their function or method", () => {
    const src = sourceText(byId("answer_box").source);
    expect(src).toContain('throw new Error("not implemented: Box.fprop");');
    expect(src).toContain('throw new Error("not implemented: helper");');
    expect(src).not.toContain("2 * x");
    expect(src).not.toContain("BEGIN SOLUTION");
    // The scaffold around the solutions stays, indented as it was.
    expect(src).toContain("class Box {\n  fprop(x: number): number {\n    // YOUR CODE HERE\n");
  });

  test("hidden tests are removed, public calls kept", () => {
    expect(sourceText(byId("box").source)).toBe('check("box");');
  });

  test("outputs and execution counts are cleared", () => {
    for (const c of out.release.cells) if (c.cell_type === "code") expect([c.outputs, c.execution_count]).toEqual([[], null]);
  });

  test("the manifest lists cells with checksums of the release, setup code, parts and tests", () => {
    const m = out.manifest;
    expect(m.cells.map((c) => [c.grade_id, c.role])).toEqual([
      ["intro", "locked"],
      ["setup", "setup"],
      ["answer_box", "answer"],
      ["box", "test"],
    ]);
    expect(m.cells[3].checksum).toBe(sha256(checksumInput(byId("box"))));
    expect(m.setup).toEqual([{ grade_id: "setup", source: 'import { Tensor } from "gradlab";' }]);
    expect(m.parts).toEqual([{ id: "box", title: "Box", points: 3, cells: ["answer_box"], tests: [{ name: "small", visibility: "public", weight: 1 }, { name: "large", visibility: "hidden", weight: 1 }] }]);
    expect(m.totalPoints).toBe(3);
    expect(m.sourceSha256).toBe(sha256("source text"));
    expect(m.releaseSha256).toBe(sha256(out.releaseText));
  });

  test("the same inputs give the same bytes", () => {
    const again = makeRelease(good(), "source text", spec, pub, hid);
    expect(again.releaseText).toBe(out.releaseText);
    expect(again.manifestText).toBe(out.manifestText);
  });

  test("a checksum changes when a locked cell's source or points change", () => {
    const edited = good();
    (edited.cells[3].metadata as { nbgrader: { points: number } }).nbgrader.points = 4;
    const other = makeRelease(edited, "source text", spec, pub, hid);
    expect(other.manifest.cells[3].checksum).not.toBe(out.manifest.cells[3].checksum);
  });
});

describe("makeRelease refuses a broken source notebook, naming every problem", () => {
  const problemsOf = (nb: Notebook, s = spec, p = pub, h = hid): string[] => {
    try {
      makeRelease(nb, "", s, p, h);
    } catch (e) {
      expect(e).toBeInstanceOf(AssignmentError);
      return (e as AssignmentError).problems;
    }
    throw new Error("expected an AssignmentError");
  };

  test("an unclosed solution region", () => {
    const nb = good();
    nb.cells[2].source = "function f() {\n  // BEGIN SOLUTION\n  return 1;\n}";
    expect(problemsOf(nb)).toEqual(["answer cell answer_box, line 2: BEGIN SOLUTION is never closed with END SOLUTION"]);
  });

  test("a test cell without points, a duplicated grade_id and a wrong schema version", () => {
    const nb = good();
    delete (nb.cells[3].metadata as { nbgrader: { points?: number } }).nbgrader.points;
    (nb.cells[0].metadata as { nbgrader: { grade_id: string } }).nbgrader.grade_id = "setup";
    (nb.cells[1].metadata as { nbgrader: { schema_version: number } }).nbgrader.schema_version = 2;
    const problems = problemsOf(nb);
    expect(problems).toContain("cell 3 (box): a graded cell needs points >= 0");
    expect(problems).toContain('cell 1: grade_id "setup" is also used by cell 0');
    expect(problems).toContain("cell 1 (setup): nbgrader schema_version must be 3, got 2");
  });

  test("parts and tests that do not match the notebook", () => {
    const s: AssignmentSpec = { ...spec, parts: [...spec.parts, { id: "missing", title: "M", cells: ["answer_nope"] }] };
    const problems = problemsOf(good(), s, { ...pub, stray: [testCase("x", "public")] }, { box: [testCase("small", "hidden")] });
    expect(problems).toEqual(
      expect.arrayContaining([
        'part "missing" has no test cell (a locked cell with grade: true and grade_id "missing")',
        'part "missing" needs answer cell "answer_nope", which the notebook does not have',
        'part "missing" has no tests in tests/public.ts or tests/hidden.ts',
        'part "box" has two tests named "small"',
        'tests are defined for "stray", which is not a part',
      ]),
    );
  });

  test("a kernel other than tslab", () => {
    const nb = good();
    nb.metadata = { kernelspec: { name: "python3" } };
    expect(problemsOf(nb)).toEqual(['the notebook\'s kernelspec must be tslab (got "python3")']);
  });
});
