/**
 * `gradlab assign [assignment...] [--check]`: writes each assignment's release notebook and its
 * instructor-side manifest from the source notebook, the spec and the tests (all assignments when
 * none is named). Idempotent: unchanged inputs give the same bytes and nothing is rewritten.
 * `--check` writes nothing and fails when a committed release or manifest is stale (CI runs it).
 */
import * as fs from "fs";
import { findRepoRoot } from "../lib/util/repo_root";
import { listAssignments, loadAssignment } from "../grader/assignment/load";
import { makeRelease } from "../grader/assignment/release";
import { readNotebook } from "./notebook/read";
import { writeFileAtomic } from "./util/atomic_write";

export interface AssignReport {
  assignment: string;
  /** Files written (or, with check, found stale). */
  changed: string[];
  totalPoints: number;
}

function read(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}

export function assign(names: readonly string[], options: { check: boolean; root?: string }): AssignReport[] {
  const root = options.root ?? findRepoRoot();
  const targets = names.length > 0 ? names : listAssignments(root);
  return targets.map((name) => {
    const a = loadAssignment(name, root);
    const sourceText = fs.readFileSync(a.source, "utf8");
    const out = makeRelease(readNotebook(a.source), sourceText, a.spec, a.publicTests, a.hiddenTests);
    const changed: string[] = [];
    for (const [file, text] of [
      [a.release, out.releaseText],
      [a.manifest, out.manifestText],
    ] as const) {
      if (read(file) === text) continue;
      changed.push(file);
      if (!options.check) writeFileAtomic(file, text);
    }
    return { assignment: name, changed, totalPoints: out.manifest.totalPoints };
  });
}
