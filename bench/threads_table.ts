/**
 * The "threads" group of the benchmark: the workloads of THREADED_WORKLOADS on one thread and on
 * all N cores, on both sides, and its table: gradlab vs PyTorch on N threads, and each side's
 * speed-up over its own one-thread run. Also the check that the one-thread tables really ran on
 * one thread (each process reports the count its library was using).
 */
import { errorCell, fmtRatio, ratio, value } from "./cells";
import type { Outcome } from "./children";
import { formatLoad } from "./machine";
import type { Results } from "./report";
import { SPEC, THREADED_WORKLOADS, matmulShapeOf, mlpBatch } from "./spec";
import type { Table } from "./tables";

/** Shown instead of gradlab's N-thread figures when the built package has no setGemmThreads. */
export const THREADS_UNSUPPORTED = "threads: not supported by this build";

/** One process per workload, side and thread count, keyed by workload (e.g. "matmul1024"). */
export interface ThreadedSide {
  one: Record<string, Outcome<unknown>>;
  all: Record<string, Outcome<unknown>>;
}

export interface ThreadedRuns {
  /** N = os.availableParallelism(): the thread count of the "all cores" runs. */
  threads: number;
  /** os.loadavg() when the group started: N threads need N idle cores. */
  loadAtStart: [number, number, number];
  gradlab: ThreadedSide;
  torch: ThreadedSide;
}

interface Figure {
  /** GFLOP/s, samples/s or images/s: higher is better. */
  perSecond: number | null;
  /** CPU time of all threads / wall time, over the timed rounds. */
  cpuPerWall: number | null;
}

interface Reported {
  gflops?: number;
  samplesPerSecond?: number;
  imagesPerSecond?: number;
  timing?: { cpuPerWall?: number };
}

function figure(o: Outcome<unknown> | undefined): Figure {
  const v = value<Reported | Reported[]>(o);
  // A "matmul<name>" process reports a list of one shape; the others one object.
  const row = Array.isArray(v) ? v[0] : v;
  return {
    perSecond: row ? (row.gflops ?? row.samplesPerSecond ?? row.imagesPerSecond ?? null) : null,
    cpuPerWall: row?.timing?.cpuPerWall ?? null,
  };
}

function describe(w: string): { label: string; unit: string; digits: number } {
  const shape = matmulShapeOf(w);
  if (shape) return { label: `matmul ${shape.name}`, unit: "GFLOP/s", digits: 2 };
  const batch = mlpBatch(w);
  const [a, b, c] = SPEC.mlp.sizes;
  if (batch !== null) return { label: `MLP ${a}-${b}-${c}, batch ${batch}`, unit: "samples/s", digits: 0 };
  const k = SPEC.conv;
  if (w === "conv") return { label: `Conv2d ${k.Cin}→${k.Cout} ${k.k}×${k.k} fprop+bprop, ${k.N}×${k.Cin}×${k.H}×${k.W}`, unit: "images/s", digits: 0 };
  return { label: w, unit: "", digits: 0 };
}

/** Whether a gradlab worker said its build has no gemm threads (it reports gemmThreads: null). */
const unsupported = (o: Outcome<unknown> | undefined): boolean => o !== undefined && o.ok && o.extra.gemmThreads === null;

const cpu = (v: number | null): string => (v === null ? "–" : v.toFixed(2));

/**
 * Processes whose library reported another thread count than the one asked for: `threadsKey` is
 * the field of the result line holding it ("gemmThreads" for gradlab, "threads" for torch).
 */
function mismatches(side: string, runs: Record<string, Outcome<unknown>>, expected: number, threadsKey: string, what: string): string[] {
  return Object.entries(runs)
    .filter(([, o]) => o.ok && typeof o.extra[threadsKey] === "number" && o.extra[threadsKey] !== expected)
    .map(([w, o]) => `WARNING: ${side} ${w} asked for ${expected} thread${expected > 1 ? "s" : ""}, but ${what} reported ${String(o.extra[threadsKey])}.`);
}

function errors(side: string, runs: Record<string, Outcome<unknown>>, threads: number): string[] {
  return Object.entries(runs)
    .filter(([, o]) => !o.ok)
    .map(([w, o]) => `ERROR ${side} ${w} on ${threads} thread${threads > 1 ? "s" : ""}: ${o.error}`);
}

