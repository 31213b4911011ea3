/**
 * What a runner starts from: the library view it gets, and the V8 startup snapshot (Node's
 * `--build-snapshot`) that already holds the harness and that view, when one could be built.
 *
 * Why: a runner lives well under a second, and before the snapshot it spent about a tenth of that
 * loading the harness's files and evaluating the 370 KB library view sent in its init message. A
 * runner started from the snapshot begins with both in its heap: a cold a1 runner went from 250
 * to 229 ms of CPU (12 processes each way, twice).
 *
 * Trust: the snapshot is built here, in the grader, from the grader's own files, before any
 * student code exists; each runner deserializes its own copy, so nothing is shared between
 * runners. Node reads the blob before any JavaScript runs, so the permission model need not let
 * the runner read it, and it holds nothing the init message would not have sent. It lives in the
 * temporary folder beside the harness copy (a runner running as `nobody` must be able to open it),
 * is used only if this user owns it and nobody else can write it, and is replaced atomically.
 *
 * A snapshot must be built with the runner's V8 flags and environment exactly (V8 refuses a blob
 * built with other flags; the library reads GRADLAB_THREADS as it loads), so both come from
 * containment.ts. If it cannot be built, runners start plainly and get the view as code; the
 * grader says so once. GRADLAB_RUNNER_SNAPSHOT=off asks for plain starts.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BUILT_RUNNER, Containment, runnerEnvironment } from "./containment";
import type { LibraryView } from "./library_view";

export interface RunnerImage {
  library: LibraryView;
  /** The snapshot blob holding the harness and this library view, or null for a plain start. */
  snapshot: string | null;
}

const PREFIX = "gradlab-snapshot-";
const images = new Map<string, RunnerImage>();
let warned = false;

/** The runner image for a library view under a containment: built once per machine, then reused. */
export function runnerImage(library: LibraryView, containment: Containment): RunnerImage {
  const memoKey = `${library.id}\u0000${containment.v8Flags.join(" ")}`;
  const known = images.get(memoKey);
  // A blob another grader removed as stale (see removeStale) is built again.
  if (known && (known.snapshot === null || fs.existsSync(known.snapshot))) return known;
  let snapshot: string | null = null;
  try {
    // The escape hatch, should a Node release break snapshots: plain starts are slower, never different.
    if (process.env.GRADLAB_RUNNER_SNAPSHOT !== "off") snapshot = buildRunnerSnapshot(library, containment);
  } catch (e) {
    if (!warned) process.stderr.write(`gradlab: runners start without a startup snapshot (slower, same results): ${(e as Error).message}\n`);
    warned = true;
  }
  const image = { library, snapshot };
  images.set(memoKey, image);
  return image;
}

function bundleHarness(): string {
  // esbuild is loaded only here, as in library_view.ts: grading needs it, the library does not.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(BUILT_RUNNER, "snapshot_entry.js")],
    bundle: true,
    // A snapshot's entry script has `require` but no `module` or `exports`: a closure, not a CommonJS module.
    format: "iife",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** Ours alone: a file this user owns that no one else may write (the temporary folder is shared); null if not. */
function ours(file: string): fs.Stats | null {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0 ? st : null;
  } catch {
    return null;
  }
}

/** The blob for this view and these flags: reused when it is ours and unchanged, else built (in a child Node). */
export function buildRunnerSnapshot(library: LibraryView, containment: Containment): string {
  const entry = bundleHarness();
  // Everything the blob depends on: Node, the V8 flags, the environment the library reads as it loads, the code.
  const inputs = [process.version, process.execPath, containment.v8Flags.join(" "), JSON.stringify(runnerEnvironment("")), entry, library.code];
  const build = createHash("sha256").update(inputs.join("\u0000")).digest("hex").slice(0, 16);
  const blob = path.join(os.tmpdir(), `${PREFIX}${library.id}-${build}.blob`);
  if (ours(blob)) return blob;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}build-`));
  try {
    fs.writeFileSync(path.join(work, "entry.js"), entry);
    fs.writeFileSync(path.join(work, "library.js"), library.code);
    const out = path.join(work, "runner.blob");
    const env = { ...runnerEnvironment(work), GRADLAB_SNAPSHOT_LIBRARY: path.join(work, "library.js"), GRADLAB_SNAPSHOT_LIBRARY_ID: library.id };
    const r = spawnSync(process.execPath, ["--no-warnings", ...containment.v8Flags, "--snapshot-blob", out, "--build-snapshot", path.join(work, "entry.js")], {
      cwd: work,
      env,
      encoding: "utf8",
      timeout: 120_000,
    });
    if (r.status !== 0 || !fs.existsSync(out)) {
      const why = (r.error?.message ?? r.stderr.trim().split("\n").slice(-3).join(" | ")) || `exit code ${r.status}`;
      throw new Error(`node --build-snapshot failed: ${why}`);
    }
    fs.chmodSync(out, 0o644);
    fs.renameSync(out, blob); // atomic: another grading worker may be building the same blob
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  removeStale(library.id, blob);
  return blob;
}

/** Left alone for an hour: a grader still running from another checkout may be using it. */
const STALE_AFTER_MS = 3600_000;

/** Our blobs of earlier library sources, and of this view built by an earlier grader, are not used again. */
function removeStale(viewId: string, current: string): void {
  const libraryHash = viewId.split("-")[0];
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(PREFIX) || !name.endsWith(".blob")) continue;
    const file = path.join(os.tmpdir(), name);
    const st = ours(file);
    if (file === current || !st || Date.now() - st.mtimeMs < STALE_AFTER_MS) continue;
    const [lib, banned] = name.slice(PREFIX.length).split("-");
    if (lib !== libraryHash || `${lib}-${banned}` === viewId) fs.rmSync(file, { force: true });
  }
}
