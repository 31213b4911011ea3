/**
 * Runs ONE gradlab workload in this (fresh) process and prints its result as one line
 * `BENCH_RESULT {json}` on stdout, with the process's peak RSS. Started by bench/run.ts:
 *
 *   [GRADLAB_THREADS=<n>] node dist/bench/worker.js <workload> '<timing options as JSON>'
 *
 * One process per workload, so that each peak RSS belongs to one workload and no workload
 * warms the JIT or the heap for the next. Matrix products use GRADLAB_THREADS threads, 1 when it
 * is unset (the targets are one thread each, whereas the library's own default is all
 * cores): set through setGemmThreads when the library has it, and reported as `gemmThreads`
 * (null when this build has no threads, so everything runs on the main thread).
 */
import * as path from "path";
import { applyGemmThreads, applyGlobalOptions } from "./fast_options";
import { benchConv, benchMatmul, benchMlp, benchTiny } from "./gradlab_workloads";
import { benchBatchNorm, benchKernel, benchMaxPool } from "./layer_workloads";
import { benchNotebooks } from "./notebooks_workload";
import { benchGrading } from "./grading_workload";
import { RESULT_MARK, SPEC, Spec, matmulShapeOf, mlpBatch } from "./spec";
import { DEFAULT_TIMING, TimingOptions } from "./timing";

async function runWorkload(workload: string, spec: Spec, root: string): Promise<unknown> {
  const timing: TimingOptions = spec.timing;
  const batch = mlpBatch(workload);
  if (batch !== null) return benchMlp(spec, batch, timing);
  const shape = matmulShapeOf(workload);
  if (shape !== null) return benchMatmul({ ...spec, matmul: [shape] }, timing);
  switch (workload) {
    case "baseline":
      return {};
    case "matmul":
      return benchMatmul(spec, timing);
    case "tiny":
      return benchTiny(spec, timing);
    case "conv":
      return benchConv(spec.conv, timing);
    case "convCourse":
      return benchConv(spec.convCourse, timing);
    case "maxpool":
      return benchMaxPool(spec, timing);
    case "batchnorm":
      return benchBatchNorm(spec, timing);
    case "kernel":
      return benchKernel(spec, timing);
    case "notebooks":
      return benchNotebooks(root);
    case "grading":
      return benchGrading(root);
    default:
      throw new Error(`bench worker: unknown workload "${workload}"`);
  }
}

/** GRADLAB_THREADS as the number of gemm threads to ask for; 1 when unset. */
function requestedThreads(): number {
  const text = process.env.GRADLAB_THREADS ?? "1";
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`bench worker: GRADLAB_THREADS must be a positive integer, not "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const [workload, timingJson] = process.argv.slice(2);
  const timing = timingJson ? (JSON.parse(timingJson) as TimingOptions) : DEFAULT_TIMING;
  const root = path.resolve(__dirname, "..", "..");
  const globalOptions = applyGlobalOptions();
  const gemmThreads = applyGemmThreads(requestedThreads());
  const result = await runWorkload(workload, { ...SPEC, timing }, root);
  const maxRssKb = process.resourceUsage().maxRSS;
  // CPU time of all this process's threads over its wall time: above 1 means more than one
  // thread did the work (as it should only with GRADLAB_THREADS above 1).
  const cpu = process.cpuUsage();
  const cpuPerWall = (cpu.user + cpu.system) / 1e6 / process.uptime();
  const line = `${RESULT_MARK}${JSON.stringify({ workload, result, maxRssKb, cpuPerWall, globalOptions, gemmThreads })}\n`;
  // Exit once the line is out rather than when the event loop empties: a pool of gemm threads
  // left referenced would otherwise keep this child alive until run.ts's timeout.
  process.stdout.write(line, () => process.exit(0));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
