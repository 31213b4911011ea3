/**
 * The marked regions of an instructor's cell: solutions between `// BEGIN SOLUTION` and
 * `// END SOLUTION`, hidden tests between `// BEGIN HIDDEN TESTS` and `// END HIDDEN TESTS`
 * (nbgrader's markers, with TypeScript comments).
 *
 * In the release a solution becomes a stub that throws `Error("not implemented: <name>")`, named
 * after the function or method around it (`Linear.fprop`), so that the student's notebook says
 * exactly what is left to write; hidden tests disappear.
 */
import type * as TS from "@tslab/typescript-for-tslab";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ts = require("@tslab/typescript-for-tslab") as typeof TS;

const BEGIN_SOLUTION = /^(\s*)\/\/\s*BEGIN SOLUTION\b\s*(.*)$/;
const END_SOLUTION = /^\s*\/\/\s*END SOLUTION\b/;
const BEGIN_HIDDEN = /^\s*\/\/\s*BEGIN HIDDEN TESTS\b/;
const END_HIDDEN = /^\s*\/\/\s*END HIDDEN TESTS\b/;

export class RegionError extends Error {}

interface Region {
  begin: number;
  end: number;
}

function regions(lines: string[], begin: RegExp, end: RegExp, what: string, where: string): Region[] {
  const out: Region[] = [];
  let open: number | null = null;
  lines.forEach((line, i) => {
    if (begin.test(line)) {
      if (open !== null) throw new RegionError(`${where}, line ${i + 1}: BEGIN ${what} inside the one opened at line ${open + 1}`);
      open = i;
    } else if (end.test(line)) {
      if (open === null) throw new RegionError(`${where}, line ${i + 1}: END ${what} without a BEGIN ${what}`);
      out.push({ begin: open, end: i });
      open = null;
    }
  });
  if (open !== null) throw new RegionError(`${where}, line ${(open as number) + 1}: BEGIN ${what} is never closed with END ${what}`);
  return out;
}

export function hasSolution(source: string): boolean {
  return source.split("\n").some((l) => BEGIN_SOLUTION.test(l));
}

/** The name of the function or method that contains `offset`, e.g. "Linear.fprop", or null at top level. */
function enclosingName(file: TS.SourceFile, offset: number): string | null {
  let best: string | null = null;
  const visit = (node: TS.Node, className: string | null): void => {
    if (offset < node.getFullStart() || offset > node.getEnd()) return;
    let cls = className;
    if (ts.isClassLike(node)) cls = node.name?.text ?? "(class)";
    const named = (n: string): string => (cls && !ts.isFunctionDeclaration(node) ? `${cls}.${n}` : n);
    if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isFunctionDeclaration(node)) {
      const n = node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : null;
      if (n) best = named(n);
    } else if (ts.isConstructorDeclaration(node)) best = `${cls ?? "(class)"}.constructor`;
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      best = node.name.text;
    }
    ts.forEachChild(node, (child) => visit(child, cls));
  };
  visit(file, null);
  return best;
}

/** The release version of an answer cell: every solution region replaced by a named stub. */
export function stubSolutions(source: string, cellName: string): { source: string; stubs: string[] } {
  const lines = source.split("\n");
  const found = regions(lines, BEGIN_SOLUTION, END_SOLUTION, "SOLUTION", `answer cell ${cellName}`);
  if (found.length === 0) throw new RegionError(`answer cell ${cellName} has no // BEGIN SOLUTION region`);
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2020, true, ts.ScriptKind.TS);
  const offsets: number[] = [];
  let acc = 0;
  for (const l of lines) {
    offsets.push(acc);
    acc += l.length + 1;
  }
  const out: string[] = [];
  const stubs: string[] = [];
  let cursor = 0;
  for (const r of found) {
    out.push(...lines.slice(cursor, r.begin));
    const m = BEGIN_SOLUTION.exec(lines[r.begin])!;
    const indent = m[1];
    const explicit = m[2].trim();
    const name = explicit || enclosingName(file, offsets[r.begin]) || cellName;
    stubs.push(name);
    out.push(`${indent}// YOUR CODE HERE`, `${indent}throw new Error(${JSON.stringify(`not implemented: ${name}`)});`);
    cursor = r.end + 1;
  }
  out.push(...lines.slice(cursor));
  return { source: out.join("\n"), stubs };
}

/** The release version of a test cell: hidden tests removed. */
export function removeHiddenTests(source: string, cellName: string): string {
  const lines = source.split("\n");
  const found = regions(lines, BEGIN_HIDDEN, END_HIDDEN, "HIDDEN TESTS", `test cell ${cellName}`);
  const keep = lines.filter((_, i) => !found.some((r) => i >= r.begin && i <= r.end));
  return keep.join("\n").replace(/\n+$/, "");
}

/** The source with the markers removed and the solutions kept: what the instructor's own run executes. */
export function withoutMarkers(source: string): string {
  return source
    .split("\n")
    .filter((l) => !BEGIN_SOLUTION.test(l) && !END_SOLUTION.test(l))
    .join("\n");
}
