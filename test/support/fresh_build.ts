/**
 * jest's global setup: tests that run the built package (dist/: the notebook engines, the CLI,
 * the course notebooks, which import "gradlab" from dist/lib) must not run stale code after an
 * edit. Before such tests run, this compares every source of the build (lib/, tools/, grader/)
 * with its compiled file and, if any is newer or missing, builds as `npm run build` does.
 *
 * Runs that select only tests of the sources (`npx jest lib/nn`) skip the build, so an edit
 * does not cost a rebuild until something that uses dist/ is run. `npm test` builds before jest
 * (pretest), so there this finds nothing to do. GRADLAB_NO_BUILD=1 turns the build into an error.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
/** The folders tsconfig.build.json compiles. */
const SOURCE_DIRS = ["lib", "tools", "grader"];
/** How a test refers to the build: require("../dist/…"), path.join(root, "dist", …), "dist/lib/…". */
const USES_DIST = /\.\.\/dist\/|"dist"|\bdist\/(lib|tools)\//;

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "dist" && !entry.name.startsWith(".")) walk(p, keep, out);
    } else if (keep(p)) out.push(p);
  }
  return out;
}

const isBuildSource = (f: string): boolean => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts");

/**
 * The sources under `base`'s lib/, tools/ and grader/ whose compiled dist/….js is missing or
 * older than the source, as paths relative to `base`.
 */
export function staleOutputs(base: string = root): string[] {
  const stale: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const source of walk(path.join(base, dir), isBuildSource)) {
      const rel = path.relative(base, source);
      const output = path.join(base, "dist", rel.replace(/\.ts$/, ".js"));
      if (!fs.existsSync(output) || fs.statSync(output).mtimeMs < fs.statSync(source).mtimeMs) stale.push(rel);
    }
  }
  return stale;
}

/** The test files that run built code (by how they refer to dist/). */
export function distConsumers(base: string = root): string[] {
  return walk(base, (f) => f.endsWith(".test.ts")).filter((f) => USES_DIST.test(fs.readFileSync(f, "utf8")));
}

/** Whether the package name "gradlab" resolves to this checkout (npm install removes the link). */
function linked(): boolean {
  try {
    return fs.realpathSync(path.join(root, "node_modules", "gradlab")) === fs.realpathSync(root);
  } catch {
    return false;
  }
}

export default async function freshBuild(globalConfig: { testPathPattern?: string }): Promise<void> {
  const pattern = globalConfig.testPathPattern ? new RegExp(globalConfig.testPathPattern, "i") : null;
  if (pattern && !distConsumers().some((f) => pattern.test(f))) return;
  const stale = staleOutputs();
  if (stale.length === 0 && linked()) return;
  const why = stale.length > 0 ? `dist/ is older than ${stale.length} source file(s), e.g. ${stale[0]}` : "node_modules/gradlab is not linked";
  if (process.env.GRADLAB_NO_BUILD) throw new Error(`${why}; run \`npm run build\` (GRADLAB_NO_BUILD is set, so jest does not build)`);
  process.stderr.write(`\njest setup: ${why}; building first (npm run build) ...\n`);
  const node = process.execPath;
  try {
    execFileSync(node, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(root, "tsconfig.build.json")], { cwd: root, encoding: "utf8", stdio: "pipe" });
    execFileSync(node, [path.join(root, "dist", "tools", "link_self.js")], { cwd: root, stdio: "pipe" });
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`jest setup: the build failed, so the tests of dist/ cannot run:\n${out.stdout ?? ""}${out.stderr ?? ""}${out.message}`);
  }
  const still = staleOutputs();
  if (still.length > 0) throw new Error(`jest setup: after the build, dist/ is still older than ${still.join(", ")}`);
}
