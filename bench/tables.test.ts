import type { Outcome } from "./children";
import type { Results } from "./report";
import { emptyResults } from "./results_fixture";
import { buildTables } from "./tables";

const ok = <T>(result: T, maxRssKb = 51200): Outcome<unknown> => ({
  ok: true, result, maxRssKb, extra: { cpuPerWall: 0.98 }, error: null, command: "cmd", seconds: 1,
});
const timing = { best: 1, median: 1.1 };
const allocs = (storage: number) => ({ storage, views: 0 });

function results(torch: boolean): Results {
  return {
    ...emptyResults(),
    torchAvailable: torch,
    numpyAvailable: true,
    gradlab: {
      mlp128: ok({ samplesPerSecond: 2000, timing, allocsPerStep: allocs(0), options: [] }),
      tiny: ok({ samplesPerSecond: 300_000, timing, allocsPerStep: allocs(0), options: [] }),
    },
    torch: torch ? { mlp128: ok({ samplesPerSecond: 10_000, timing }), tiny: ok({ samplesPerSecond: 90_000, timing }) } : {},
    numpy: { tiny: ok({ samplesPerSecond: 400_000, timing }) },
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
    r.grading = ok({ coldSeconds: 5.2, warmSeconds: 0.55, warmSamples: 8, classSize: 300, classJobs: 2, classSeconds: 75, classFailed: 0, classCpuPerSubmission: 0.5, classCores: 2 });
    const main = buildTables(r).main;
    expect(main.rows.find((row) => row[0].startsWith("grading one a1 submission, warm"))?.[2]).toBe("0.55");
    expect(main.rows.find((row) => row[0] === "  … throughput")?.[2]).toBe("240");
    const v = verdicts(r);
    expect(v["one a1 submission graded warm, the runner's start included (issue 9)"]).toBe("0.55 s PASS");
    expect(v["300 a1 submissions with --jobs 2 (issue 10)"]).toBe("75 s (0.50 CPU s per submission; 60 s on 2 cores allows 0.40) FAIL");
    expect(main.rows.find((row) => row[0].startsWith("  … CPU per submission"))?.[2]).toBe("0.50");
    expect(verdicts(results(true))["300 a1 submissions with --jobs 2 (issue 10)"]).toBe("– not run");
  });
});

describe("issue 13: the layer workloads and the kernel ceiling", () => {
  const images = (imagesPerSecond: number) => ok({ imagesPerSecond, timing, allocsPerStep: allocs(0), options: [] });
  const gflops = (g: number) => ok([{ name: "1024", gflops: g, timing }]);

  test("each layer is judged at 0.4× PyTorch; a failing matmul target shows the measured ceiling", () => {
    const r = results(true);
    Object.assign(r.gradlab, { conv: images(9000), convCourse: images(3000), maxpool: images(30_000), batchnorm: images(500_000), matmul: gflops(19) });
    Object.assign(r.torch, { conv: images(20_000), convCourse: images(10_000), maxpool: images(50_000), batchnorm: images(700_000), matmul: gflops(50) });
    r.gradlab.kernel = ok({ gflops: 20, timing, shape: { m: 128, n: 128, kc: 256 } });
    r.torch.kernel = ok({ name: "1024", gflops: 50, timing });
    const v = verdicts(r);
    expect(v["Conv2d 1→8 3×3 fprop+bprop, 64×1×28×28, issue 13"]).toBe("0.45× PASS");
    expect(v["Conv2d 8→16 3×3 padding 1 fprop+bprop, 64×8×14×14 (course CNN), issue 13"]).toBe("0.30× FAIL");
    expect(v["MaxPool2d 2×2 fprop+bprop, 64×16×14×14, issue 13"]).toBe("0.60× PASS");
    expect(v["BatchNorm1d(256) training fprop+bprop, batch 512, issue 13"]).toBe("0.71× PASS");
    expect(v["MLP 784-256-10, batch 512, issue 13"]).toBe("– not run");
    expect(v["matmul 1024, issue 13"]).toBe("0.38× FAIL (measured ceiling 0.40× < 0.45×: out of reach with this kernel)");
    const ceiling = buildTables(r).main.rows.find((row) => row[0].startsWith("ceiling: gemm's WebAssembly kernel alone"));
    expect(ceiling?.slice(1, 5)).toEqual(["GFLOP/s", "20.00", "50.00", "0.40×"]);
    // A kernel fast enough for the target: the FAIL says so instead.
    r.gradlab.kernel = ok({ gflops: 25, timing, shape: { m: 128, n: 128, kc: 256 } });
    expect(verdicts(r)["matmul 1024, issue 13"]).toBe("0.38× FAIL (measured ceiling 0.50× ≥ 0.45×: the kernel alone would allow it)");
  });
});

