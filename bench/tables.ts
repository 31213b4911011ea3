/**
 * The rows of the report, computed from one run's results: the targets of issue 5 with
 * pass/fail from the measured ratios, the side-by-side table, the same on all cores
 * (bench/threads_table.ts), memory, allocations, notebooks.
 */
import type { AllocCounts } from "./alloc_count";
import { errorCell, fmtRatio, num, ratio, value } from "./cells";
import type { Outcome } from "./children";
import type { NotebooksResult } from "./notebooks_workload";
import type { GradingResult } from "./grading_workload";
import type { Results } from "./report";
import { SPEC } from "./spec";
import { buildPeersTable, peersTarget } from "./peers_table";
import { buildThreadsTable, oneThreadNotes } from "./threads_table";
import { torchMallocEnvLine } from "./torch_env";

export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  notes: string[];
}

export interface Tables {
  targets: Table;
  main: Table;
  /** gradlab vs TF.js and ConvNetJS (bench/peers_table.ts); null when no peer ran. */
  peers: Table | null;
  /** gradlab vs PyTorch on all cores; null when the "threads" group did not run. */
  threads: Table | null;
  memory: Table;
  allocations: Table;
  notebooks: Table;
  notes: string[];
}

interface Throughput {
  samplesPerSecond?: number;
  imagesPerSecond?: number;
  allocsPerStep?: AllocCounts;
  options?: string[];
  check?: Record<string, number>;
}
interface MatmulOut {
  name: string;
  gflops: number;
  timing?: { best: number; median: number };
}

const mb = (o: Outcome<unknown> | undefined | null): string => {
  if (!o) return "–";
  if (!o.ok || o.maxRssKb === null) return "error";
  const cpu = o.extra.cpuPerWall;
  return `${(o.maxRssKb / 1024).toFixed(0)} MB${typeof cpu === "number" ? `, CPU ${cpu.toFixed(2)}` : ""}`;
};

function throughput(o: Outcome<unknown> | undefined): number | null {
  const v = value<Throughput>(o);
  return v ? (v.samplesPerSecond ?? v.imagesPerSecond ?? null) : null;
}

function matmulGflops(o: Outcome<unknown> | undefined, name: string): number | null {
  return value<MatmulOut[]>(o)?.find((m) => m.name === name)?.gflops ?? null;
}

/** How much slower the median round was than the best, e.g. "+4%": the noise of a measurement. */
function spread(t: { best: number; median: number } | undefined | null): string {
  return t && t.best > 0 ? `+${Math.round((t.median / t.best - 1) * 100)}%` : "–";
}

function noise(g: Outcome<unknown> | undefined, t: Outcome<unknown> | undefined, name?: string): string {
  const timingOf = (o: Outcome<unknown> | undefined): { best: number; median: number } | undefined => {
    const v = value<unknown>(o);
    if (name !== undefined) return (v as MatmulOut[] | null)?.find((m) => m.name === name)?.timing;
    return (v as { timing?: { best: number; median: number } } | null)?.timing;
  };
  return `${spread(timingOf(g))} | ${t ? spread(timingOf(t)) : "–"}`;
}

/** Issue 13's layer workloads: workload, row label, unit (each judged against ≥ 0.4× PyTorch). */
const LAYER_ROWS: [string, string, string][] = [
  ["conv", `Conv2d ${SPEC.conv.Cin}→${SPEC.conv.Cout} ${SPEC.conv.k}×${SPEC.conv.k} fprop+bprop, ${SPEC.conv.N}×${SPEC.conv.Cin}×${SPEC.conv.H}×${SPEC.conv.W}`, "images/s"],
  ["convCourse", `Conv2d ${SPEC.convCourse.Cin}→${SPEC.convCourse.Cout} ${SPEC.convCourse.k}×${SPEC.convCourse.k} padding ${SPEC.convCourse.padding} fprop+bprop, ` +
    `${SPEC.convCourse.N}×${SPEC.convCourse.Cin}×${SPEC.convCourse.H}×${SPEC.convCourse.W} (course CNN)`, "images/s"],
  ["maxpool", `MaxPool2d ${SPEC.maxpool.k}×${SPEC.maxpool.k} fprop+bprop, ${SPEC.maxpool.N}×${SPEC.maxpool.C}×${SPEC.maxpool.H}×${SPEC.maxpool.W}`, "images/s"],
  ["batchnorm", `BatchNorm1d(${SPEC.batchnorm.C}) training fprop+bprop, batch ${SPEC.batchnorm.N}`, "samples/s"],
];

