/**
 * Turns the results of one run into tables: a padded-text version for stdout and bench/RESULTS.md.
 * Both are built from the same rows (bench/tables.ts), so they always agree.
 */
import * as fs from "fs";
import * as path from "path";
import { Outcome } from "./children";
import { Machine, formatLoad } from "./machine";
import type { Peer } from "./peer_workloads";
import { Table, Tables, buildTables } from "./tables";
import type { ThreadedRuns } from "./threads_table";
import { TimingOptions } from "./timing";

export interface Results {
  machine: Machine;
  quick: boolean;
  timing: TimingOptions;
  torchAvailable: boolean;
  numpyAvailable: boolean;
  python: string;
  torchInfo: Outcome<{ torch: string; numpy: string; threads: number; blasLoaded: string[]; config: string }> | null;
  numpyInfo: Outcome<{ numpy: string; blasLoaded: string[] }> | null;
  gradlab: Record<string, Outcome<unknown>>;
  torch: Record<string, Outcome<unknown>>;
  numpy: { tiny?: Outcome<unknown> };
  /** The JavaScript peers (bench/peer_worker.ts), by peer then workload; a peer not run has no entry. */
  peers: Partial<Record<Peer, Record<string, Outcome<unknown>>>>;
  notebooks: Outcome<unknown> | null;
  /** The "threads" group (one thread and all cores, both sides); null when it did not run. */
  threaded: ThreadedRuns | null;
  /** The grading workload (grading_workload.ts); null when it did not run. */
  grading: Outcome<unknown> | null;
  loadAtEnd: [number, number, number];
  totalSeconds: number;
}

/** What a run knows before it measures anything. */
export type RunSetup = Pick<Results, "machine" | "quick" | "timing" | "torchAvailable" | "numpyAvailable" | "python">;

/** A run's results before any measurement: every workload's entry empty, nothing timed yet. */
export function startResults(setup: RunSetup): Results {
  return {
    ...setup,
    torchInfo: null,
    numpyInfo: null,
    gradlab: {},
    torch: {},
    numpy: {},
    peers: {},
    notebooks: null,
    threaded: null,
    grading: null,
    loadAtEnd: [0, 0, 0],
    totalSeconds: 0,
  };
}

/** Columns of numbers (and "–", "error", ratios, percentages) are right-aligned, text columns left. */
function numericColumns(t: Table): boolean[] {
  return t.header.map((_, j) => j > 0 && t.rows.every((r) => /^(error|not available.*|threads: not supported.*|[\d.,×%+~–| -]*)$/.test(r[j] ?? "")));
}

function textTable(t: Table): string {
  const all = [t.header, ...t.rows];
  const widths = t.header.map((_, j) => Math.max(...all.map((r) => [...(r[j] ?? "")].length)));
  const right = numericColumns(t);
  const line = (r: string[]): string => r.map((c, j) => (right[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const notes = t.notes.map((n) => `  ${n}\n`).join("");
  return `\n${t.title}\n${line(t.header)}\n${rule}\n${t.rows.map(line).join("\n")}\n${notes}`;
}

function markdownTable(t: Table): string {
  const esc = (c: string): string => c.replace(/\|/g, "\\|");
  const row = (r: string[]): string => `| ${r.map(esc).join(" | ")} |`;
  const right = numericColumns(t);
  const align = `|${t.header.map((_, j) => (right[j] ? " ---: " : " --- ")).join("|")}|`;
  const notes = t.notes.length ? `\n${t.notes.map((n) => `- ${n}`).join("\n")}\n` : "";
  return `## ${t.title}\n\n${row(t.header)}\n${align}\n${t.rows.map(row).join("\n")}\n${notes}`;
}

function ordered(t: Tables): Table[] {
  return [t.targets, t.main, ...(t.peers ? [t.peers] : []), ...(t.threads ? [t.threads] : []), t.memory, t.allocations, t.notebooks];
}

export function renderTable(r: Results): string {
  const t = buildTables(r);
  const head = `gradlab benchmark (${r.quick ? "QUICK smoke test, not a measurement" : "best of rounds"}), ` +
    `${r.machine.cpu}, ${r.machine.cores} cores, load ${formatLoad(r.machine.loadAtStart)} at start\n`;
  return `${head}${ordered(t).map(textTable).join("")}\n${t.notes.map((n) => `${n}\n`).join("")}` +
    `total ${r.totalSeconds.toFixed(0)} s\n`;
}

export function renderMarkdown(r: Results): string {
  const t = buildTables(r);
  const m = r.machine;
  const info = r.torchInfo?.result;
  const torchLine = r.torchAvailable && info
    ? `PyTorch ${info.torch} (${r.python}), intra-op threads ${info.threads}; BLAS loaded by torch: ${info.blasLoaded.map((p) => path.basename(p)).join(", ") || "none found"}`
    : "PyTorch: not available (`/usr/bin/python3 -c \"import torch\"` failed), gradlab column alone";
  const numpyLine = r.numpyInfo?.result
    ? `numpy ${r.numpyInfo.result.numpy}; BLAS loaded by numpy: ${r.numpyInfo.result.blasLoaded.map((p) => path.basename(p)).join(", ") || "none found"}`
    : "numpy: not available";
  const commands = [
    "npm run bench   # = npm run build && tsc -p bench/tsconfig.json && node dist/bench/run.js",
    ...Object.values(r.gradlab).map((o) => o.command),
    ...(r.notebooks ? [r.notebooks.command] : []),
    ...Object.values(r.torch).map((o) => o.command),
    ...(r.numpy.tiny ? [r.numpy.tiny.command] : []),
    ...Object.values(r.peers).flatMap((runs) => Object.values(runs ?? {}).map((o) => o.command)),
    ...(r.threaded
      ? [r.threaded.gradlab.one, r.threaded.gradlab.all, r.threaded.torch.one, r.threaded.torch.all].flatMap((runs) => Object.values(runs).map((o) => o.command))
      : []),
  ].map((c) => c.replace(/\/tmp\/gradlab-bench-[^/]+\//g, "$TMP/"));
  return [
    "# Benchmark results (issue 5, `npm run bench`)",
    "",
    "Generated by `npm run bench` (bench/run.ts); do not edit by hand, re-run it.",
    "",
    "## Machine",
    "",
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB.toFixed(1)} GiB; ${m.kernel}`,
    `- Node ${m.node}; ${torchLine}; ${numpyLine}`,
    `- Date: ${m.date}; load average (1, 5, 15 min) at start ${formatLoad(m.loadAtStart)}, at end ${formatLoad(r.loadAtEnd)}` +
      (m.loadAtStart[0] > m.cores * 0.5 ? ` (**a busy machine: other processes shared the ${m.cores} cores, so all numbers are noisy**)` : ""),
    `- Whole run: ${r.totalSeconds.toFixed(0)} s`,
    "",
    ...ordered(t).map(markdownTable),
    "## How it was measured",
    "",
    ...t.notes.map((n) => `- ${n}`),
    "",
    "## Commands",
    "",
    "```",
    ...commands,
    "```",
    "",
    ...(info ? ["## torch.__config__.show()", "", "```", info.config.trim(), "```", ""] : []),
  ].join("\n");
}

/** Write to a temporary file in the same folder, then rename: readers never see half a file. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
