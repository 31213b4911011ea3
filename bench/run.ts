/**
 * `npm run bench`: gradlab and PyTorch (and numpy for the tiny net) side by side, in one run.
 *
 *   node dist/bench/run.js [--quick] [--only matmul,tiny,threads,peers,tfjs-wasm,...] [--no-python] [--no-peers]
 *
 * For each workload: a fresh gradlab child process (dist/bench/worker.js), then a fresh
 * PyTorch one (bench/torch_bench.py with /usr/bin/python3, when `import torch` works there), so
 * the two columns are measured one right after the other under the same machine load; all on
 * ONE thread (GRADLAB_THREADS=1, BENCH_THREADS=1), as the issue's targets are; PyTorch with
 * glibc's malloc thresholds pinned (bench/torch_env.ts), so it runs at its best in every process. Then, for the
 * workloads they have, the JavaScript peers (TF.js cpu, TF.js wasm, ConvNetJS), each in a fresh
 * process too (dist/bench/peer_worker.js), on one thread. In --only, "peers" or a peer's name
 * (tfjs-cpu, tfjs-wasm, convnetjs) selects peers; without any workload next to it, it means the
 * peers' workloads (matmul, mlp32/128/512, tiny, conv). Then the lecture
 * notebooks, then the "threads" group: the large workloads on one thread and on all
 * N = os.availableParallelism() cores, each side. Prints the tables and writes bench/RESULTS.md
 * (not in --quick mode, which only smoke-tests the harness with very short timings).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Outcome, pythonCan, runChild } from "./children";
import { spiralData } from "./gradlab_workloads";
import { describeMachine } from "./machine";
import { PEERS, PEER_WORKLOADS, Peer } from "./peer_workloads";
import { renderMarkdown, renderTable, startResults, writeFileAtomic } from "./report";
import { SPEC, THREADED_WORKLOADS, WORKLOADS } from "./spec";
import { THREADS_UNSUPPORTED, ThreadedRuns } from "./threads_table";
import { DEFAULT_TIMING, QUICK_TIMING } from "./timing";
import { TORCH_MALLOC_ENV } from "./torch_env";

const PYTHON = "/usr/bin/python3";
const ROOT = path.resolve(__dirname, "..", "..");

interface Args {
  quick: boolean;
  only: string[] | null;
  python: boolean;
  peers: boolean;
}

const PEER_SELECTORS: string[] = ["peers", ...PEERS];

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: null, python: true, peers: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") args.quick = true;
    else if (a === "--no-python") args.python = false;
    else if (a === "--no-peers") args.peers = false;
    else if (a === "--only") args.only = (argv[++i] ?? "").split(",").filter(Boolean);
    else throw new Error(`bench: unknown argument "${a}"; expected --quick, --only w1,w2, --no-python or --no-peers`);
  }
  const known: string[] = [...WORKLOADS, "notebooks", "threads", "grading", ...PEER_SELECTORS];
  for (const w of args.only ?? []) {
    if (!known.includes(w)) throw new Error(`bench: unknown workload "${w}" in --only; known: ${known.join(", ")}`);
  }
  return args;
}

type Child = (w: string, threads: number) => Outcome<unknown>;

/**
 * The "threads" group. Per workload, four processes in this order: gradlab on 1 thread, gradlab
 * on n, PyTorch on n, PyTorch on 1, so that each compared pair (a side's speed-up, and the two
 * sides on n threads) ran one right after the other. gradlab's n-thread run is skipped when its
 * one-thread worker says the build has no threads (it would only measure one thread again).
 */
