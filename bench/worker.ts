/**
 * Runs ONE gradlab workload in this (fresh) process and prints its result as one line
 * `BENCH_RESULT {json}` on stdout, with the process's peak RSS. Started by bench/run.ts:
 *
 *   node dist/bench/worker.js <workload> '<timing options as JSON>'
 *
 * One process per workload, so that each peak RSS belongs to one workload and no workload
 * warms the JIT or the heap for the next. Single-threaded: gradlab runs on the main thread.
 */
import * as path from "path";
import { applyGlobalOptions } from "./fast_options";
import { benchConv, benchMatmul, benchMlp, benchTiny } from "./gradlab_workloads";
import { benchNotebooks } from "./notebooks_workload";
import { RESULT_MARK, SPEC, Spec, mlpBatch } from "./spec";
import { DEFAULT_TIMING, TimingOptions } from "./timing";

async function runWorkload(workload: string, spec: Spec, root: string): Promise<unknown> {
  const timing: TimingOptions = spec.timing;
  const batch = mlpBatch(workload);
  if (batch !== null) return benchMlp(spec, batch, timing);
  switch (workload) {
    case "baseline":
      return {};
    case "matmul":
      return benchMatmul(spec, timing);
    case "tiny":
      return benchTiny(spec, timing);
    case "conv":
      return benchConv(spec, timing);
    case "notebooks":
      return benchNotebooks(root);
    default:
      throw new Error(`bench worker: unknown workload "${workload}"`);
  }
}

async function main(): Promise<void> {
  const [workload, timingJson] = process.argv.slice(2);
  const timing = timingJson ? (JSON.parse(timingJson) as TimingOptions) : DEFAULT_TIMING;
  const root = path.resolve(__dirname, "..", "..");
  const globalOptions = applyGlobalOptions();
  const result = await runWorkload(workload, { ...SPEC, timing }, root);
  const maxRssKb = process.resourceUsage().maxRSS;
  // CPU time of all this process's threads over its wall time: above 1 would mean more than one
  // thread did the work (gradlab is meant to run on one here, like PyTorch with one thread).
  const cpu = process.cpuUsage();
  const cpuPerWall = (cpu.user + cpu.system) / 1e6 / process.uptime();
  process.stdout.write(`${RESULT_MARK}${JSON.stringify({ workload, result, maxRssKb, cpuPerWall, globalOptions })}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
