import type { Outcome } from "./children";
import type { Results } from "./report";
import { buildTables } from "./tables";

const ok = <T>(result: T, maxRssKb = 51200): Outcome<unknown> => ({
  ok: true, result, maxRssKb, extra: { cpuPerWall: 0.98 }, error: null, command: "cmd", seconds: 1,
});
const timing = { best: 1, median: 1.1 };
const allocs = (storage: number) => ({ storage, views: 0 });

function results(torch: boolean): Results {
  return {
    machine: { cpu: "CPU", cores: 2, memoryGiB: 8, node: "v20", kernel: "Linux", date: "d", loadAtStart: [0, 0, 0] },
    quick: false,
    timing: { warmupSeconds: 0.3, roundSeconds: 0.15, rounds: 5 },
    torchAvailable: torch,
    numpyAvailable: true,
    python: "/usr/bin/python3",
    torchInfo: null,
    numpyInfo: null,
    gradlab: {
      mlp128: ok({ samplesPerSecond: 2000, timing, allocsPerStep: allocs(0), options: [] }),
      tiny: ok({ samplesPerSecond: 300_000, timing, allocsPerStep: allocs(0), options: [] }),
    },
    torch: torch ? { mlp128: ok({ samplesPerSecond: 10_000, timing }), tiny: ok({ samplesPerSecond: 90_000, timing }) } : {},
    numpy: { tiny: ok({ samplesPerSecond: 400_000, timing }) },
    notebooks: null,
    threaded: null,
    grading: null,
    loadAtEnd: [0, 0, 0],
    totalSeconds: 1,
  };
}

const verdicts = (r: Results): Record<string, string> =>
  Object.fromEntries(buildTables(r).targets.rows.map((row) => [row[0].split(":")[0] + (row[0].includes("numpy") ? " numpy" : ""), `${row[1]} ${row[3]}`]));

describe("targets table", () => {
  test("pass/fail follows the measured ratios against the issue's thresholds", () => {
    const v = verdicts(results(true));
    expect(v["tiny net 2-100-3, batch 32"]).toBe("3.33× PASS"); // 300k / 90k ≥ 3
    expect(v["tiny net 2-100-3, batch 32 numpy"]).toBe("0.75× FAIL"); // 300k / 400k < 1
    expect(v["MLP 784-256-10, batch 128"]).toBe("0.20× FAIL"); // 2k / 10k < 0.25
    expect(v["matmul 1024"]).toBe("– not run");
    expect(v["warmed-up training step allocates no new Float64Array"]).toBe("MLP b128: 0, tiny net: 0 PASS");
  });

  test("without PyTorch the ratios to it are not judged, and a step that allocates fails", () => {
    const r = results(false);
    (r.gradlab.tiny.result as { allocsPerStep: { storage: number } }).allocsPerStep.storage = 2;
    const v = verdicts(r);
    expect(v["tiny net 2-100-3, batch 32"]).toBe("– n/a (no reference column)");
    expect(v["MLP 784-256-10, batch 128"]).toBe("– n/a (no reference column)");
    expect(v["warmed-up training step allocates no new Float64Array"]).toBe("MLP b128: 0, tiny net: 2 FAIL");
  });

  test("grading: the rows and the targets follow the measured times", () => {
    const r = results(true);
    r.grading = ok({ coldSeconds: 5.2, warmSeconds: 0.55, warmSamples: 8, classSize: 300, classJobs: 2, classSeconds: 75, classFailed: 0 });
    const main = buildTables(r).main;
    expect(main.rows.find((row) => row[0].startsWith("grading one a1 submission, warm"))?.[2]).toBe("0.55");
    expect(main.rows.find((row) => row[0] === "  … throughput")?.[2]).toBe("240");
    const v = verdicts(r);
    expect(v["one a1 submission graded warm, the runner's start included (issue 9)"]).toBe("0.55 s PASS");
    expect(v["300 a1 submissions with --jobs 2 (issue 10)"]).toBe("75 s FAIL");
    expect(verdicts(results(true))["300 a1 submissions with --jobs 2 (issue 10)"]).toBe("– not run");
  });
});