export function buildThreadsTable(r: Results): Table | null {
  const t = r.threaded;
  if (!t) return null;
  const n = t.threads;
  const torch = r.torchAvailable;
  const header = ["workload", "unit", "gradlab 1 thread", `gradlab ${n} threads`, "gradlab speed-up", "PyTorch 1 thread", `PyTorch ${n} threads`,
    "PyTorch speed-up", `gradlab/PyTorch on ${n} threads`, `CPU/wall on ${n} threads (gradlab | PyTorch)`];
  const rows = THREADED_WORKLOADS.filter((w) => t.gradlab.one[w]).map((w) => {
    const { label, unit, digits } = describe(w);
    const [g1, gn] = [t.gradlab.one[w], t.gradlab.all[w]];
    // Without PyTorch its columns stay empty, whatever the record holds.
    const [p1, pn] = torch ? [t.torch.one[w], t.torch.all[w]] : [undefined, undefined];
    const [fg1, fgn, fp1, fpn] = [g1, gn, p1, pn].map(figure);
    const gradlabAll = !gn && unsupported(g1) ? THREADS_UNSUPPORTED : errorCell(gn, fgn.perSecond, digits);
    return [label, unit, errorCell(g1, fg1.perSecond, digits), gradlabAll, fmtRatio(ratio(fgn.perSecond, fg1.perSecond)),
      errorCell(p1, fp1.perSecond, digits), errorCell(pn, fpn.perSecond, digits),
      fmtRatio(ratio(fpn.perSecond, fp1.perSecond)),
      fmtRatio(ratio(fgn.perSecond, fpn.perSecond)), `${cpu(fgn.cpuPerWall)} | ${cpu(fpn.cpuPerWall)}`];
  });
  const skipped = Object.values(t.gradlab.one).some(unsupported);
  const notes = [
    ...errors("gradlab", t.gradlab.one, 1), ...errors("gradlab", t.gradlab.all, n), ...errors("PyTorch", t.torch.one, 1), ...errors("PyTorch", t.torch.all, n),
    ...mismatches("gradlab", t.gradlab.one, 1, "gemmThreads", "getGemmThreads()"), ...mismatches("gradlab", t.gradlab.all, n, "gemmThreads", "getGemmThreads()"),
    ...mismatches("PyTorch", t.torch.one, 1, "threads", "torch.get_num_threads()"), ...mismatches("PyTorch", t.torch.all, n, "threads", "torch.get_num_threads()"),
    ...(skipped ? [`gradlab: ${THREADS_UNSUPPORTED} (the built package exports no setGemmThreads/getGemmThreads), so its ${n}-thread runs were skipped.`] : []),
    ...(torch ? [] : ["PyTorch not available: gradlab columns alone."]),
    `Each row is four fresh processes, one right after the other: gradlab on 1 thread (GRADLAB_THREADS=1), gradlab on ${n} (GRADLAB_THREADS=${n}), ` +
      `PyTorch on ${n} (BENCH_THREADS=${n}: torch.set_num_threads(${n}), OMP/OPENBLAS/MKL_NUM_THREADS=${n}), PyTorch on 1; ${n} = os.availableParallelism().`,
    `Load average (1, 5, 15 min) when this group started: ${formatLoad(t.loadAtStart)}; on ${n} cores, other work competes with these threads, ` +
      "and a thread that waits for a descheduled sibling drags the whole product down.",
    `Speed-up = a side's ${n}-thread figure / its own 1-thread figure of this table (measured next to it, so it may differ from the one-thread table above by the noise).`,
    `CPU/wall = CPU time of all the process's threads / wall time, over the timed rounds: near ${n} when all ${n} cores worked, near 1 when one did, ` +
      "lower when other processes took the cores (the machine is shared, so the multi-thread figures are the noisier ones).",
  ];
  return { title: `gradlab vs PyTorch on ${n} threads (higher is better)`, header, rows, notes };
}

/**
 * The "Threads:" note of the one-thread tables: what each side's processes reported, so a reader
 * sees that the targets were measured on one thread (and a warning when one was not).
 */
export function oneThreadNotes(r: Results): string[] {
  const workers = Object.values(r.gradlab).filter((o) => o.ok);
  const gradlab = workers.length > 0 && workers.every(unsupported)
    ? `gradlab on the main thread (${THREADS_UNSUPPORTED})`
    : workers.length > 0 && workers.every((o) => o.extra.gemmThreads === 1)
      ? "gradlab with GRADLAB_THREADS=1 (setGemmThreads(1); getGemmThreads() = 1 in every worker)"
      : "gradlab with GRADLAB_THREADS=1 (setGemmThreads(1) when the build has it)";
  return [
    `Threads: one on each side in every table but "gradlab vs PyTorch on ${r.threaded?.threads ?? "N"} threads": ${gradlab}; PyTorch with torch.set_num_threads(1) and OMP/OPENBLAS/MKL_NUM_THREADS=1 (BENCH_THREADS=1; numpy too).`,
    ...mismatches("gradlab", r.gradlab, 1, "gemmThreads", "getGemmThreads()"),
    ...mismatches("PyTorch", r.torch, 1, "threads", "torch.get_num_threads()"),
  ];
}
