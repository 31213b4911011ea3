/**
 * The instructor-side manifest of an assignment (`assignments/<name>/manifest.json`), written by
 * `gradlab assign` beside the release and never given to students: what the grader trusts about
 * a submission's cells. It lists every nbgrader cell of the release with a checksum (locked cells
 * must come back unchanged), the setup code the grader runs from its own copy, each part's points,
 * answer cells and tests, and the library names the graded cells may not use.
 */
import { createHash } from "crypto";
import type { CellRole } from "./nbgrader";
import type { Visibility } from "../tests/test_case";

export interface ManifestCell {
  grade_id: string;
  /** The cell's id in the release notebook (nbformat 4.5), to find a cell whose metadata a student removed. */
  id: string | null;
  cell_type: "code" | "markdown" | "raw";
  role: CellRole;
  locked: boolean;
  points: number;
  /** sha256 of the release cell's type, source and grading flags. */
  checksum: string;
}

export interface ManifestTest {
  name: string;
  visibility: Visibility;
  weight: number;
}

export interface ManifestPart {
  id: string;
  title: string;
  points: number;
  cells: string[];
  tests: ManifestTest[];
}

export interface Manifest {
  schema: 1;
  assignment: string;
  title: string;
  /** sha256 of the source notebook and of the release it generated. */
  sourceSha256: string;
  releaseSha256: string;
  cells: ManifestCell[];
  /** The instructor's setup code cells, in order: graded runs use these, never the student's copies. */
  setup: { grade_id: string; source: string }[];
  parts: ManifestPart[];
  totalPoints: number;
  banned: string[];
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Checks the fields the grader relies on, so a hand-edited or truncated manifest is a clear error. */
export function parseManifest(text: string, file: string): Manifest {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); regenerate it with gradlab assign`);
  }
  const o = m as Partial<Manifest>;
  const ok =
    typeof m === "object" && m !== null && o.schema === 1 && typeof o.assignment === "string" &&
    Array.isArray(o.cells) && Array.isArray(o.parts) && Array.isArray(o.setup) && Array.isArray(o.banned) && typeof o.totalPoints === "number";
  if (!ok) throw new Error(`${file} is not a gradlab manifest (schema 1); regenerate it with gradlab assign`);
  return m as Manifest;
}
