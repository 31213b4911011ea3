/**
 * Finding an assignment by name: `assignments/<name>/` with `assignment.ts` (the spec),
 * `tests/public.ts`, `tests/hidden.ts`, `source/<name>.ipynb`, and the generated `manifest.json`
 * and `release/<name>.ipynb`. Every failure is one line naming the problem and the fix.
 */
import * as fs from "fs";
import * as path from "path";
import { findRepoRoot } from "gradlab";
import type { PartTests } from "../tests/test_case";
import { Manifest, parseManifest } from "./manifest";
import type { AssignmentSpec } from "./spec";

export interface AssignmentFiles {
  name: string;
  dir: string;
  source: string;
  release: string;
  manifest: string;
}

export interface LoadedAssignment extends AssignmentFiles {
  spec: AssignmentSpec;
  publicTests: PartTests;
  hiddenTests: PartTests;
}

export class UnknownAssignment extends Error {}

export function assignmentsRoot(root = findRepoRoot()): string {
  return path.join(root, "assignments");
}

/** Names of the assignments (folders with an assignment.ts), sorted. */
export function listAssignments(root = findRepoRoot()): string[] {
  const dir = assignmentsRoot(root);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "assignment.ts")))
    .map((e) => e.name)
    .sort();
}

export function assignmentFiles(name: string, root = findRepoRoot()): AssignmentFiles {
  const known = listAssignments(root);
  if (!known.includes(name)) {
    throw new UnknownAssignment(`unknown assignment "${name}"; the assignments are ${known.map((k) => `"${k}"`).join(", ") || "(none)"}`);
  }
  const dir = path.join(assignmentsRoot(root), name);
  return {
    name,
    dir,
    source: path.join(dir, "source", `${name}.ipynb`),
    release: path.join(dir, "release", `${name}.ipynb`),
    manifest: path.join(dir, "manifest.json"),
  };
}

/**
 * Loads the spec and tests. From the compiled grader they come from dist/assignments; from the
 * TypeScript sources (jest), from the sources, so a test never runs a stale build of a spec.
 */
function loadModule<T>(root: string, name: string, file: string, key: string): T {
  const fromSources = __filename.endsWith(".ts");
  const modulePath = fromSources ? path.join(root, "assignments", name, file) : path.join(root, "dist", "assignments", name, file);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    mod = require(modulePath) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`assignment ${name}: cannot load ${file}.ts (${(e as Error).message.split("\n")[0]}); run npm run build`);
  }
  if (!(key in mod)) throw new Error(`assignment ${name}: ${file}.ts must export ${key}`);
  return mod[key] as T;
}

export function loadAssignment(name: string, root = findRepoRoot()): LoadedAssignment {
  const files = assignmentFiles(name, root);
  const spec = loadModule<AssignmentSpec>(root, name, "assignment", "spec");
  if (spec.name !== name) throw new Error(`assignment ${name}: assignment.ts names it "${spec.name}"; the folder and the spec must agree`);
  return {
    ...files,
    spec,
    publicTests: loadModule<PartTests>(root, name, path.join("tests", "public"), "publicTests"),
    hiddenTests: loadModule<PartTests>(root, name, path.join("tests", "hidden"), "hiddenTests"),
  };
}

export function readManifest(files: AssignmentFiles): Manifest {
  if (!fs.existsSync(files.manifest)) {
    throw new Error(`assignment ${files.name} has no manifest.json; generate it with: gradlab assign ${files.name}`);
  }
  let text: string;
  try {
    text = fs.readFileSync(files.manifest, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${files.manifest} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseManifest(text, files.manifest);
}
