/**
 * The layers that contain a runner process, and the command line that puts them in force.
 * GRADER.md, "Containment of the runner, in layers": use every layer the platform offers and
 * record which were in force.
 *
 * 1. Node's permission model: read the harness's own files and the scratch folder, write only the
 *    scratch folder; no child processes, no worker threads, no native addons, no WASI.
 * 2. Namespaces (util-linux `unshare`): a network namespace (no interface but a down loopback, so
 *    no socket reaches anything), and a PID namespace (the runner cannot name, so cannot signal,
 *    the grader or another student's runner). As root directly, otherwise in a user namespace.
 * 3. When the grader runs as root, the runner runs as the unprivileged user `nobody`.
 * 4. Resource limits (`prlimit`): data segment (memory the V8 heap flag does not see, such as
 *    typed arrays), file size, open files, processes, no core dumps; plus V8's heap limit, a
 *    wall-clock limit ending in SIGKILL and capped output, enforced by the parent.
 * 5. A scrubbed environment: nothing of the grader's environment reaches the runner.
 *
 * Each layer is probed once per grading process by starting a tiny program under it; a layer the
 * system refuses is left out and named in `missing`, which every result records.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findRepoRoot } from "gradlab";

export interface ResourceLimits {
  /** V8 old-space limit, MiB. */
  heapMiB: number;
  /** RLIMIT_DATA, MiB: all private writable memory, typed arrays included. */
  dataMiB: number;
  /** Largest file the runner may write, MiB. */
  fileMiB: number;
}

export const DEFAULT_LIMITS: ResourceLimits = { heapMiB: 512, dataMiB: 2048, fileMiB: 16 };

export interface Containment {
  /** Layers in force, e.g. "node-permission", "network-namespace". */
  layers: string[];
  /** Layers the system refused, with the reason. */
  missing: { layer: string; reason: string }[];
  /** Wrapper command before node, e.g. ["unshare", "--net", ...]. */
  prefix: string[];
  /** Node flags for a given scratch folder: the permission model's, then v8Flags. */
  nodeFlags(scratch: string): string[];
  /** The V8 flags among them: a startup snapshot must be built with exactly these (snapshot.ts). */
  v8Flags: string[];
  /** The uid:gid the runner runs as, when different from the grader's. */
  runAs: { uid: number; gid: number } | null;
}

const NOBODY = 65534;
/** V8's tier-up budget for runners, bytes of bytecode executed (Node 20's V8 defaults to 67584, 66 KB). */
export const RUNNER_INTERRUPT_BUDGET = 200_000;
/** The built harness and the runner files it loads (tests run this file from its TypeScript source). */
export const BUILT_RUNNER = path.join(findRepoRoot(), "dist", "grader", "runner");
const HARNESS_FILES = ["harness.js", "serve.js", "framing.js", "protocol.js", "workspace.js", "wire.js", "probe_functions.js", "problems.js"];

/**
 * A copy of the harness, the only grader code the runner may read, in a world-readable folder of
 * its own: the runner may run as `nobody`, who cannot always reach the repository (a home folder,
 * a mktemp folder), and the permission model then needs to allow this folder only.
 */
function runnerCopy(): string {
  const hash = createHash("sha256");
  for (const f of HARNESS_FILES) hash.update(f).update(fs.readFileSync(path.join(BUILT_RUNNER, f)));
  const dir = path.join(os.tmpdir(), `gradlab-harness-${hash.digest("hex").slice(0, 16)}`);
  if (!fs.existsSync(path.join(dir, "harness.js"))) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-harness-tmp-"));
    for (const f of HARNESS_FILES) fs.copyFileSync(path.join(BUILT_RUNNER, f), path.join(tmp, f));
    for (const f of HARNESS_FILES) fs.chmodSync(path.join(tmp, f), 0o644);
    fs.chmodSync(tmp, 0o755);
    try {
      fs.renameSync(tmp, dir); // atomic: another grader process may be doing the same
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  return dir;
}

export const RUNNER_DIR = runnerCopy();

/**
 * The runner's whole environment: nothing of the grader's (tokens, paths, NODE_OPTIONS) reaches it.
 * GRADLAB_THREADS=1: one thread per runner, the pool is the parallelism.
 */
export function runnerEnvironment(home: string): Record<string, string> {
  return { PATH: "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", GRADLAB_THREADS: "1", TMPDIR: home };
}

function permissionFlag(): string {
  const major = Number(process.versions.node.split(".")[0]);
  return major >= 22 ? "--permission" : "--experimental-permission";
}

function has(command: string): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

/** Runs `node -e` under a prefix and tells whether it started and printed what it should. */
function works(prefix: string[], nodeArgs: string[], cwd: string, check: string): boolean {
  const argv = [...prefix, process.execPath, ...nodeArgs, "-e", check];
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: "utf8", timeout: 10_000, env: { PATH: "/usr/bin:/bin" } });
  return r.status === 0 && r.stdout.trim() === "ok";
}

let cached: Containment | null = null;

