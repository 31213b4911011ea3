/**
 * How every measurement is timed (bench/torch_bench.py and bench/numpy_mlp.py do the same in
 * Python, so the columns are comparable):
 *
 * 1. warm-up: call `fn` until `warmupSeconds` have passed (at least twice), so the JIT has
 *    compiled the hot loops and any buffers a layer keeps are allocated;
 * 2. calibrate: repetitions per round = enough calls for one round to last `roundSeconds`;
 * 3. time `rounds` rounds (3 when one call alone takes over a second, to keep the run short) and
 *    report the BEST round's seconds per call (the median is kept too). The best, as Python's
 *    timeit advises: other processes on the machine only ever add time, and this machine is
 *    shared, so the fastest round is the closest to what the code itself costs; both columns
 *    use the same rule, so the ratios stay fair.
 *
 * The defaults give ≥ 10 × 0.1 s = 1 s of timed work per measurement: many short rounds, so that
 * on a busy machine some of them run while the core is free.
 */
export interface TimingOptions {
  warmupSeconds: number;
  roundSeconds: number;
  rounds: number;
}

export interface Timing {
  /** Fastest round's seconds per call: the reported figure. */
  best: number;
  /** Median over rounds of the seconds per call (for judging the noise). */
  median: number;
  rounds: number;
  callsPerRound: number;
  /**
   * CPU time of all the process's threads during the timed rounds over their wall time: about 1
   * when one thread worked, about N when N threads did, less when other processes took cores.
   */
  cpuPerWall: number;
}

export const DEFAULT_TIMING: TimingOptions = { warmupSeconds: 0.3, roundSeconds: 0.1, rounds: 10 };

/** Quick mode (`npm run bench -- --quick`): a smoke test of the harness, not a measurement. */
export const QUICK_TIMING: TimingOptions = { warmupSeconds: 0.05, roundSeconds: 0.03, rounds: 3 };

function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/**
 * A call that runs `step` on the next of `items` each time, wrapping around (the batches of an
 * epoch, for a timed training step), and remembers the last value it returned (the loss).
 */
export function cycleThrough<T>(items: readonly T[], step: (item: T) => number): { call: () => void; last: () => number } {
  let k = 0;
  let last = NaN;
  return {
    call: () => {
      last = step(items[k]);
      k = (k + 1) % items.length;
    },
    last: () => last,
  };
}

export function measure(fn: () => void, options: TimingOptions = DEFAULT_TIMING): Timing {
  const start = now();
  let calls = 0;
  while (calls < 2 || now() - start < options.warmupSeconds) {
    fn();
    calls++;
  }
  const perCall = (now() - start) / calls;
  const callsPerRound = Math.max(1, Math.ceil(options.roundSeconds / perCall));
  const rounds = perCall > 1 ? Math.min(3, options.rounds) : options.rounds;
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = now();
  for (let r = 0; r < rounds; r++) {
    const t0 = now();
    for (let i = 0; i < callsPerRound; i++) fn();
    samples.push((now() - t0) / callsPerRound);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuPerWall = (cpu.user + cpu.system) / 1e6 / (now() - wall0);
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  return { best: samples[0], median, rounds, callsPerRound, cpuPerWall };
}