const kernelShape = `${SPEC.kernel.m}×${SPEC.kernel.n}, k ${SPEC.kernel.kc}`;

/** The kernel-ceiling workload's GFLOP/s, PyTorch's matmul 1024 beside it, and their ratio: the most any gemm-bound ratio can reach. */
function ceiling(r: Results): { gradlab: number | null; torch: number | null; ratio: number | null } {
  const g = value<{ gflops: number }>(r.gradlab.kernel)?.gflops ?? null;
  const t = r.torchAvailable ? (value<{ gflops: number }>(r.torch.kernel)?.gflops ?? null) : null;
  return { gradlab: g, torch: t, ratio: ratio(g, t) };
}

/** A target's row with the measured ceiling beside a FAIL: "FAIL (ceiling 0.44× < 0.45×: out of reach with this kernel)". */
/**
 * The class row's CPU budget: 60 s on C cores leaves C·60/n CPU seconds per submission, which
 * the measured machine-wide CPU per submission is set against.
 */
function classBudget(g: GradingResult): string {
  if (g.classCpuPerSubmission === null || g.classCpuPerSubmission === undefined) return "";
  const budget = (g.classCores * 60) / g.classSize;
  return ` (${g.classCpuPerSubmission.toFixed(2)} CPU s per submission; 60 s on ${g.classCores} cores allows ${budget.toFixed(2)})`;
}

function withCeiling(row: string[], c: { ratio: number | null }, min: number): string[] {
  if (row[3] !== "FAIL" || c.ratio === null) return row;
  const verdict = c.ratio < min ? "out of reach with this kernel" : "the kernel alone would allow it";
  return [row[0], row[1], row[2], `FAIL (measured ceiling ${fmtRatio(c.ratio)} ${c.ratio < min ? "<" : "≥"} ${min}×: ${verdict})`];
}

