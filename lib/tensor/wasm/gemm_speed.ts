/**
 * Measures gemm's two paths (a script, not a test: timings do not belong in unit tests).
 *
 *   npm run build && node dist/lib/tensor/wasm/gemm_speed.js             # squares and MLP shapes
 *   node dist/lib/tensor/wasm/gemm_speed.js --crossover                  # where "auto" should switch
 *   node dist/lib/tensor/wasm/gemm_speed.js --threads                    # one thread against all cores
 *
 * Each case is warmed up (so V8 has optimised both paths), then timed in batches of calls
 * lasting ≥ 30 ms; the best batch of several counts, both by the wall clock and by the
 * process's CPU time (which is steadier when other jobs share the machine; it can include V8's
 * background threads, so it is not always lower). Prints GFLOP/s = 2·M·N·K / time.
 */
import * as os from "os";
import { gemm, gemmPath, setGemmBackend } from "../gemm";
import { PARALLEL_MIN_WORK, getGemmThreads, setGemmThreads } from "../gemm_threads";

interface Case {
  name: string;
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
}

function randomArray(n: number, seed: number): Float64Array {
  const a = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // a small LCG: the values do not matter
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

/**
 * Best GFLOP/s of `rounds` batches, by wall clock and by CPU time (of all threads), for one
 * path and thread count.
 */
function measure(c: Case, path: "js" | "wasm", rounds: number, threads = 1): { wall: number; cpu: number } {
  setGemmBackend(path);
  setGemmThreads(threads);
  const A = randomArray(c.M * c.K, 1), B = randomArray(c.K * c.N, 2), C = new Float64Array(c.M * c.N);
  const run = (): void => gemm(c.transA, c.transB, c.M, c.N, c.K, A, B, C);
  const flops = 2 * c.M * c.N * c.K;
  // Warm up for ~100 ms (at least 3 calls), which also tells how many calls fill 30 ms.
  let calls = 0;
  const t0 = process.hrtime.bigint();
  while (calls < 3 || Number(process.hrtime.bigint() - t0) < 1e8) {
    run();
    calls++;
  }
  const perBatch = Math.max(1, Math.ceil((calls * 0.03) / (Number(process.hrtime.bigint() - t0) / 1e9)));
  let wall = Infinity, cpu = Infinity;
  for (let r = 0; r < rounds; r++) {
    const u0 = process.cpuUsage();
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) run();
    const w = Number(process.hrtime.bigint() - w0) / 1e9;
    const u = process.cpuUsage(u0);
    wall = Math.min(wall, w / perBatch);
    cpu = Math.min(cpu, (u.user + u.system) / 1e6 / perBatch);
  }
  setGemmBackend("auto");
  setGemmThreads(cores);
  return { wall: flops / wall / 1e9, cpu: flops / cpu / 1e9 };
}

const f = (x: number): string => x.toFixed(2).padStart(6);
const cores = getGemmThreads();

/** The wasm path on one thread and on all cores: wall-clock GFLOP/s, and CPU time over wall time. */
function threadsTable(cases: Case[], rounds: number): void {
  console.log(`case`.padEnd(34) + `  1 thread  ${cores} threads  speed-up  CPU/wall  M·N·K ≥ PARALLEL_MIN_WORK`);
  for (const c of cases) {
    const one = measure(c, "wasm", rounds, 1);
    const all = measure(c, "wasm", rounds, cores);
    const work = c.M * c.N * c.K;
    console.log(`${c.name.padEnd(34)}  ${f(one.wall)}    ${f(all.wall)}    ${f(all.wall / one.wall)}    ${f(all.wall / all.cpu)}  ${work >= PARALLEL_MIN_WORK ? "yes" : "no"}`);
  }
}

