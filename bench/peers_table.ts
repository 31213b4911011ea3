/**
 * The "gradlab vs the JavaScript peers" table (TF.js cpu and wasm, ConvNetJS; bench/peer_workloads.ts)
 * and its target: gradlab ahead of every peer on every training workload, in samples/s.
 */
import { errorCell, fmtRatio, num, ratio, value } from "./cells";
import type { Outcome } from "./children";
import { PEERS, PEER_LABELS, Peer, PeerInfo } from "./peer_workloads";
import type { Results } from "./report";
import { SPEC } from "./spec";
import type { Table } from "./tables";

/** The workloads the target is about: the training steps (Conv2d fprop+bprop is not one). */
export const TRAINING_WORKLOADS = [...SPEC.mlp.batches.map((b) => `mlp${b}`), "tiny"];

const LABELS: Record<string, string> = {
  ...Object.fromEntries(SPEC.mlp.batches.map((b) => [`mlp${b}`, `MLP b${b}`])),
  tiny: "tiny net",
  conv: "Conv2d",
};

function perSecond(o: Outcome<unknown> | undefined): number | null {
  const v = value<{ samplesPerSecond?: number; imagesPerSecond?: number }>(o);
  return v ? (v.samplesPerSecond ?? v.imagesPerSecond ?? null) : null;
}

function gflops(o: Outcome<unknown> | undefined, name: string): number | null {
  return value<{ name: string; gflops: number }[]>(o)?.find((m) => m.name === name)?.gflops ?? null;
}

const peerOutcome = (r: Results, p: Peer, w: string): Outcome<unknown> | undefined => r.peers[p]?.[w];

/** A peer's cell: the number, or "–" when it failed (the reason goes to a note), was not run or has no such workload. */
function peerCell(o: Outcome<unknown> | undefined, v: number | null, digits: number): string {
  return o && o.ok ? num(v, digits) : "–";
}

/** The target row: the lowest gradlab/peer ratio over the training workloads, and PASS only if all are above 1. */
export function peersTarget(r: Results): string[] {
  const what = "gradlab ahead of every JavaScript peer on every training workload (MLP b32/b128/b512, tiny net), samples/s";
  const required = "> 1× each";
  const pairs: { label: string; ratio: number | null }[] = [];
  for (const w of TRAINING_WORKLOADS) {
    if (!r.gradlab[w]) continue;
    for (const p of PEERS) {
      const o = peerOutcome(r, p, w);
      if (!o) continue;
      pairs.push({ label: `${PEER_LABELS[p].replace(/ \(.*\)$/, "")}, ${LABELS[w]}`, ratio: ratio(perSecond(r.gradlab[w]), perSecond(o)) });
    }
  }
  if (pairs.length === 0) return [what, "–", required, "not run"];
  const measured = pairs.filter((x): x is { label: string; ratio: number } => x.ratio !== null);
  const lowest = measured.reduce<{ label: string; ratio: number } | null>((m, x) => (m === null || x.ratio < m.ratio ? x : m), null);
  const behind = measured.filter((x) => !(x.ratio > 1));
  const text = lowest ? `lowest ${fmtRatio(lowest.ratio)} (${lowest.label})${behind.length > 1 ? `; behind in ${behind.length} of ${pairs.length}` : ""}` : "–";
  const missing = pairs.length - measured.length;
  const result = behind.length > 0 ? "FAIL" : missing > 0 ? `n/a (${missing} of ${pairs.length} not measured: see the peers table)` : "PASS";
  return [what, text, required, result];
}