function runThreaded(n: number, torchOk: boolean, gradlab: Child, torch: Child,
  report: (side: string, w: string, o: Outcome<unknown>, threads: number) => void, log: (line: string) => void): ThreadedRuns {
  const [a, b, c] = os.loadavg();
  const runs: ThreadedRuns = { threads: n, loadAtStart: [a, b, c], gradlab: { one: {}, all: {} }, torch: { one: {}, all: {} } };
  for (const w of THREADED_WORKLOADS) {
    const one = (runs.gradlab.one[w] = gradlab(w, 1));
    report("gradlab", w, one, 1);
    if (one.ok && one.extra.gemmThreads === null) {
      log(`  gradlab  ${w.padEnd(10)} ${`${n} threads`.padEnd(10)} skipped: ${THREADS_UNSUPPORTED}`);
    } else {
      runs.gradlab.all[w] = gradlab(w, n);
      report("gradlab", w, runs.gradlab.all[w], n);
    }
    if (!torchOk) continue;
    runs.torch.all[w] = torch(w, n);
    report("PyTorch", w, runs.torch.all[w], n);
    runs.torch.one[w] = torch(w, 1);
    report("PyTorch", w, runs.torch.one[w], 1);
  }
  return runs;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const machine = describeMachine();
  const timing = args.quick ? QUICK_TIMING : DEFAULT_TIMING;
  // Peers are columns of the workloads: all of them run with any workload they have, unless
  // --only names some (or --no-peers); --only with peers and no workload = the peers' workloads.
  const onlyPeers = (args.only ?? []).filter((w) => PEER_SELECTORS.includes(w));
  const onlyWorkloads = args.only === null ? null : args.only.filter((w) => !PEER_SELECTORS.includes(w));
  const peers: Peer[] = !args.peers ? [] : onlyPeers.length === 0 || onlyPeers.includes("peers") ? [...PEERS] : PEERS.filter((p) => onlyPeers.includes(p));
  const wanted = (w: string): boolean =>
    onlyWorkloads === null || (onlyWorkloads.length === 0 ? peers.some((p) => PEER_WORKLOADS[p].includes(w)) : onlyWorkloads.includes(w));
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };

  const torchOk = args.python && fs.existsSync(PYTHON) && pythonCan(PYTHON, "import torch");
  const numpyOk = args.python && fs.existsSync(PYTHON) && pythonCan(PYTHON, "import numpy");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bench-"));
  const specFile = path.join(tmp, "spec.json");
  const spiral = spiralData(SPEC);
  fs.writeFileSync(specFile, JSON.stringify({ ...SPEC, timing, spiral: { x: Array.from(spiral.x.data), y: Array.from(spiral.y) } }));

  const results = startResults({ machine, quick: args.quick, timing, torchAvailable: torchOk, numpyAvailable: numpyOk, python: PYTHON });

  const worker = path.join("dist", "bench", "worker.js");
  // The thread count goes to each child in its environment (shown in RESULTS.md's commands).
  const gradlabChild = <T>(w: string, threads = 1, timeoutSeconds = 300): Outcome<T> =>
    runChild<T>(process.execPath, [worker, w, JSON.stringify(timing)],
      { cwd: ROOT, timeoutSeconds, display: "node", setEnv: { GRADLAB_THREADS: String(threads) } });
  // -B: no __pycache__ written into bench/.
  const pythonChild = <T>(script: string, extra: string[], threads = 1): Outcome<T> =>
    runChild<T>(PYTHON, ["-B", path.join("bench", script), ...extra], {
      cwd: ROOT,
      timeoutSeconds: 300,
      // PyTorch with glibc's malloc pinned to its fast case (bench/torch_env.ts), shown in its commands.
      setEnv: { BENCH_THREADS: String(threads), ...(script === "torch_bench.py" ? TORCH_MALLOC_ENV : {}) },
    });
  const peerWorker = path.join("dist", "bench", "peer_worker.js");
  const peerChild = (p: Peer, w: string): Outcome<unknown> =>
    runChild(process.execPath, [peerWorker, p, w, JSON.stringify(timing)], { cwd: ROOT, timeoutSeconds: 600, display: "node" });
  const report = (side: string, w: string, o: Outcome<unknown>, threads = 1): void =>
    log(`  ${side.padEnd(9)} ${w.padEnd(10)} ${`${threads} thread${threads > 1 ? "s" : ""}`.padEnd(10)} ` +
      `${o.ok ? "ok" : `ERROR ${o.error}`} (${o.seconds.toFixed(1)} s)`);

  if (torchOk) results.torchInfo = pythonChild("torch_bench.py", ["info", specFile]);
  if (numpyOk) results.numpyInfo = pythonChild("numpy_mlp.py", [specFile, "baseline"]);
  log(`bench: gradlab${torchOk ? " vs PyTorch" : " alone (no PyTorch: /usr/bin/python3 -c 'import torch' failed)"}` +
    `${numpyOk ? " (+ numpy for the tiny net)" : ""}${peers.length ? ` (+ JavaScript peers: ${peers.join(", ")})` : ""}, ` +
    `${args.quick ? "QUICK mode" : "full timings"}`);

  for (const w of WORKLOADS) {
    if (!wanted(w)) continue;
    results.gradlab[w] = gradlabChild(w);
    report("gradlab", w, results.gradlab[w] as Outcome<unknown>);
    if (torchOk) {
      results.torch[w] = pythonChild("torch_bench.py", [w, specFile]);
      report("PyTorch", w, results.torch[w] as Outcome<unknown>);
    }
    if (numpyOk && w === "tiny") {
      results.numpy.tiny = pythonChild("numpy_mlp.py", [specFile]);
      report("numpy", w, results.numpy.tiny);
    }
    for (const p of peers) {
      if (!PEER_WORKLOADS[p].includes(w)) continue;
      const runs = (results.peers[p] ??= {});
      runs[w] = peerChild(p, w);
      report(p, w, runs[w]);
    }
  }
  if (wanted("notebooks")) {
    results.notebooks = gradlabChild("notebooks", 1, 900);
    report("gradlab", "notebooks", results.notebooks);
  }
  if (wanted("grading")) {
    results.grading = gradlabChild("grading", 1, 1800);
    report("gradlab", "grading", results.grading);
  }
  if (wanted("threads")) {
    const n = os.availableParallelism();
    if (n < 2) log(`bench: "threads" skipped: this machine has ${n} core, nothing to compare with one thread`);
    else results.threaded = runThreaded(n, torchOk, gradlabChild, (w, threads) => pythonChild("torch_bench.py", [w, specFile], threads), report, log);
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  const [a, b, c] = os.loadavg();
  results.loadAtEnd = [a, b, c];
  results.totalSeconds = (Date.now() - started) / 1000;
  process.stdout.write(renderTable(results));
  if (args.quick || args.only !== null) {
    log("bench: not writing bench/RESULTS.md (only a full run without --quick/--only does)");
  } else {
    writeFileAtomic(path.join(ROOT, "bench", "RESULTS.md"), renderMarkdown(results));
    log("bench: wrote bench/RESULTS.md");
  }
}

main();