describe("lecture notebooks", () => {
  test("one at a time and the whole course with all cores, with the speed-up between them", () => {
    const r = results(true);
    r.notebooks = ok({
      rows: [{ file: "a.ipynb", seconds: 4, ok: true, summary: "" }, { file: "b.ipynb", seconds: 6, ok: true, summary: "" }],
      totalSeconds: 10,
      parallel: { jobs: 2, wallSeconds: 6.25, failed: 0 },
      engineMaxRssKb: 1000,
    });
    const t = buildTables(r);
    expect(t.notebooks.rows.slice(-2)).toEqual([["total, one at a time", "10.0", ""], ["the whole course with --jobs 2", "6.3", "ok; 1.60× faster than one at a time"]]);
    expect(t.main.rows.find((row) => row[0].includes("--jobs 2 (all cores)"))?.slice(1, 3)).toEqual(["s wall", "6.3"]);
  });
});

describe("gradlab vs the JavaScript peers", () => {
  const fail = (error: string): Outcome<unknown> => ({ ok: false, result: null, maxRssKb: null, extra: {}, error, command: "cmd", seconds: 1 });
  const sps = (samplesPerSecond: number) => ok({ samplesPerSecond, timing, method: "m", check: {} });
  const info = (library: string, dtype: string) => ({ peerInfo: { library, version: "1.0", backend: "b", dtype, threads: 1, detail: "d" } });
  const withPeers = (): Results => {
    const r = results(false);
    r.gradlab.matmul = ok([{ name: "1024", gflops: 20, timing }]);
    r.peers = {
      "tfjs-cpu": { matmul: ok([{ name: "1024", gflops: 2, timing }]), mlp128: sps(1000), tiny: sps(100_000) },
      "tfjs-wasm": { matmul: ok([{ name: "1024", gflops: 40, timing }]), mlp128: sps(1600), tiny: sps(150_000) },
      convnetjs: { mlp128: sps(500), tiny: sps(60_000) },
    };
    for (const runs of Object.values(r.peers)) for (const o of Object.values(runs ?? {})) o.extra = info("L", "float32");
    return r;
  };
  const peersTable = (r: Results) => {
    const t = buildTables(r).peers;
    if (!t) throw new Error("no peers table");
    return t;
  };
  const rowOf = (r: Results, label: string) => peersTable(r).rows.find((row) => row[0] === label);
  const peerVerdict = (r: Results) => buildTables(r).targets.rows.find((row) => row[0].startsWith("gradlab ahead of every JavaScript peer"));

  test("cells and ratios gradlab/peer, GFLOP/s for matmul and samples/s for training", () => {
    const r = withPeers();
    // workload, unit, gradlab, then (value, gradlab/peer) for TF.js cpu, TF.js wasm, ConvNetJS
    expect(rowOf(r, "matmul 1024")).toEqual(["matmul 1024", "GFLOP/s", "20.00", "2.00", "10.00×", "40.00", "0.50×", "–", "–"]);
    expect(rowOf(r, "MLP 784-256-10, batch 128")).toEqual(["MLP 784-256-10, batch 128", "samples/s", "2,000", "1,000", "2.00×", "1,600", "1.25×", "500", "4.00×"]);
    expect(rowOf(r, "tiny net 2-100-3, batch 32, 200 epochs")?.slice(2)).toEqual(["300,000", "100,000", "3.00×", "150,000", "2.00×", "60,000", "5.00×"]);
    expect(peersTable(r).notes.join(" ")).toContain("TF.js computes in float32; gradlab and ConvNetJS compute in float64");
  });

  test("the verdict passes only when gradlab is ahead of every peer on every training workload (matmul does not count)", () => {
    const r = withPeers();
    // TF.js wasm is faster at matmul 1024 (0.50×), which is not a training workload.
    expect(peerVerdict(r)?.slice(1)).toEqual(["lowest 1.25× (TF.js wasm, MLP b128)", "> 1× each", "PASS"]);
    r.peers["tfjs-wasm"]!.tiny = sps(400_000); // faster than gradlab's 300,000
    expect(peerVerdict(r)?.slice(1)).toEqual(["lowest 0.75× (TF.js wasm, tiny net)", "> 1× each", "FAIL"]);
    r.peers["tfjs-wasm"]!.tiny = sps(300_000); // a tie is not ahead
    expect(peerVerdict(r)?.[3]).toBe("FAIL");
  });

  test("a peer that failed gives a '–' cell, its reason in a note, and no PASS", () => {
    const r = withPeers();
    r.peers.convnetjs!.mlp128 = fail("exit code 1: Error: Cannot find module 'convnetjs'");
    const row = rowOf(r, "MLP 784-256-10, batch 128");
    expect(row?.slice(7)).toEqual(["–", "–"]);
    expect(peersTable(r).notes).toContain("– ConvNetJS (float64) mlp128: exit code 1: Error: Cannot find module 'convnetjs'");
    expect(peerVerdict(r)?.[3]).toBe("n/a (1 of 6 not measured: see the peers table)");
    // ... but a known loss still fails
    r.peers["tfjs-cpu"]!.tiny = sps(900_000);
    expect(peerVerdict(r)?.[3]).toBe("FAIL");
  });

  test("no peer run: no table, the target not run", () => {
    const r = results(true);
    expect(buildTables(r).peers).toBeNull();
    expect(peerVerdict(r)?.slice(1)).toEqual(["–", "> 1× each", "not run"]);
  });
});