/** null when no peer ran. */
export function buildPeersTable(r: Results): Table | null {
  const ran = PEERS.filter((p) => r.peers[p] && Object.keys(r.peers[p]).length > 0);
  if (ran.length === 0) return null;
  const header = ["workload", "unit", "gradlab (float64)", ...PEERS.flatMap((p) => [PEER_LABELS[p], `gradlab/${PEER_LABELS[p].replace(/ \(.*\)$/, "")}`])];
  const rows: string[][] = [];
  const row = (label: string, unit: string, w: string, read: (o: Outcome<unknown> | undefined) => number | null, digits: number): void => {
    const g = read(r.gradlab[w]);
    const cells = PEERS.flatMap((p) => {
      const o = peerOutcome(r, p, w);
      const v = read(o);
      return [peerCell(o, v, digits), fmtRatio(o && o.ok ? ratio(g, v) : null)];
    });
    rows.push([label, unit, r.gradlab[w] ? errorCell(r.gradlab[w], g, digits) : "–", ...cells]);
  };
  const anyRan = (w: string): boolean => Boolean(r.gradlab[w]) || PEERS.some((p) => peerOutcome(r, p, w));
  if (anyRan("matmul")) for (const s of SPEC.matmul) row(`matmul ${s.name}`, "GFLOP/s", "matmul", (o) => gflops(o, s.name), 2);
  for (const b of SPEC.mlp.batches) if (anyRan(`mlp${b}`)) row(`MLP 784-256-10, batch ${b}`, "samples/s", `mlp${b}`, perSecond, 0);
  if (anyRan("tiny")) row("tiny net 2-100-3, batch 32, 200 epochs", "samples/s", "tiny", perSecond, 0);
  if (anyRan("conv")) row("Conv2d 1→8 3×3 fprop+bprop, 64×1×28×28", "images/s", "conv", perSecond, 0);

  const notes: string[] = [
    "**TF.js computes in float32; gradlab and ConvNetJS compute in float64** (twice the bytes per number, and half the SIMD lanes for gradlab's f64x2 kernel), so the TF.js columns do less work per number than the others.",
  ];
  for (const p of PEERS) {
    for (const [w, o] of Object.entries(r.peers[p] ?? {})) if (!o.ok) notes.push(`– ${PEER_LABELS[p]} ${w}: ${o.error}`);
  }
  const info = (p: Peer): PeerInfo | null => {
    const o = Object.values(r.peers[p] ?? {}).find((x) => x.ok && x.extra.peerInfo);
    return o ? (o.extra.peerInfo as PeerInfo) : null;
  };
  for (const p of PEERS) {
    if (!ran.includes(p)) {
      notes.push(`${PEER_LABELS[p]}: not run.`);
      continue;
    }
    const i = info(p);
    notes.push(`${PEER_LABELS[p]}: ${i ? `${i.library} ${i.version}, ${i.threads} thread; ${i.detail}` : "no process succeeded"}.`);
  }
  notes.push(
    "One thread each: gradlab GRADLAB_THREADS=1; TF.js cpu runs its kernels on the main thread; TF.js wasm in Node loads its non-threaded binary, with setThreadsCount(1) as well; ConvNetJS is single-threaded JavaScript.",
    "Each peer runs in a fresh process (dist/bench/peer_worker.js) right after gradlab's for the same workload, timed by the same bench/timing.ts; the data and the initial weights are gradlab's (Rng-generated, the same numbers).",
    "TF.js: tfjs-core with one backend and tf.enableProdMode(); a training step is optimizer.minimize of tf.losses.softmaxCrossEntropy (mean over the batch) with tf.train.momentum; its kernels are [in, out] as in tf.layers.dense " +
      "(with gradlab's [out, in] and x·Wᵀ its wasm step is slower still). The wasm backend's matMul with a transposed operand is about 10× slower than without (the x·Wᵀ and dyᵀ·x rows), " +
      "and TF.js's own matMul gradient takes dW = xᵀ·dy that way, which is why its training steps run far below its plain matmul speed. Conv2d: tf.grads of conv2d(x, W) + b given dy, NHWC.",
    "ConvNetJS works on one sample at a time, and so is measured: a mini-batch of B is B calls of Trainer.train (sgd with momentum, batch_size B: gradients accumulate and the B-th call updates with their mean), " +
      "the MLP and tiny net as a Net of input → fc(256) + relu → fc(10) → softmax; Conv2d: a ConvLayer's forward and backward (dx, dW, db) for each of the 64 images in turn. It has no matrix product: its matmul cells are empty.",
    `The target is judged on the training workloads only (${TRAINING_WORKLOADS.map((w) => LABELS[w]).join(", ")}); the Conv2d row is fprop+bprop of one layer, not a training step.`,
  );
  const checks = PEERS.map((p) => {
    const v = value<{ check?: { trainAccuracy?: number } }>(peerOutcome(r, p, "tiny"));
    return v?.check?.trainAccuracy !== undefined ? `${PEER_LABELS[p].replace(/ \(.*\)$/, "")} ${num(v.check.trainAccuracy, 3)}` : null;
  }).filter((x) => x !== null);
  if (checks.length) notes.push(`tiny-net training accuracy after 200 epochs: ${checks.join(", ")}.`);
  return { title: "gradlab vs the JavaScript peers, one thread each (higher is better)", header, rows, notes };
}
