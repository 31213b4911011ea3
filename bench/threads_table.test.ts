import type { Outcome } from "./children";
import { renderMarkdown, renderTable } from "./report";
import type { Results } from "./report";
import { emptyResults } from "./results_fixture";
import { buildTables } from "./tables";
import { THREADS_UNSUPPORTED, ThreadedRuns, buildThreadsTable, oneThreadNotes } from "./threads_table";

const ok = (result: unknown, extra: Record<string, unknown> = {}): Outcome<unknown> => ({
  ok: true, result, maxRssKb: 51200, extra: { cpuPerWall: 1, ...extra }, error: null, command: "cmd", seconds: 1,
});
const failed: Outcome<unknown> = { ok: false, result: null, maxRssKb: null, extra: {}, error: "exit code 1: Error: boom", command: "cmd", seconds: 1 };
const timing = (cpuPerWall: number) => ({ best: 1, median: 1.1, cpuPerWall });
const matmul = (gflops: number, cpuPerWall = 1) => [{ name: "1024", gflops, timing: timing(cpuPerWall) }];
const mlp = (samplesPerSecond: number, cpuPerWall = 1) => ({ samplesPerSecond, timing: timing(cpuPerWall), allocsPerStep: { storage: 0, views: 0 }, options: [] });

/** gradlab 1 → 2 threads: matmul 16 → 30 GFLOP/s, MLP 10k → 15k samples/s; PyTorch 40 → 76, 30k → 45k. */
function threaded(): ThreadedRuns {
  return {
    threads: 2,
    loadAtStart: [0.1, 0.2, 0.3],
    gradlab: {
      one: { matmul1024: ok(matmul(16), { gemmThreads: 1 }), mlp128: ok(mlp(10_000), { gemmThreads: 1 }) },
      all: { matmul1024: ok(matmul(30, 1.95), { gemmThreads: 2 }), mlp128: ok(mlp(15_000, 1.6), { gemmThreads: 2 }) },
    },
    torch: {
      one: { matmul1024: ok(matmul(40), { threads: 1 }), mlp128: ok(mlp(30_000), { threads: 1 }) },
      all: { matmul1024: ok(matmul(76, 1.97), { threads: 2 }), mlp128: ok(mlp(45_000, 1.9), { threads: 2 }) },
    },
  };
}

function results(runs: ThreadedRuns | null): Results {
  return {
    ...emptyResults(),
    // The one-thread table: the targets are judged on these.
    gradlab: { mlp128: ok(mlp(2000), { gemmThreads: 1 }) },
    torch: { mlp128: ok(mlp(10_000), { threads: 1 }) },
    threaded: runs,
  };
}

const rowOf = (r: Results, label: string): string[] | undefined => buildThreadsTable(r)?.rows.find((row) => row[0] === label);

