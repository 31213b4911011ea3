/**
 * Runners started from the startup snapshot (snapshot.ts) against runners started plainly, under
 * the real containment: the same library, the same results, the same walls around them.
 */
import * as fs from "fs";
import { findRepoRoot } from "gradlab";
import { readManifest, assignmentFiles } from "../assignment/load";
import { probeContainment } from "./containment";
import { buildLibraryView } from "./library_view";
import { RunnerProcess } from "./runner_process";
import { RunnerImage, buildRunnerSnapshot, runnerImage } from "./snapshot";

jest.setTimeout(120_000);

const root = findRepoRoot();
const containment = probeContainment();
const manifest = readManifest(assignmentFiles("a1-backprop", root));
const view = buildLibraryView(root, manifest.banned);

/** One cell, as tslab compiles it, that computes with the library and reports what the runner can reach. */
const probeCell = {
  id: "probe",
  async: false,
  js: `
const g = require("gradlab");
const r = {};
const x = g.Tensor.randn([5, 7], new g.Rng(3));
const w = g.Tensor.randn([7, 4], new g.Rng(4));
r.product = Array.from(x.matmul(w).data);
r.mse = g.mse(x.matmul(w), g.Tensor.zeros([5, 4])).loss;
try { g.Linear; r.banned = "reachable"; } catch (e) { r.banned = e.message; }
try { require("fs"); r.fs = "reachable"; } catch (e) { r.fs = e.message; }
r.util = require("util").format("%d/%s", 3, "ok");
r.env = Object.keys(process.env).sort();
// Read by the library as it loads, so frozen into the snapshot: it must be the runner's setting.
r.threads = g.getGemmThreads();
r.backend = g.getGemmBackend();
r.mainModule = typeof process.mainModule;
r.fromSnapshot = process.execArgv.includes("--snapshot-blob");
console.log(JSON.stringify(r));`,
};

async function probe(image: RunnerImage): Promise<{ failure: unknown; out: Record<string, unknown>; stderr: string }> {
  const runner = new RunnerProcess({ containment, image });
  try {
    const init = await runner.init("a1-backprop", [probeCell], 30_000);
    await runner.close();
    const cell = init.cells.find((c) => c.id === "probe");
    if (cell && !cell.ok) throw new Error(`the probe cell failed: ${JSON.stringify(cell.error)}`);
    const line = runner.output.stdout.trim().split("\n").pop() ?? "";
    return { failure: init.failure, out: line ? (JSON.parse(line) as Record<string, unknown>) : {}, stderr: runner.output.stderr };
  } finally {
    await runner.close();
  }
}

test("a runner from the snapshot computes bit for bit what a plain one does, behind the same walls", async () => {
  const image = runnerImage(view, containment);
  expect(image.snapshot).not.toBeNull();
  const fromSnapshot = await probe(image);
  const plain = await probe({ library: view, snapshot: null });
  expect(fromSnapshot.failure).toBeUndefined();
  expect(plain.failure).toBeUndefined();
  expect(fromSnapshot.out.fromSnapshot).toBe(true);
  expect(plain.out.fromSnapshot).toBe(false);
  const { fromSnapshot: _a, ...a } = fromSnapshot.out;
  const { fromSnapshot: _b, ...b } = plain.out;
  expect(a).toEqual(b);
  // And what both see is what the runner must see: the banned layer refused, no fs, a scrubbed environment.
  expect(a.banned).toMatch(/Linear from gradlab is not available/);
  expect(a.fs).toMatch(/import of "fs" is not allowed/);
  expect(a.env).toEqual(["GRADLAB_THREADS", "HOME", "LANG", "PATH", "TMPDIR"]);
  expect(a.mainModule).toBe("undefined");
  expect(a.util).toBe("3/ok");
  expect(a.threads).toBe(1);
  expect(a.backend).toBe("auto");
  // The product, checked against sums written out here: the snapshot's library really computes.
  const x = await probeTensor(3, [5, 7]);
  const w = await probeTensor(4, [7, 4]);
  const product = a.product as number[];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 7; k++) s += x[i * 7 + k] * w[k * 4 + j];
      expect(product[i * 4 + j]).toBeCloseTo(s, 12);
    }
  }
  // mse against zeros, by its definition (lecture reduction): the batch mean of each row's squared norm.
  expect(typeof a.mse).toBe("number");
  expect(a.mse as number).toBeCloseTo(product.reduce((sum, p) => sum + p * p, 0) / 5, 12);
});

/** The same random tensor, drawn by the grader's own library, to check the runner's product against. */
async function probeTensor(seed: number, shape: number[]): Promise<number[]> {
  const g = await import("gradlab");
  return Array.from(g.Tensor.randn(shape, new g.Rng(seed)).data);
}

test("a runner asked for another library view than its snapshot holds refuses, and says why", async () => {
  const image = runnerImage(view, containment);
  const other = await probe({ library: { ...view, id: "0000000000000000-000000000000" }, snapshot: image.snapshot });
  expect(other.failure).toBeDefined();
  expect(other.stderr).toContain(`asked for library view 0000000000000000-000000000000 but this runner started with ${view.id}`);
});

test("a blob someone else could write is not trusted: it is built again", () => {
  const blob = buildRunnerSnapshot(view, containment);
  expect(fs.statSync(blob).mode & 0o777).toBe(0o644);
  expect(fs.statSync(blob).uid).toBe(process.getuid?.());
  fs.chmodSync(blob, 0o666);
  const before = fs.statSync(blob).ino;
  expect(buildRunnerSnapshot(view, containment)).toBe(blob);
  expect(fs.statSync(blob).mode & 0o777).toBe(0o644);
  expect(fs.statSync(blob).ino).not.toBe(before);
  // Unchanged and ours, it is reused as it is.
  const reused = fs.statSync(blob).ino;
  expect(buildRunnerSnapshot(view, containment)).toBe(blob);
  expect(fs.statSync(blob).ino).toBe(reused);
});
