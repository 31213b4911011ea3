/**
 * The grader's converter (tslab's converter.js on plain programs, tslab_converter.ts) against
 * tslab's own, cell by cell, on every fixture submission of every assignment: the same
 * JavaScript, the same declarations carried to the next cell, the same diagnostics at the same
 * places. tslab's stock converter is the reference: it is what the student's kernel runs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assignmentFiles, listAssignments, loadAssignment, readManifest } from "../assignment/load";
import { buildFixture, listFixtures } from "../fixtures/build";
import { readSubmission } from "../submission/read";
import { ConvertResult, TslabConverter, lightCreateConverter, stockCreateConverter } from "./tslab_converter";

jest.setTimeout(300_000);

interface Chain {
  id: string;
  result: ConvertResult;
}

/**
 * Converts cells as compile.ts does: a cell that fails is skipped, the others carry their
 * declarations on. A (declarations, source) pair already converted is not converted again (most
 * fixtures share most of their cells with the reference), so each distinct one is compared once.
 */
function convertAll(converter: TslabConverter, cells: { id: string; source: string }[], seen: Map<string, ConvertResult>): Chain[] {
  let prev = "";
  return cells.map((cell) => {
    const key = `${prev}\u0000${cell.source}`;
    const result = seen.get(key) ?? converter.convert(prev, cell.source);
    seen.set(key, result);
    if (result.diagnostics.length === 0) prev = result.declOutput ?? "";
    return { id: cell.id, result: comparable(result) };
  });
}

function comparable(r: ConvertResult): ConvertResult {
  return {
    output: r.output,
    declOutput: r.declOutput,
    hasToplevelAwait: r.hasToplevelAwait,
    diagnostics: r.diagnostics.map((d) => ({ start: d.start, messageText: String(d.messageText) })),
  };
}

function inDir<T>(dir: string, f: () => T): T {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return f();
  } finally {
    process.chdir(cwd);
  }
}

describe.each(listAssignments())("%s", (assignment) => {
  const a = loadAssignment(assignment);
  const manifest = readManifest(a);
  const files = assignmentFiles(assignment);
  let stock: TslabConverter;
  let light: TslabConverter;
  let tmp: string;
  const stockSeen = new Map<string, ConvertResult>();
  const lightSeen = new Map<string, ConvertResult>();
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-light-builder-"));
    stock = inDir(a.dir, () => stockCreateConverter()());
    light = inDir(a.dir, () => lightCreateConverter()());
  });
  afterAll(() => {
    stock.close();
    light.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const fixtures = listFixtures(assignment);
  test.each(fixtures.map((f) => [f.name, f] as const))("%s: every cell converts as with tslab's own converter", (_name, f) => {
    const file = path.join(tmp, `${f.name}.ipynb`);
    buildFixture(f, files.source, files.release, file, { repo: "/nonexistent", port: "9", canary: tmp });
    const submission = readSubmission(file, manifest);
    if (!submission.notebook) return; // an unreadable submission never reaches the compiler
    const cells = [
      ...manifest.setup.map((s) => ({ id: s.grade_id, source: s.source })),
      ...manifest.cells.filter((c) => c.role === "answer" && submission.answers.has(c.grade_id)).map((c) => ({ id: c.grade_id, source: submission.answers.get(c.grade_id)! })),
    ];
    const expected = convertAll(stock, cells, stockSeen);
    const actual = convertAll(light, cells, lightSeen);
    expect(actual).toEqual(expected);
    // The comparison means something only if the cells compiled to code.
    expect(expected.some((c) => (c.result.output ?? "").length > 0)).toBe(true);
  });
});

/**
 * Top-level shapes the fixtures may not hold, each a case for the names cell_locals.ts reads
 * without a program: a cell that declares nothing (the one that keeps tslab's first build),
 * destructuring, types, enums, namespaces, ambient declarations, top-level await, an import,
 * a redeclaration of an earlier cell's name, names only inside blocks, and cells that fail.
 */
describe("top-level shapes", () => {
  const cells = [
    "1 + 2",
    "const { a, b: [c, ...rest] } = { a: 1, b: [2, 3, 4] };\nlet d = a + c + rest.length",
    "interface Point { x: number }\ntype Pair = [Point, Point];\nenum Color { Red, Green }\nconst p: Pair = [{ x: 1 }, { x: Color.Green }]",
    "namespace Geometry { export const unit = 1 }\ndeclare const injected: number | undefined;\nfunction area(r = Geometry.unit): number { return r * r }",
    "const waited = await Promise.resolve(d + area())",
    'import { Tensor } from "gradlab";\nconst t = Tensor.zeros([2, 2])',
    "const a = 'shadowed by a later cell'",
    "{ const inner = 1; console.log(inner) }\nfor (let i = 0; i < 2; i++) {}",
    "const broken: number = 'not a number'",
    "const ;",
    "console.log(a, d, waited, t.shape)",
  ].map((source, i) => ({ id: `cell${i}`, source }));

  test("every cell converts as with tslab's own converter", () => {
    const dir = loadAssignment("a1-backprop").dir;
    const stock = inDir(dir, () => stockCreateConverter()());
    const light = inDir(dir, () => lightCreateConverter()());
    try {
      const expected = convertAll(stock, cells, new Map());
      const actual = convertAll(light, cells, new Map());
      expect(actual).toEqual(expected);
      // The reference must have compiled the declaration-free cells and rejected the broken ones.
      expect(expected[0].result.output).toContain("1 + 2");
      expect(expected[7].result.output).toContain("inner");
      expect(expected[8].result.diagnostics.length).toBeGreaterThan(0);
      expect(expected[9].result.diagnostics.length).toBeGreaterThan(0);
      expect(expected[10].result.diagnostics).toEqual([]);
    } finally {
      stock.close();
      light.close();
    }
  });
});