describe("threads table", () => {
  test("each side's speed-up over its own one-thread run, the ratio on N threads and the CPU/wall column", () => {
    const t = buildThreadsTable(results(threaded()));
    expect(t?.title).toBe("gradlab vs PyTorch on 2 threads (higher is better)");
    expect(t?.header.slice(2)).toEqual(["gradlab 1 thread", "gradlab 2 threads", "gradlab speed-up", "PyTorch 1 thread", "PyTorch 2 threads",
      "PyTorch speed-up", "gradlab/PyTorch on 2 threads", "CPU/wall on 2 threads (gradlab | PyTorch)"]);
    // Rows follow THREADED_WORKLOADS, and only the workloads that ran.
    expect(t?.rows.map((row) => row[0])).toEqual(["matmul 1024", "MLP 784-256-10, batch 128"]);
    expect(rowOf(results(threaded()), "matmul 1024")).toEqual(
      ["matmul 1024", "GFLOP/s", "16.00", "30.00", "1.88×", "40.00", "76.00", "1.90×", "0.39×", "1.95 | 1.97"]);
    expect(rowOf(results(threaded()), "MLP 784-256-10, batch 128")).toEqual(
      ["MLP 784-256-10, batch 128", "samples/s", "10,000", "15,000", "1.50×", "30,000", "45,000", "1.50×", "0.33×", "1.60 | 1.90"]);
    expect(t?.notes.some((n) => n.startsWith("WARNING") || n.startsWith("ERROR"))).toBe(false);
  });

  test("a build without gemm threads says so instead of a number, and its skipped runs are not an error", () => {
    const runs = threaded();
    runs.gradlab.one.matmul1024 = ok(matmul(16), { gemmThreads: null });
    delete runs.gradlab.all.matmul1024;
    const r = results(runs);
    expect(rowOf(r, "matmul 1024")?.slice(2, 5)).toEqual(["16.00", THREADS_UNSUPPORTED, "–"]);
    expect(rowOf(r, "matmul 1024")?.[7]).toBe("1.90×"); // PyTorch's speed-up is still shown
    const notes = buildThreadsTable(r)?.notes ?? [];
    expect(notes.some((n) => n.includes(THREADS_UNSUPPORTED))).toBe(true);
    expect(notes.some((n) => n.startsWith("ERROR"))).toBe(false);
  });

  test("a failed process is an error cell and note; a thread count other than asked for is a warning", () => {
    const runs = threaded();
    runs.gradlab.all.mlp128 = failed;
    runs.torch.all.matmul1024 = ok(matmul(40, 1), { threads: 1 });
    const r = results(runs);
    expect(rowOf(r, "MLP 784-256-10, batch 128")?.slice(3, 5)).toEqual(["error", "–"]);
    const notes = buildThreadsTable(r)?.notes ?? [];
    expect(notes).toContain("ERROR gradlab mlp128 on 2 threads: exit code 1: Error: boom");
    expect(notes).toContain("WARNING: PyTorch matmul1024 asked for 2 threads, but torch.get_num_threads() reported 1.");
  });

  test("without PyTorch its columns are empty and the gradlab speed-up stays", () => {
    const r = { ...results(threaded()), torchAvailable: false };
    expect(rowOf(r, "matmul 1024")?.slice(2)).toEqual(["16.00", "30.00", "1.88×", "–", "–", "–", "–", "1.95 | –"]);
  });

  test("no table when the group did not run; the targets keep the one-thread numbers", () => {
    expect(buildThreadsTable(results(null))).toBeNull();
    const mlpTarget = (r: Results): string[] | undefined => buildTables(r).targets.rows.find((row) => row[0].startsWith("MLP"));
    // 2,000 / 10,000 from the one-thread table, whatever the N-thread runs measured.
    expect(mlpTarget(results(threaded()))?.slice(1)).toEqual(["0.20×", "≥ 0.25×", "FAIL"]);
    expect(mlpTarget(results(null))?.slice(1)).toEqual(["0.20×", "≥ 0.25×", "FAIL"]);
  });

  test("rendered after the side-by-side table, as text and as markdown", () => {
    const r = results(threaded());
    const text = renderTable(r);
    expect(text.indexOf("gradlab vs PyTorch on 2 threads")).toBeGreaterThan(text.indexOf("gradlab vs PyTorch, side by side"));
    expect(text).toMatch(/matmul 1024 +GFLOP\/s +16\.00 +30\.00 +1\.88× +40\.00 +76\.00 +1\.90× +0\.39× +1\.95 \| 1\.97/);
    const md = renderMarkdown(r);
    expect(md).toContain("## gradlab vs PyTorch on 2 threads (higher is better)");
    expect(md).toContain("| matmul 1024 | GFLOP/s | 16.00 | 30.00 | 1.88× | 40.00 | 76.00 | 1.90× | 0.39× | 1.95 \\| 1.97 |");
  });
});

describe("one-thread note", () => {
  test("says what the workers reported: one gemm thread, or no threads in this build", () => {
    expect(oneThreadNotes(results(null))[0]).toContain("getGemmThreads() = 1 in every worker");
    const r = results(null);
    r.gradlab.mlp128 = ok(mlp(2000), { gemmThreads: null });
    expect(oneThreadNotes(r)[0]).toContain(`gradlab on the main thread (${THREADS_UNSUPPORTED})`);
    r.gradlab = {};
    expect(oneThreadNotes(r)[0]).not.toContain("every worker"); // no worker ran: nothing to vouch for
    r.gradlab.mlp128 = ok(mlp(2000), { gemmThreads: 2 });
    expect(oneThreadNotes(r)).toContain("WARNING: gradlab mlp128 asked for 1 thread, but getGemmThreads() reported 2.");
  });
});
