/**
 * The executed course, kept between runs: a notebook is executed again only when its source or
 * the library changed. "Changed" is decided by content hashes (SHA-256), not by file times,
 * which a checkout or a copy rewrites:
 *
 * - a notebook's hash is that of its file's bytes;
 * - the library's hash covers every file of the built library (dist/lib) and of the notebook
 *   engine that executes the cells (dist/tools/notebook), with their relative paths, and
 *   package-lock.json (a new plotly.js or tslab changes outputs too): `courseLibraryHash`.
 *
 * The manifest `course-cache.json` beside the executed notebooks records, per notebook, the two
 * hashes of its last run and whether it ran clean; a notebook that failed is always run again.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../util/atomic_write";

export const MANIFEST = "course-cache.json";
const FORMAT = 1;

export interface CacheEntry {
  source: string;
  library: string;
  ok: boolean;
}

export interface Manifest {
  format: number;
  notebooks: Record<string, CacheEntry>;
}

/** SHA-256 of a file's bytes, hex. */
export function fileHash(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Every file under `dir`, as paths relative to it with "/" separators, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk("");
  return out.sort();
}

/**
 * One hash for the built library: the relative path and bytes of every file under each of
 * `dirs`, and the bytes of each of `files`, in order. A missing folder is an error (an unbuilt
 * library would otherwise hash the same as any other unbuilt library).
 */
export function libraryHash(dirs: string[], files: string[] = []): string {
  const hash = createHash("sha256");
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) throw new Error(`the built library is missing: ${dir} does not exist (run: npm run build)`);
    for (const rel of filesUnder(dir)) {
      hash.update(`${path.basename(dir)}/${rel}\0`);
      hash.update(fs.readFileSync(path.join(dir, rel)));
      hash.update("\0");
    }
  }
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    hash.update(`${path.basename(file)}\0`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

/** Where `gradlab start --rendered` keeps the executed course (the test of the course shares it). */
export function courseBuildDir(root: string): string {
  return path.join(root, ".course-build");
}

/** The hash an executed course notebook is valid for: the built library, the engine and the lockfile. */
export function courseLibraryHash(root: string): string {
  return libraryHash([path.join(root, "dist", "lib"), path.join(root, "dist", "tools", "notebook")], [path.join(root, "package-lock.json")]);
}

/** The manifest in `dir`, or an empty one when it is missing, unreadable or of another format. */
export function readManifest(dir: string): Manifest {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8")) as Manifest;
    if (m && m.format === FORMAT && m.notebooks && typeof m.notebooks === "object") return m;
  } catch {
    // no cache yet, or a damaged one: start afresh
  }
  return { format: FORMAT, notebooks: {} };
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(path.join(dir, MANIFEST), `${JSON.stringify({ ...manifest, format: FORMAT }, null, 1)}\n`);
}

/** Whether the executed copy of a notebook can be reused: same hashes, ran clean, and still on disk. */
export function isFresh(entry: CacheEntry | undefined, source: string, library: string, executed: string): boolean {
  return entry !== undefined && entry.ok && entry.source === source && entry.library === library && fs.existsSync(executed);
}
