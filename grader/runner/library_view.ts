/**
 * The runner's view of the library: one CommonJS bundle of every export except the names the
 * assignment forbids (its `Linear` is the answer to a1), built with esbuild from lib/'s sources
 * and tree-shaken, so the forbidden implementations are not in it at all unless another export
 * needs them internally (then they are in it but unnamed, unreachable from outside).
 *
 * The bundle is not a file the runner can read: the parent sends its text in the init message
 * and the harness evaluates it. A deep import (`gradlab/dist/lib/nn/linear`), a dynamic import or
 * a read of the file by path all meet the permission model, which lets the runner read nothing of
 * the library.
 *
 * Built once per (library sources, forbidden names) and cached under .gradlab-cache/.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../../tools/util/atomic_write";

export interface LibraryView {
  /** Names this build of the view: the library sources' hash and the banned names'. */
  id: string;
  code: string;
  /** The exports the view has. */
  exported: string[];
  banned: string[];
}

const memo = new Map<string, LibraryView>();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) out.push(full);
  }
  return out.sort();
}

function libraryHash(libDir: string): string {
  const h = createHash("sha256");
  for (const file of sourceFiles(libDir)) {
    h.update(path.relative(libDir, file));
    h.update(fs.readFileSync(file));
  }
  return h.digest("hex");
}

/** Every name the library exports (read from the built library, which the grader itself uses). */
function allExports(repoRoot: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const lib = require(path.join(repoRoot, "dist", "lib", "index.js")) as Record<string, unknown>;
  return Object.keys(lib).filter((k) => k !== "__esModule");
}

export function buildLibraryView(repoRoot: string, banned: readonly string[]): LibraryView {
  const libDir = path.join(repoRoot, "lib");
  const sortedBanned = [...new Set(banned)].sort();
  const libHash = libraryHash(libDir).slice(0, 16);
  const key = `${libHash}-${createHash("sha256").update(JSON.stringify(sortedBanned)).digest("hex").slice(0, 12)}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const exportsAll = allExports(repoRoot);
  const unknown = sortedBanned.filter((b) => !exportsAll.includes(b));
  if (unknown.length) throw new Error(`the banned names ${unknown.join(", ")} are not exports of the library; check the assignment's spec`);
  const exported = exportsAll.filter((n) => !sortedBanned.includes(n));
  const cacheDir = path.join(repoRoot, ".gradlab-cache");
  const cacheFile = path.join(cacheDir, `library-view-${key}.js`);
  let code: string;
  if (fs.existsSync(cacheFile)) code = fs.readFileSync(cacheFile, "utf8");
  else {
    // esbuild is loaded only here: grading needs it, the library and the notebooks do not.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({
      stdin: { contents: `export { ${exported.join(", ")} } from "./lib/index";`, resolveDir: repoRoot, loader: "ts", sourcefile: "library-view.ts" },
      bundle: true,
      format: "cjs",
      platform: "node",
      target: "node20",
      write: false,
      treeShaking: true,
      // Graded code computes; it draws nothing. Graphviz's WebAssembly and plotly.js are megabytes
      // that every runner would receive and parse for nothing (their import fails there if used).
      external: ["typescript", "@viz-js/viz", "plotly.js-dist-min", "playwright-core"],
      logLevel: "silent",
    });
    code = result.outputFiles[0].text;
    writeFileAtomic(cacheFile, code);
    // Views of earlier builds of the library will not be used again.
    for (const f of fs.readdirSync(cacheDir)) {
      if (f.startsWith("library-view-") && !f.startsWith(`library-view-${libHash}-`)) fs.rmSync(path.join(cacheDir, f), { force: true });
    }
  }
  const view = { id: key, code, exported, banned: sortedBanned };
  memo.set(key, view);
  return view;
}