function table(cases: Case[], rounds: number): void {
  console.log("case".padEnd(34) + "  js wall  js cpu  wasm wall wasm cpu  wasm/js  auto");
  for (const c of cases) {
    const js = measure(c, "js", rounds);
    const wasm = measure(c, "wasm", rounds);
    const ratio = Math.max(wasm.wall, wasm.cpu) / Math.max(js.wall, js.cpu);
    console.log(`${c.name.padEnd(34)}  ${f(js.wall)}  ${f(js.cpu)}    ${f(wasm.wall)}   ${f(wasm.cpu)}   ${f(ratio)}  ${gemmPath(c.M, c.N, c.K)}`);
  }
}

const sq = (n: number): Case => ({ name: `NN ${n}×${n}·${n}×${n}`, transA: false, transB: false, M: n, N: n, K: n });
const shape = (transA: boolean, transB: boolean, M: number, N: number, K: number): Case => ({
  name: `${transA ? "T" : "N"}${transB ? "T" : "N"} M=${M} N=${N} K=${K}`,
  transA,
  transB,
  M,
  N,
  K,
});

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? "?"}, ${os.cpus().length} cores, loadavg ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
if (process.argv.includes("--threads")) {
  console.log(`GFLOP/s by the wall clock, best of several batches; PARALLEL_MIN_WORK = ${PARALLEL_MIN_WORK}.\n`);
  const cases: Case[] = [];
  for (const n of [48, 64, 80, 96, 128, 160, 192, 256, 512, 1024]) cases.push(sq(n));
  for (const [ta, tb, M, N, K] of [[false, true, 32, 256, 784], [false, false, 32, 784, 256], [true, false, 256, 784, 32], [false, true, 128, 256, 784], [false, false, 128, 784, 256], [true, false, 256, 784, 128], [false, true, 512, 256, 784]] as const) {
    cases.push(shape(ta, tb, M, N, K));
  }
  threadsTable(cases, 5);
} else if (process.argv.includes("--crossover")) {
  console.log("GFLOP/s, best of several batches; one thread.\n");
  // Small cubes and the skinny shapes of small layers: where does the wasm path start to pay?
  const cases: Case[] = [];
  for (const n of [2, 3, 4, 6, 8, 12, 16, 24, 32]) cases.push(shape(false, true, n, n, n));
  for (const [M, N, K] of [[32, 100, 2], [32, 3, 100], [32, 100, 3], [8, 784, 9], [8, 9, 784], [9, 784, 8], [4, 64, 64], [64, 4, 64], [64, 64, 4], [16, 16, 8], [8, 8, 64], [1, 256, 784], [4, 256, 784], [64, 64, 1], [256, 256, 1], [3, 256, 256], [256, 3, 256]]) {
    for (const [ta, tb] of [[false, false], [false, true], [true, false]]) cases.push(shape(ta as boolean, tb as boolean, M, N, K));
  }
  table(cases, 5);
} else {
  console.log("GFLOP/s, best of several batches; one thread.\n");
  table([sq(64), sq(256), sq(512), sq(1024)], 5);
  console.log("");
  // The products of Linear (x·Wᵀ, dy·W, dyᵀ·x) for an MLP 784-256-10 at batch 128, the tiny
  // 2-100-3 net at batch 32, and Conv2d's per-image products (8 filters 3×3 on 28×28).
  table(
    [
      shape(false, true, 128, 256, 784),
      shape(false, false, 128, 784, 256),
      shape(true, false, 256, 784, 128),
      shape(false, true, 128, 10, 256),
      shape(false, false, 128, 256, 10),
      shape(true, false, 10, 256, 128),
      shape(false, true, 32, 100, 2),
      shape(false, false, 32, 2, 100),
      shape(true, false, 100, 2, 32),
      shape(false, true, 32, 3, 100),
      shape(false, false, 32, 100, 3),
      shape(true, false, 3, 100, 32),
      shape(false, false, 8, 784, 9),
      shape(false, true, 8, 9, 784),
      shape(true, false, 9, 784, 8),
    ],
    5,
  );
}