export function buildTables(r: Results): Tables {
  const torch = r.torchAvailable;
  const numpyTiny = r.numpy.tiny;
  const header = ["workload", "unit", "gradlab", "PyTorch", "gradlab/PyTorch", "numpy", "gradlab/numpy", "issue's ref. (PyTorch | numpy)",
    "noise: median/best (gradlab | PyTorch)"];
  const rows: string[][] = [];
  const refs: Record<string, string> = { "matmul 1024": "~70 | –", mlp128: "~39,000 | –", tiny: "~78,000 | ~240,000" };

  for (const s of SPEC.matmul) {
    if (!r.gradlab.matmul) break;
    const g = matmulGflops(r.gradlab.matmul, s.name);
    const t = torch ? matmulGflops(r.torch.matmul, s.name) : null;
    rows.push([`matmul ${s.name}`, "GFLOP/s", errorCell(r.gradlab.matmul, g, 2), torch ? errorCell(r.torch.matmul, t, 2) : "–",
      fmtRatio(ratio(g, t)), "–", "–", refs[`matmul ${s.name}`] ?? "", noise(r.gradlab.matmul, torch ? r.torch.matmul : undefined, s.name)]);
  }
  for (const b of SPEC.mlp.batches) {
    const w = `mlp${b}`;
    if (!r.gradlab[w]) continue;
    const g = throughput(r.gradlab[w]);
    const t = torch ? throughput(r.torch[w]) : null;
    rows.push([`MLP 784-256-10, batch ${b}`, "samples/s", errorCell(r.gradlab[w], g), torch ? errorCell(r.torch[w], t) : "–",
      fmtRatio(ratio(g, t)), "–", "–", refs[w] ?? "", noise(r.gradlab[w], torch ? r.torch[w] : undefined)]);
  }
  if (r.gradlab.tiny) {
    const g = throughput(r.gradlab.tiny);
    const t = torch ? throughput(r.torch.tiny) : null;
    const n = throughput(numpyTiny);
    rows.push(["tiny net 2-100-3, batch 32, 200 epochs", "samples/s", errorCell(r.gradlab.tiny, g), torch ? errorCell(r.torch.tiny, t) : "–",
      fmtRatio(ratio(g, t)), numpyTiny ? errorCell(numpyTiny, n) : "–", fmtRatio(ratio(g, n)), refs.tiny, noise(r.gradlab.tiny, torch ? r.torch.tiny : undefined)]);
  }
  for (const [w, label, unit] of LAYER_ROWS) {
    if (!r.gradlab[w]) continue;
    const g = throughput(r.gradlab[w]);
    const t = torch ? throughput(r.torch[w]) : null;
    rows.push([label, unit, errorCell(r.gradlab[w], g), torch ? errorCell(r.torch[w], t) : "–",
      fmtRatio(ratio(g, t)), "–", "–", "", noise(r.gradlab[w], torch ? r.torch[w] : undefined)]);
  }
  const kernel = ceiling(r);
  if (r.gradlab.kernel) {
    rows.push([`ceiling: gemm's WebAssembly kernel alone, in cache (${kernelShape}) | PyTorch matmul 1024`, "GFLOP/s", errorCell(r.gradlab.kernel, kernel.gradlab, 2),
      torch ? errorCell(r.torch.kernel, kernel.torch, 2) : "–", fmtRatio(kernel.ratio), "–", "–", "", noise(r.gradlab.kernel, torch ? r.torch.kernel : undefined)]);
  }
  const nb = value<NotebooksResult>(r.notebooks);
  if (r.notebooks) {
    rows.push([`lecture notebooks (${nb ? nb.rows.length : "?"}), embedded engine, one at a time`, "s total", errorCell(r.notebooks, nb ? nb.totalSeconds : null, 1),
      "–", "–", "–", "–", "", ""]);
    rows.push([`  … the whole course with --jobs ${nb ? nb.parallel.jobs : "N"} (all cores)`, "s wall", errorCell(r.notebooks, nb ? nb.parallel.wallSeconds : null, 1),
      "–", "–", "–", "–", "", ""]);
  }
  const gr = value<GradingResult>(r.grading);
  if (r.grading) {
    rows.push(["grading one a1 submission, cold (a fresh process)", "s", errorCell(r.grading, gr ? gr.coldSeconds : null, 2), "–", "–", "–", "–", "", ""]);
    rows.push([`grading one a1 submission, warm (mean of ${gr?.warmSamples ?? "?"} distinct)`, "s", errorCell(r.grading, gr ? gr.warmSeconds : null, 2), "–", "–", "–", "–", "", ""]);
    rows.push([`grading a class of ${gr?.classSize ?? 300} a1 submissions, --jobs ${gr?.classJobs ?? 2}`, "s", errorCell(r.grading, gr ? gr.classSeconds : null, 1), "–", "–", "–", "–", "", ""]);
    rows.push(["  … throughput", "submissions/min", errorCell(r.grading, gr ? (60 * gr.classSize) / gr.classSeconds : null, 0), "–", "–", "–", "–", "", ""]);
    rows.push(["  … CPU per submission, all processes (machine-wide)", "CPU s", errorCell(r.grading, gr ? gr.classCpuPerSubmission : null, 2), "–", "–", "–", "–", "", ""]);
  }

  // ---- targets ------------------------------------------------------------------------------
  const target = (what: string, measured: number | null, min: number, available: boolean, ran: unknown): string[] => [
    what,
    fmtRatio(measured),
    `≥ ${min}×`,
    !ran ? "not run" : !available ? "n/a (no reference column)" : measured === null ? "n/a (error)" : measured >= min ? "PASS" : "FAIL",
  ];
  const tinyT = ratio(throughput(r.gradlab.tiny), torch ? throughput(r.torch.tiny) : null);
  const tinyN = ratio(throughput(r.gradlab.tiny), throughput(numpyTiny));
  const mlpT = ratio(throughput(r.gradlab.mlp128), torch ? throughput(r.torch.mlp128) : null);
  const mmT = ratio(matmulGflops(r.gradlab.matmul, "1024"), torch ? matmulGflops(r.torch.matmul, "1024") : null);
  const mlp512T = ratio(throughput(r.gradlab.mlp512), torch ? throughput(r.torch.mlp512) : null);
  const steps = [...SPEC.mlp.batches.map((b) => [`MLP b${b}`, `mlp${b}`]), ["tiny net", "tiny"]];
  const allocs = steps.map(([label, w]) => [label, value<Throughput>(r.gradlab[w])?.allocsPerStep?.storage ?? null] as const);
  const measuredAllocs = allocs.filter(([, a]) => a !== null);
  const allocText = measuredAllocs.map(([l, a]) => `${l}: ${num(a, a !== null && a % 1 ? 1 : 0)}`).join(", ") || "–";
  const processes = [...Object.values(r.gradlab), ...Object.values(r.torch), ...(numpyTiny ? [numpyTiny] : [])];
  const rssReported = processes.every((o) => o.ok && o.maxRssKb !== null);
  const targets: Table = {
    title: "Targets (issue 5's and issue 13's ratios, the JavaScript peers, issues 9 and 10's grading times, from this run)",
    header: ["target", "measured", "required", "result"],
    rows: [
      target("tiny net 2-100-3, batch 32: gradlab/PyTorch samples/s", tinyT, 3, torch, r.gradlab.tiny),
      target("tiny net 2-100-3, batch 32: gradlab/numpy samples/s", tinyN, 1, r.numpyAvailable, r.gradlab.tiny),
      target("MLP 784-256-10, batch 128: gradlab/PyTorch samples/s", mlpT, 0.25, torch, r.gradlab.mlp128),
      target("matmul 1024: gradlab/(PyTorch+BLAS) GFLOP/s", mmT, 0.15, torch, r.gradlab.matmul),
      ...LAYER_ROWS.map(([w, label, unit]) =>
        target(`${label}, issue 13: gradlab/PyTorch ${unit}`, ratio(throughput(r.gradlab[w]), torch ? throughput(r.torch[w]) : null), 0.4, torch, r.gradlab[w])),
      target("MLP 784-256-10, batch 512, issue 13: gradlab/PyTorch samples/s", mlp512T, 0.4, torch, r.gradlab.mlp512),
      withCeiling(target("matmul 1024, issue 13: gradlab/(PyTorch+BLAS) GFLOP/s", mmT, 0.45, torch, r.gradlab.matmul), kernel, 0.45),
      peersTarget(r),
      ["warmed-up training step allocates no new Float64Array", allocText, "0 per step",
        measuredAllocs.length === 0 ? "n/a" : measuredAllocs.every(([, a]) => a === 0) ? "PASS" : "FAIL"],
      ["one a1 submission graded warm, the runner's start included (issue 9)", gr ? `${gr.warmSeconds.toFixed(2)} s` : "–", "< 1 s",
        !r.grading ? "not run" : !gr ? "n/a (error)" : gr.warmSeconds < 1 ? "PASS" : "FAIL"],
      [`${gr?.classSize ?? 300} a1 submissions with --jobs 2 (issue 10)`, gr ? `${gr.classSeconds.toFixed(0)} s${classBudget(gr)}` : "–", "< 60 s",
        !r.grading ? "not run" : !gr ? "n/a (error)" : gr.classSeconds < 60 && gr.classFailed === 0 ? "PASS" : "FAIL"],
      processes.length === 0
        ? ["peak RSS of each benchmark reported", "–", "reported", "not run"]
        : ["peak RSS of each benchmark reported", rssReported ? "yes (table below)" : "missing for a failed process", "reported", rssReported ? "PASS" : "FAIL"],
    ],
    notes: [],
  };

  // ---- memory, allocations, notebooks -------------------------------------------------------
  const memRows = ["baseline", "matmul", ...SPEC.mlp.batches.map((b) => `mlp${b}`), "tiny", ...LAYER_ROWS.map(([w]) => w), "kernel"]
    .filter((w) => r.gradlab[w])
    .map((w) => [w === "baseline" ? "baseline (library / torch / numpy imported, nothing run)" : w, mb(r.gradlab[w]),
      torch ? mb(r.torch[w]) : "–", w === "tiny" ? mb(numpyTiny) : w === "baseline" ? mb(r.numpyInfo) : "–"]);
  if (r.notebooks) {
    memRows.push(["notebooks: runner process / largest tslab engine child (sampled)",
      `${mb(r.notebooks)} / ${nb ? `${(nb.engineMaxRssKb / 1024).toFixed(0)} MB` : "–"}`, "–", "–"]);
  }
  const memory: Table = {
    title: "Peak RSS and CPU/wall time, one fresh process per workload",
    header: ["workload process", "gradlab (node)", "PyTorch (python)", "numpy (python)"],
    rows: memRows,
    notes: ["gradlab: process.resourceUsage().maxRSS of the worker; Python: resource.getrusage(RUSAGE_SELF).ru_maxrss.",
      "Each includes its runtime (compare with the baseline row: node + gradlab, python + torch, python + numpy).",
      "CPU = CPU time of all the process's threads / its wall time: about 1 for one busy thread, below 1 when other processes took the core, above 1 if several threads worked."],
  };
  const allocRows = [...steps, ...LAYER_ROWS.map(([w, label]) => [`${label} (not a training step)`, w])]
    .filter(([, w]) => r.gradlab[w])
    .map(([label, w]) => {
      const a = value<Throughput>(r.gradlab[w])?.allocsPerStep;
      return [label, a ? num(a.storage, a.storage % 1 ? 1 : 0) : "error", a ? num(a.views, a.views % 1 ? 1 : 0) : "error",
        (value<Throughput>(r.gradlab[w])?.options ?? []).join(", ") || "plain API"];
    });
  const allocations: Table = {
    title: "Float64Arrays created per warmed-up step (gradlab)",
    header: ["step", "new Float64Array (own memory)", "views (subarray etc.)", "library options used"],
    rows: allocRows,
    notes: ["Counted in the worker after timing, by replacing the global Float64Array with a counting subclass; mean over 20 steps after 3 warm-up steps.",
      "A training step is zeroGrad, fprop, softmaxCrossEntropy, bpropParams (bprop without the unused dL/dx of the input), Optimizer.step (SGD with momentum)."],
  };
  const notebooks: Table = {
    title: "Lecture notebooks, embedded engine (tools/notebook/run_notebooks via dist)",
    header: ["notebook", "seconds", "result"],
    rows: nb ? [...nb.rows.map((x) => [x.file, x.seconds.toFixed(1), x.ok ? "ok" : x.summary]), ["total, one at a time", nb.totalSeconds.toFixed(1), ""],
      [`the whole course with --jobs ${nb.parallel.jobs}`, nb.parallel.wallSeconds.toFixed(1),
        `${nb.parallel.failed === 0 ? "ok" : `${nb.parallel.failed} failed`}; ${(nb.totalSeconds / nb.parallel.wallSeconds).toFixed(2)}× faster than one at a time`]]
      : [["–", "–", r.notebooks ? `error: ${r.notebooks.error}` : "not run"]],
    notes: ["Each notebook is executed in its own tslab child process (as `gradlab nb run`); the time includes starting it (~1 s).",
      "The last row runs all the notebooks again, as many at once as there are cores (`gradlab nb run --jobs N`), and times the whole run."],
  };

  // ---- notes --------------------------------------------------------------------------------
  const checks: string[] = [];
  const acc = (o: Outcome<unknown> | undefined): string => num(value<Throughput>(o)?.check?.trainAccuracy ?? null, 3);
  if (r.gradlab.tiny) checks.push(`tiny-net training accuracy after 200 epochs: gradlab ${acc(r.gradlab.tiny)}, PyTorch ${torch ? acc(r.torch.tiny) : "–"}, numpy ${acc(numpyTiny)}`);
  const options = new Set(processes.flatMap((o) => (o.extra.globalOptions as string[] | undefined) ?? []));
  const errors = [...Object.entries(r.gradlab).map(([w, o]) => ["gradlab", w, o] as const), ...Object.entries(r.torch).map(([w, o]) => ["PyTorch", w, o] as const),
    ...(numpyTiny ? [["numpy", "tiny", numpyTiny] as const] : []), ...(r.notebooks ? [["gradlab", "notebooks", r.notebooks] as const] : [])]
    .filter(([, , o]) => !o.ok).map(([side, w, o]) => `ERROR ${side} ${w}: ${o.error}`);
  const t = r.timing;
  const notes = [
    ...errors,
    `Timing: warm-up ≥ ${t.warmupSeconds} s (≥ 2 calls), then ${t.rounds} rounds of ≥ ${t.roundSeconds} s each (3 rounds when one call takes > 1 s); ` +
      "the BEST round's seconds per call is reported, as timeit advises on a shared machine (same rule on every side: bench/timing.ts, bench/bench_common.py).",
    ...oneThreadNotes(r),
    "float64 everywhere. MLP data: random inputs uniform in [0, 1) of MNIST shape (784 features) and random labels 0..9, " +
      `${SPEC.mlp.samples} samples cycled in fixed batches; SGD with momentum ${SPEC.mlp.momentum}, lr ${SPEC.mlp.lr}.`,
    `Tiny net: gradlab's spiral (3 classes × 100 points, the same numbers on all three sides), fixed batches of ${SPEC.tiny.batch} ` +
      `(the last of each epoch holds 12), no reshuffling; one timed call = a whole ${SPEC.tiny.epochs}-epoch training of a fresh network; ` +
      `SGD with momentum ${SPEC.tiny.momentum}, lr ${SPEC.tiny.lr}. numpy: a hand-written MLP (bench/numpy_mlp.py). ` +
      "Initial weights: each side's default (Xavier uniform in gradlab and numpy, PyTorch's Kaiming uniform); the cost per step is the same.",
    "Conv2d, MaxPool2d, BatchNorm1d: forward and backward including dx (x.requires_grad in PyTorch), parameter gradients zeroed each call; " +
      "images/s (samples/s) = batch size / seconds per call. BatchNorm1d in training mode (batch statistics, running averages updated).",
    `Kernel ceiling: the WebAssembly kernel's macro on packed panels already in its memory (C ${kernelShape}, the same bytes every call, so in L1/L2), ` +
      "no packing or copying: no product of the library can run faster. WebAssembly SIMD has no fused multiply-add (only relaxed SIMD does) and two doubles " +
      "per vector, against the four-wide FMA of PyTorch's BLAS; where the ceiling itself is below a target's ratio, that target cannot be met with this kernel.",
    `PyTorch runs with ${torchMallocEnvLine()} (glibc's malloc; bench/torch_env.ts), so it is measured at its best in every process. ` +
      "Without them its layer rows vary between processes (Conv2d 1→8 on this machine: 1.1–4.5 ms per call in separate runs, the backward pass most): its backward " +
      "allocates fresh gradient tensors, and whether glibc serves them from its heap or from newly mapped pages (page faults each call) differs from process to " +
      "process, and a ratio measured against a slow PyTorch process overstates gradlab. Pinned, they always come from the heap, the fast case.",
    "Issue 5's reference figures (its own earlier measurement on this machine) are shown for orientation only; a plain JavaScript i-k-j matmul loop reached ~0.7 GFLOP/s there.",
    "matmul: C = op(A)·op(B) into a preallocated C (gemm on the gradlab side, torch.mm(out=C) on transposed views on the PyTorch side); GFLOP/s = 2MNK / seconds.",
    ...checks,
    `gradlab library-wide options: ${options.size ? [...options].join("; ") : "none (plain API)"}.`,
  ];
  return {
    targets,
    main: { title: "gradlab vs PyTorch, side by side (higher is better)", header, rows, notes: torch ? [] : ["PyTorch not available: gradlab column alone."] },
    peers: buildPeersTable(r),
    threads: buildThreadsTable(r),
    memory,
    allocations,
    notebooks,
    notes,
  };
}
