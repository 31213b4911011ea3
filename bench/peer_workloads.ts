/**
 * The JavaScript peers' side of the workloads of bench/gradlab_workloads.ts: TensorFlow.js
 * (tfjs-core with its "cpu" or "wasm" backend, float32) and ConvNetJS (float64). Same shapes,
 * batch sizes, steps and hyperparameters as gradlab's, from the same SPEC; the data and the
 * initial weights are gradlab's very numbers (built with gradlab's Rng outside the timed part,
 * in the same order as gradlab_workloads.ts draws them), so the losses can be compared.
 *
 * Each peer is loaded here, in its own child process (bench/peer_worker.ts), with `require` at
 * run time: a peer that is missing or fails to load fails its own process only.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Linear, Rng, Tensor } from "gradlab";
import { MatmulRow, spiralData } from "./gradlab_workloads";
import { Spec } from "./spec";
import { Timing, TimingOptions, cycleThrough, measure } from "./timing";
import type * as TF from "@tensorflow/tfjs-core";
import type * as ConvNetJS from "convnetjs";

export const PEERS = ["tfjs-cpu", "tfjs-wasm", "convnetjs"] as const;
export type Peer = (typeof PEERS)[number];

/** How the report names each peer, with the precision it computes in. */
export const PEER_LABELS: Record<Peer, string> = { "tfjs-cpu": "TF.js cpu (float32)", "tfjs-wasm": "TF.js wasm (float32)", convnetjs: "ConvNetJS (float64)" };

/** The workloads each peer has; the others are not run for it (ConvNetJS has no matrix product). */
export const PEER_WORKLOADS: Record<Peer, readonly string[]> = {
  "tfjs-cpu": ["matmul", "mlp32", "mlp128", "mlp512", "tiny", "conv"],
  "tfjs-wasm": ["matmul", "mlp32", "mlp128", "mlp512", "tiny", "conv"],
  convnetjs: ["mlp32", "mlp128", "mlp512", "tiny", "conv"],
};

/** What a peer process reports next to its result: which library, backend, precision, threads. */
export interface PeerInfo {
  library: string;
  version: string;
  backend: string;
  dtype: "float32" | "float64";
  threads: number;
  detail: string;
}

export interface PeerTrainResult {
  samplesPerSecond: number;
  timing: Timing;
  /** How the step is done with this library's API (shown in the report's notes). */
  method: string;
  check: Record<string, number>;
}

export interface PeerConvResult {
  imagesPerSecond: number;
  msPerBatch: number;
  timing: Timing;
  method: string;
}

/** The initial weights gradlab's mlp() would draw from `rng` (Linear's Xavier uniform, zero biases). */
function initialMlp(sizes: [number, number, number], rng: Rng): { W: Float64Array; b: Float64Array; out: number; in: number }[] {
  const l1 = new Linear(sizes[0], sizes[1], { rng });
  const l2 = new Linear(sizes[1], sizes[2], { rng });
  return [l1, l2].map((l) => ({ W: l.W.value.data, b: l.b ? l.b.value.data : new Float64Array(l.outFeatures), out: l.outFeatures, in: l.inFeatures }));
}

/** gradlab's MLP data set (benchMlp): x uniform [0, 1), labels uniform 0..9, then the initial weights. */
function mlpData(spec: Spec): { x: Float64Array; y: Int32Array; init: ReturnType<typeof initialMlp> } {
  const rng = new Rng(2);
  const { sizes, samples } = spec.mlp;
  const x = Tensor.rand([samples, sizes[0]], rng).data;
  const y = new Int32Array(samples).map(() => rng.int(sizes[2]));
  return { x, y, init: initialMlp(sizes, rng) };
}

/** [start, end) of the fixed mini-batches, as gradlab's batchesOf cuts them (the last one may be short). */
function batchRanges(n: number, batch: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i += batch) out.push([i, Math.min(n, i + batch)]);
  return out;
}

// ---- TensorFlow.js ------------------------------------------------------------------------------

