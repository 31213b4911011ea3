/**
 * From the instructor's source notebook to the student's release and the instructor's manifest,
 * as nbgrader's `generate_assignment` does: solutions become stubs, hidden tests go, outputs are
 * cleared, and every nbgrader cell of the release is checksummed. Pure: the same source, spec and
 * tests give the same bytes, so `gradlab assign --check` can tell a stale release.
 */
import { clearOutputs, notebookText } from "../../tools/notebook/clear";
import { Cell, Notebook, sourceText } from "../../tools/notebook/nbformat";
import type { PartTests } from "../tests/test_case";
import type { AssignmentSpec } from "./spec";
import { Manifest, ManifestCell, sha256 } from "./manifest";
import { checksumInput, metadataProblems, nbgraderMeta, roleOf } from "./nbgrader";
import { RegionError, hasSolution, removeHiddenTests, stubSolutions } from "./regions";

export class AssignmentError extends Error {
  constructor(readonly problems: string[], where: string) {
    super(`${where}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "AssignmentError";
  }
}

export interface ReleaseOutput {
  release: Notebook;
  releaseText: string;
  manifest: Manifest;
  manifestText: string;
}

function setSource(cell: Cell, source: string): void {
  // Jupyter's own layout: a list of lines, each but the last ending in "\n".
  cell.source = source.split(/(?<=\n)/);
}

export function makeRelease(source: Notebook, sourceFileText: string, spec: AssignmentSpec, publicTests: PartTests, hiddenTests: PartTests): ReleaseOutput {
  const where = `assignment ${spec.name}`;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  source.cells.forEach((cell, i) => {
    problems.push(...metadataProblems(cell, i));
    const m = nbgraderMeta(cell);
    if (m && typeof m.grade_id === "string") {
      if (seen.has(m.grade_id)) problems.push(`cell ${i}: grade_id "${m.grade_id}" is also used by cell ${seen.get(m.grade_id)}`);
      else seen.set(m.grade_id, i);
    }
  });
  const kernel = (source.metadata.kernelspec as { name?: string } | undefined)?.name;
  if (kernel !== "tslab") problems.push(`the notebook's kernelspec must be tslab (got ${JSON.stringify(kernel ?? null)})`);
  const testCells = source.cells.filter((c) => roleOf(c) === "test").map((c) => nbgraderMeta(c)!.grade_id);
  const answerCells = new Set(source.cells.filter((c) => roleOf(c) === "answer").map((c) => nbgraderMeta(c)!.grade_id));
  for (const id of testCells) if (!spec.parts.some((p) => p.id === id)) problems.push(`test cell "${id}" has no part in assignment.ts`);
  for (const part of spec.parts) {
    if (!testCells.includes(part.id)) problems.push(`part "${part.id}" has no test cell (a locked cell with grade: true and grade_id "${part.id}")`);
    for (const c of part.cells) if (!answerCells.has(c)) problems.push(`part "${part.id}" needs answer cell "${c}", which the notebook does not have`);
    const tests = [...(publicTests[part.id] ?? []), ...(hiddenTests[part.id] ?? [])];
    if (tests.length === 0) problems.push(`part "${part.id}" has no tests in tests/public.ts or tests/hidden.ts`);
    const names = tests.map((t) => t.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) problems.push(`part "${part.id}" has two tests named "${dup}"`);
    for (const t of publicTests[part.id] ?? []) if (t.visibility !== "public") problems.push(`test "${t.name}" of "${part.id}" is in public.ts but is ${t.visibility}`);
    for (const t of hiddenTests[part.id] ?? []) if (t.visibility !== "hidden") problems.push(`test "${t.name}" of "${part.id}" is in hidden.ts but is ${t.visibility}`);
  }
  for (const key of [...Object.keys(publicTests), ...Object.keys(hiddenTests)]) {
    if (!spec.parts.some((p) => p.id === key)) problems.push(`tests are defined for "${key}", which is not a part`);
  }

  const release = clearOutputs(source);
  release.cells.forEach((cell, i) => {
    const role = roleOf(cell);
    const id = nbgraderMeta(cell)?.grade_id ?? `cell ${i}`;
    try {
      if (role === "answer") {
        if (!hasSolution(sourceText(cell.source))) problems.push(`answer cell "${id}" has no // BEGIN SOLUTION region`);
        else setSource(cell, stubSolutions(sourceText(cell.source), id).source);
      } else if (role === "test") {
        setSource(cell, removeHiddenTests(sourceText(cell.source), id));
      } else if (hasSolution(sourceText(cell.source))) {
        problems.push(`cell "${id}" has a SOLUTION region but is not an answer cell (nbgrader solution: true)`);
      }
    } catch (e) {
      if (e instanceof RegionError) problems.push(e.message);
      else throw e;
    }
  });
  if (problems.length > 0) throw new AssignmentError(problems, where);

  const releaseText = notebookText(release);
  const cells: ManifestCell[] = [];
  const setup: Manifest["setup"] = [];
  for (const cell of release.cells) {
    const m = nbgraderMeta(cell);
    if (!m) continue;
    const role = roleOf(cell);
    cells.push({
      grade_id: m.grade_id,
      id: cell.id ?? null,
      cell_type: cell.cell_type,
      role,
      locked: m.locked === true,
      points: m.grade ? (m.points as number) : 0,
      checksum: sha256(checksumInput(cell)),
    });
    if (role === "setup") setup.push({ grade_id: m.grade_id, source: sourceText(cell.source) });
  }
  const parts = spec.parts.map((p) => ({
    id: p.id,
    title: p.title,
    points: cells.find((c) => c.grade_id === p.id)!.points,
    cells: [...p.cells],
    tests: [...(publicTests[p.id] ?? []), ...(hiddenTests[p.id] ?? [])].map((t) => ({ name: t.name, visibility: t.visibility, weight: t.weight })),
  }));
  const manifest: Manifest = {
    schema: 1,
    assignment: spec.name,
    title: spec.title,
    sourceSha256: sha256(sourceFileText),
    releaseSha256: sha256(releaseText),
    cells,
    setup,
    parts,
    totalPoints: parts.reduce((s, p) => s + p.points, 0),
    banned: [...spec.banned].sort(),
  };
  return { release, releaseText, manifest, manifestText: JSON.stringify(manifest, null, 2) + "\n" };
}