export function probeContainment(limits: ResourceLimits = DEFAULT_LIMITS): Containment {
  if (cached) return cached;
  const layers: string[] = [];
  const missing: { layer: string; reason: string }[] = [];
  const prefix: string[] = [];
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-probe-"));
  fs.chmodSync(probeDir, 0o777);
  const isRoot = process.getuid?.() === 0;
  try {
    // If the grader itself dies (kill -9, a reboot of its terminal), its runners must die with it.
    if (has("setpriv") && works(["setpriv", "--pdeathsig", "KILL"], [], probeDir, "console.log('ok')")) {
      prefix.push("setpriv", "--pdeathsig", "KILL");
    }
    if (has("unshare")) {
      const nsArgs = ["--net", "--pid", "--fork", "--kill-child"];
      const pidCheck = "console.log(process.pid === 1 ? 'ok' : 'no')";
      const before = prefix.length;
      if (isRoot && works([...prefix, "unshare", ...nsArgs], [], probeDir, pidCheck)) prefix.push("unshare", ...nsArgs);
      else if (works([...prefix, "unshare", "--map-root-user", ...nsArgs], [], probeDir, pidCheck)) prefix.push("unshare", "--map-root-user", ...nsArgs);
      if (prefix.length > before) layers.push("network-namespace", "pid-namespace");
      else missing.push({ layer: "network-namespace", reason: "unshare --net is not permitted here (no root and no user namespaces)" });
    } else {
      missing.push({ layer: "network-namespace", reason: "util-linux unshare is not installed" });
    }
    if (has("prlimit")) {
      const mib = 1024 * 1024;
      const rl = [`--data=${limits.dataMiB * mib}`, `--fsize=${limits.fileMiB * mib}`, "--nofile=256", "--nproc=4096", "--core=0", "--"];
      if (works([...prefix, "prlimit", ...rl], [], probeDir, "console.log('ok')")) {
        prefix.push("prlimit", ...rl);
        layers.push("resource-limits");
      } else missing.push({ layer: "resource-limits", reason: "prlimit failed" });
    } else missing.push({ layer: "resource-limits", reason: "util-linux prlimit is not installed" });
    let runAs: { uid: number; gid: number } | null = null;
    if (isRoot) {
      // Changing the uid clears the parent-death signal that `unshare --kill-child` set, so set it again
      // after the change: killing the wrapper must kill the runner.
      const drop = ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--pdeathsig", "KILL"];
      if (has("setpriv") && works([...prefix, ...drop], [], probeDir, "console.log(process.getuid() === 65534 ? 'ok' : 'no')")) {
        prefix.push(...drop);
        runAs = { uid: NOBODY, gid: NOBODY };
        layers.push("unprivileged-user");
      } else missing.push({ layer: "unprivileged-user", reason: "setpriv could not switch to the nobody user" });
    }
    const flag = permissionFlag();
    const v8Flags = [
      `--max-old-space-size=${limits.heapMiB}`,
      // Not containment: a runner lives well under a second, and V8's default tier-up budget
      // (66 KB of bytecode) sends many library functions to TurboFan whose optimized code is
      // barely used before the runner ends. A budget of 200 KB cut a correct a1 submission's
      // runner from 386 to 322 ms of CPU (mean of 4 interleaved rounds of 12 submissions).
      `--interrupt-budget=${RUNNER_INTERRUPT_BUDGET}`,
      // Not containment either: V8's helper threads (concurrent marking and sweeping, background
      // compilation) only add overhead in a process this short on a machine whose cores the
      // other runners and workers already fill. Doing that work on the main thread cut a runner's
      // mean CPU from 0.45-0.51 s to 0.34-0.42 s (3 interleaved pairs of batches, --jobs 2 on
      // 2 cores, 40 and 300 a1 submissions) and the class of 300 from 150 to 138 s (mean of 3 pairs).
      "--single-threaded",
      // Measured and not set: on a process's first two spiral trainings (129 ms of CPU, 6 processes
      // each) --max-lazy gave 120, --always-sparkplug 119, --no-maglev 137 and --no-opt 422 ms; in
      // whole runners the two small gains were lost in the noise of this shared machine.
    ];
    const nodeFlags = (scratch: string): string[] => [flag, `--allow-fs-read=${RUNNER_DIR}`, `--allow-fs-read=${scratch}`, `--allow-fs-write=${scratch}`, "--no-warnings", ...v8Flags];
    const deny = "try { require('child_process').spawnSync('true'); console.log('no') } catch (e) { console.log(e.code === 'ERR_ACCESS_DENIED' ? 'ok' : 'no') }";
    if (works(prefix, nodeFlags(probeDir), probeDir, deny)) layers.push("node-permission");
    else throw new Error(`the runner cannot be contained: Node's permission model (${flag}) did not start; Node.js 20 or newer is required`);
    layers.push("wall-clock-limit", "output-cap", "scrubbed-environment", "heap-limit");
    cached = { layers, missing, prefix, nodeFlags, v8Flags, runAs };
    return cached;
  } finally {
    fs.rmSync(probeDir, { recursive: true, force: true });
  }
}