/**
 * tfjs-core's Node build (dist/tf-core.node.js) registers no gradients: the @tensorflow/tfjs
 * bundle adds them from tfjs-core's own `dist/register_all_gradients.js`, which is an ES module
 * with extensionless imports that Node cannot load as is. So it is bundled here, once per
 * process, with esbuild (a dependency of this project) into one CommonJS file and required. Its
 * registrations land in the gradient registry tfjs-core keeps on the global object, which the
 * engine of tf-core.node.js reads, as it does for the backends' kernels.
 */
function registerTfGradients(): void {
  const esbuild = require("esbuild") as typeof import("esbuild");
  const entry = require.resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js");
  const built = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", write: false, logLevel: "silent" });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bench-tfjs-")), "register_all_gradients.cjs");
  try {
    fs.writeFileSync(file, built.outputFiles[0].text);
    require(file);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/**
 * Loads tfjs-core with one backend, on one thread. "wasm": the .wasm files come from the
 * installed package (setWasmPaths with its dist/ folder on disk, no network); in Node the backend
 * picks its non-threaded SIMD binary (WASM_HAS_MULTITHREAD_SUPPORT is false there, and set false
 * here too), and setThreadsCount(1) asks XNNPACK for one thread; getThreadsCount() is reported.
 */
export async function loadTf(backend: "cpu" | "wasm"): Promise<{ tf: typeof TF; info: PeerInfo }> {
  const tf = require("@tensorflow/tfjs-core") as typeof TF;
  registerTfGradients();
  let wasm: typeof import("@tensorflow/tfjs-backend-wasm") | null = null;
  if (backend === "cpu") {
    require("@tensorflow/tfjs-backend-cpu");
  } else {
    wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    const dir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    wasm.setWasmPaths(`${dir}${path.sep}`);
    wasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js: backend "${backend}" failed to initialise`);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`TF.js: asked for backend "${backend}", got "${tf.getBackend()}"`);
  let threads = 1;
  let detail = "tfjs-backend-cpu: plain JavaScript kernels on Float32Array, on the main thread";
  if (wasm) {
    threads = wasm.getThreadsCount();
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    detail = `tfjs-backend-wasm (XNNPACK), binary ${simd ? "tfjs-backend-wasm-simd.wasm" : "tfjs-backend-wasm.wasm"} (not threaded) ` +
      `loaded from node_modules, setThreadsCount(1), getThreadsCount() = ${threads}`;
  }
  // The documented speed switch: skips the debug checks of every op.
  tf.enableProdMode();
  const version = (require("@tensorflow/tfjs-core/package.json") as { version: string }).version;
  return { tf, info: { library: "TensorFlow.js", version, backend, dtype: "float32", threads, detail: `${detail}; tf.enableProdMode()` } };
}

export function tfMatmul(tf: typeof TF, spec: Spec, timing: TimingOptions): MatmulRow[] {
  const rng = new Rng(1);
  return spec.matmul.map((s) => {
    const A = tf.tensor2d(Float32Array.from(Tensor.randn([s.M * s.K], rng).data), s.transA ? [s.K, s.M] : [s.M, s.K]);
    const B = tf.tensor2d(Float32Array.from(Tensor.randn([s.K * s.N], rng).data), s.transB ? [s.N, s.K] : [s.K, s.N]);
    const t = measure(() => tf.matMul(A, B, s.transA, s.transB).dispose(), timing);
    A.dispose();
    B.dispose();
    return { name: s.name, gflops: (2 * s.M * s.N * s.K) / t.best / 1e9, timing: t };
  });
}

interface TfBatch {
  x: TF.Tensor2D;
  onehot: TF.Tensor2D;
}

function tfBatches(tf: typeof TF, x: Float64Array, y: Int32Array, d: number, classes: number, batch: number): TfBatch[] {
  return batchRanges(y.length, batch).map(([a, b]) => ({
    x: tf.tensor2d(Float32Array.from(x.subarray(a * d, b * d)), [b - a, d]),
    onehot: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y.subarray(a, b), "int32"), classes), "float32")) as TF.Tensor2D,
  }));
}

/** gradlab's W [out, in] as the [in, out] kernel TF.js's own dense layer keeps. */
function transposed(W: Float64Array, out: number, n: number): Float32Array {
  const t = new Float32Array(W.length);
  for (let i = 0; i < out; i++) for (let j = 0; j < n; j++) t[j * out + i] = W[i * n + j];
  return t;
}

/**
 * Variables W [in, out] and b [out] per layer, the layout of tf.layers.dense's kernel (gradlab's
 * initial values, transposed); logits = relu(x·W1 + b1)·W2 + b2. With gradlab's [out, in]
 * layout, x·Wᵀ, the wasm backend's step is ~1.7× slower: its matMul with a transposed operand is
 * much slower than without (the matmul rows of the table show it).
 */
function tfMlp(tf: typeof TF, init: ReturnType<typeof initialMlp>): { vars: TF.Variable[]; logits: (x: TF.Tensor2D) => TF.Tensor2D } {
  const vars = init.flatMap((l) => [tf.variable(tf.tensor2d(transposed(l.W, l.out, l.in), [l.in, l.out])), tf.variable(tf.tensor1d(Float32Array.from(l.b)))]);
  const [W1, b1, W2, b2] = vars;
  const logits = (x: TF.Tensor2D): TF.Tensor2D => {
    const h = tf.relu(tf.add(tf.matMul(x, W1 as TF.Tensor2D), b1));
    return tf.add(tf.matMul(h as TF.Tensor2D, W2 as TF.Tensor2D), b2) as TF.Tensor2D;
  };
  return { vars, logits };
}

const TF_STEP = "optimizer.minimize(() => tf.losses.softmaxCrossEntropy(onehot, logits)) with tf.train.momentum (gradients of W1, b1, W2, b2 only; " +
  "kernels [in, out] as tf.layers.dense keeps them; one-hot labels built once)";

/** One step: fprop, softmax cross-entropy (mean over the batch), bprop, SGD-momentum update; returns the loss. */
function tfStepper(tf: typeof TF, model: ReturnType<typeof tfMlp>, opt: TF.Optimizer): (b: TfBatch) => number {
  return (b) => {
    const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(b.onehot, model.logits(b.x)) as TF.Scalar, true, model.vars);
    if (!cost) throw new Error("TF.js: minimize returned no cost");
    const loss = cost.dataSync()[0];
    cost.dispose();
    return loss;
  };
}

export function tfMlpStep(tf: typeof TF, spec: Spec, batch: number, timing: TimingOptions): PeerTrainResult {
  const { sizes, lr, momentum } = spec.mlp;
  const data = mlpData(spec);
  const batches = tfBatches(tf, data.x, data.y, sizes[0], sizes[2], batch);
  const model = tfMlp(tf, data.init);
  const steps = cycleThrough(batches, tfStepper(tf, model, tf.train.momentum(lr, momentum)));
  const t = measure(steps.call, timing);
  return { samplesPerSecond: batch / t.best, timing: t, method: TF_STEP, check: { lastLoss: steps.last(), tensorsAlive: tf.memory().numTensors } };
}

export function tfTiny(tf: typeof TF, spec: Spec, timing: TimingOptions): PeerTrainResult {
  const { sizes, batch, epochs, lr, momentum } = spec.tiny;
  const data = spiralData(spec);
  const batches = tfBatches(tf, data.x.data, data.y, sizes[0], sizes[2], batch);
  const xAll = tf.tensor2d(Float32Array.from(data.x.data), [data.y.length, sizes[0]]);
  let accuracy = NaN;
  const run = (): void => {
    const model = tfMlp(tf, initialMlp(sizes, new Rng(3)));
    const opt = tf.train.momentum(lr, momentum);
    const step = tfStepper(tf, model, opt);
    for (let e = 0; e < epochs; e++) for (const b of batches) step(b);
    const pred = tf.tidy(() => tf.argMax(model.logits(xAll), 1).dataSync());
    let right = 0;
    pred.forEach((p, i) => {
      if (p === data.y[i]) right++;
    });
    accuracy = right / data.y.length;
    opt.dispose();
    model.vars.forEach((v) => v.dispose());
  };
  const t = measure(run, timing);
  return { samplesPerSecond: (epochs * data.y.length) / t.best, timing: t, method: `${TF_STEP}; a fresh network and optimizer per run`, check: { trainAccuracy: accuracy } };
}

/** Conv2d 1→8 3×3, forward and backward (dx, dW, db) with tf.grads and a given dy; NHWC, TF.js's layout. */
export function tfConv(tf: typeof TF, spec: Spec, timing: TimingOptions): PeerConvResult {
  const { N, Cin, H, W, Cout, k } = spec.conv;
  const rng = new Rng(4);
  const f32 = (n: number): Float32Array => Float32Array.from(Tensor.randn([n], rng).data);
  const x = tf.tensor4d(f32(N * Cin * H * W), [N, H, W, Cin]);
  const dy = tf.tensor4d(f32(N * Cout * (H - k + 1) * (W - k + 1)), [N, H - k + 1, W - k + 1, Cout]);
  const filter = tf.tensor4d(f32(k * k * Cin * Cout), [k, k, Cin, Cout]);
  const bias = tf.zeros([Cout]);
  const grads = tf.grads((xs: TF.Tensor, w: TF.Tensor, b: TF.Tensor) => tf.add(tf.conv2d(xs as TF.Tensor4D, w as TF.Tensor4D, 1, "valid"), b));
  const t = measure(() => grads([x, filter, bias], dy).forEach((g) => g.dispose()), timing);
  return { imagesPerSecond: N / t.best, msPerBatch: t.best * 1e3, timing: t, method: "tf.grads(conv2d(x, W) + b)([x, W, b], dy): dx, dW, db, NHWC" };
}

// ---- ConvNetJS ----------------------------------------------------------------------------------

export function loadConvnet(): { cn: typeof ConvNetJS; info: PeerInfo } {
  const cn = require("convnetjs") as typeof ConvNetJS;
  const version = (require("convnetjs/package.json") as { version: string }).version;
  if (!(new cn.Vol(1, 1, 1, 0).w instanceof Float64Array)) throw new Error("ConvNetJS: Vol storage is not a Float64Array");
  return { cn, info: { library: "ConvNetJS", version, backend: "plain JavaScript", dtype: "float64", threads: 1, detail: "Vol storage Float64Array; one sample at a time" } };
}

/** Net input → fc(256) → relu → fc(10) → softmax, its weights set to gradlab's initial ones. */
function convnetMlp(cn: typeof ConvNetJS, init: ReturnType<typeof initialMlp>): ConvNetJS.Net {
  const net = new cn.Net();
  net.makeLayers([
    { type: "input", out_sx: 1, out_sy: 1, out_depth: init[0].in },
    { type: "fc", num_neurons: init[0].out, activation: "relu" },
    { type: "softmax", num_classes: init[1].out },
  ]);
  const fcs = net.layers.filter((l) => l.layer_type === "fc");
  fcs.forEach((l, j) => {
    const { W, b, in: n } = init[j];
    (l.filters ?? []).forEach((f, i) => f.w.set(W.subarray(i * n, (i + 1) * n)));
    l.biases?.w.set(b);
  });
  return net;
}

/** One Vol per sample, viewing the data (the samples are built once, outside the timed steps). */
function convnetSamples(cn: typeof ConvNetJS, x: Float64Array, d: number): ConvNetJS.Vol[] {
  const out: ConvNetJS.Vol[] = [];
  for (let i = 0; i * d < x.length; i++) {
    const v = new cn.Vol(1, 1, d, 0);
    v.w = x.subarray(i * d, (i + 1) * d);
    out.push(v);
  }
  return out;
}

const CONVNET_STEP =
  "Trainer({method: 'sgd', momentum, learning_rate, batch_size: B}).train(x_i, y_i) for each of the B samples of a batch " +
  "(forward, softmax loss, backward accumulating the gradients; the update, with the gradients divided by B, on the B-th)";

/** A mini-batch with ConvNetJS: one Trainer.train per sample; its batch_size makes the B-th call the update. */
function convnetStepper(trainer: ConvNetJS.Trainer, xs: ConvNetJS.Vol[], y: Int32Array): (range: [number, number]) => number {
  return ([a, b]) => {
    // batch_size = this batch's size and k = 0, so that the short last batch of an epoch (the
    // tiny net's 12) updates once at its end too, with its own mean.
    trainer.batch_size = b - a;
    trainer.k = 0;
    let loss = 0;
    for (let i = a; i < b; i++) loss += trainer.train(xs[i], y[i]).cost_loss;
    return loss / (b - a);
  };
}

export function convnetMlpStep(cn: typeof ConvNetJS, spec: Spec, batch: number, timing: TimingOptions): PeerTrainResult {
  const { sizes, lr, momentum } = spec.mlp;
  const data = mlpData(spec);
  const xs = convnetSamples(cn, data.x, sizes[0]);
  const ranges = batchRanges(data.y.length, batch);
  const trainer = new cn.Trainer(convnetMlp(cn, data.init), { method: "sgd", learning_rate: lr, momentum, batch_size: batch, l2_decay: 0 });
  const steps = cycleThrough(ranges, convnetStepper(trainer, xs, data.y));
  const t = measure(steps.call, timing);
  return { samplesPerSecond: batch / t.best, timing: t, method: CONVNET_STEP, check: { lastLoss: steps.last() } };
}

export function convnetTiny(cn: typeof ConvNetJS, spec: Spec, timing: TimingOptions): PeerTrainResult {
  const { sizes, batch, epochs, lr, momentum } = spec.tiny;
  const data = spiralData(spec);
  const xs = convnetSamples(cn, data.x.data, sizes[0]);
  const ranges = batchRanges(data.y.length, batch);
  let accuracy = NaN;
  const run = (): void => {
    const net = convnetMlp(cn, initialMlp(sizes, new Rng(3)));
    const trainer = new cn.Trainer(net, { method: "sgd", learning_rate: lr, momentum, batch_size: batch, l2_decay: 0 });
    const step = convnetStepper(trainer, xs, data.y);
    for (let e = 0; e < epochs; e++) for (const r of ranges) step(r);
    let right = 0;
    xs.forEach((v, i) => {
      net.forward(v);
      if (net.getPrediction() === data.y[i]) right++;
    });
    accuracy = right / xs.length;
  };
  const t = measure(run, timing);
  return { samplesPerSecond: (epochs * data.y.length) / t.best, timing: t, method: `${CONVNET_STEP}; a fresh Net and Trainer per run`, check: { trainAccuracy: accuracy } };
}

/** ConvLayer(1→8, 3×3) forward and backward (dx, dW, db), one image after the other (ConvNetJS has no batch). */
export function convnetConv(cn: typeof ConvNetJS, spec: Spec, timing: TimingOptions): PeerConvResult {
  const { N, Cin, H, W, Cout, k } = spec.conv;
  const rng = new Rng(4);
  const x = Tensor.randn([N, Cin, H, W], rng).data;
  const dy = Tensor.randn([N, Cout, H - k + 1, W - k + 1], rng).data;
  const layer = new cn.ConvLayer({ in_sx: W, in_sy: H, in_depth: Cin, sx: k, filters: Cout, stride: 1, pad: 0 });
  // ConvNetJS's layout is (x, y, depth) with depth fastest; the values are random, so each
  // image's slice serves as is.
  const per = Cin * H * W;
  const perOut = Cout * (H - k + 1) * (W - k + 1);
  const images = Array.from({ length: N }, (_, i) => {
    const v = new cn.Vol(W, H, Cin, 0);
    v.w = x.subarray(i * per, (i + 1) * per);
    return v;
  });
  const dys = Array.from({ length: N }, (_, i) => dy.subarray(i * perOut, (i + 1) * perOut));
  const t = measure(() => {
    for (const f of layer.filters) f.dw.fill(0);
    layer.biases.dw.fill(0);
    for (let i = 0; i < N; i++) {
      layer.forward(images[i]);
      layer.out_act.dw = dys[i];
      layer.backward();
    }
  }, timing);
  return { imagesPerSecond: N / t.best, msPerBatch: t.best * 1e3, timing: t, method: "ConvLayer.forward + backward per image, 64 in a row (gradients accumulate over the batch)" };
}
