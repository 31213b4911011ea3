/**
 * The gradlab side of each workload, through the public API of the built package only.
 * Each function returns plain JSON (timings in seconds, throughputs, checks) for the report.
 */
import { Conv2d, Linear, Module, Optimizer, ReLU, Rng, Sequential, Tensor, gemm, softmaxCrossEntropy, spiral } from "gradlab";
import { AllocCounts, allocationsPerCall } from "./alloc_count";
import { fastModel } from "./fast_options";
import { ConvSpec, Spec, convOut } from "./spec";
import { Timing, TimingOptions, cycleThrough, measure } from "./timing";

export interface MatmulRow {
  name: string;
  gflops: number;
  timing: Timing;
}

export function benchMatmul(spec: Spec, timing: TimingOptions): MatmulRow[] {
  const rng = new Rng(1);
  return spec.matmul.map((s) => {
    const A = Tensor.randn([s.M * s.K], rng).data;
    const B = Tensor.randn([s.K * s.N], rng).data;
    const C = new Float64Array(s.M * s.N);
    const t = measure(() => gemm(s.transA, s.transB, s.M, s.N, s.K, A, B, C), timing);
    return { name: s.name, gflops: (2 * s.M * s.N * s.K) / t.best / 1e9, timing: t };
  });
}

export interface TrainResult {
  samplesPerSecond: number;
  timing: Timing;
  allocsPerStep: AllocCounts;
  /** Which documented speed options were used (reuseBuffers, ...). */
  options: string[];
  check: Record<string, number>;
}

function mlp(sizes: [number, number, number], rng: Rng): Sequential {
  return new Sequential([new Linear(sizes[0], sizes[1], { rng }), new ReLU(), new Linear(sizes[1], sizes[2], { rng })]);
}

/** Fixed mini-batches as views of one data set (built once, outside the timed steps). */
function batchesOf(x: Tensor, y: Int32Array, batch: number): { x: Tensor; y: Int32Array }[] {
  const [n, d] = x.shape;
  const out: { x: Tensor; y: Int32Array }[] = [];
  for (let i = 0; i < n; i += batch) {
    const m = Math.min(batch, n - i);
    out.push({ x: new Tensor(x.data.subarray(i * d, (i + m) * d), [m, d]), y: y.subarray(i, i + m) });
  }
  return out;
}

const LOSS_OUT = "softmaxCrossEntropy(…, { out })";

/**
 * One SGD-with-momentum step: zero the gradients, fprop, softmax cross-entropy, bprop, update.
 * The loss writes dL/dlogits into a tensor kept per batch size (its documented `out` option, as
 * `fit` does), so that with `reuseBuffers()` nothing in the step needs new memory.
 */
function stepper(model: Module, opt: Optimizer): (b: { x: Tensor; y: Int32Array }) => number {
  const grads = new Map<number, Tensor>();
  return (b) => {
    opt.zeroGrad();
    const logits = model.fprop(b.x);
    let out = grads.get(logits.shape[0]);
    if (out === undefined) {
      out = Tensor.zeros(logits.shape);
      grads.set(logits.shape[0], out);
    }
    const { loss, grad } = softmaxCrossEntropy(logits, b.y, { out });
    // Like PyTorch and the numpy loop, skip dL/dx of the input data, which nothing uses.
    model.bpropParams(grad);
    opt.step();
    return loss;
  };
}

/** MLP 784-256-10 on random data of MNIST shape: x uniform in [0, 1), labels uniform in 0..9. */
export function benchMlp(spec: Spec, batch: number, timing: TimingOptions): TrainResult {
  const rng = new Rng(2);
  const { sizes, samples, lr, momentum } = spec.mlp;
  const x = Tensor.rand([samples, sizes[0]], rng);
  const y = new Int32Array(samples).map(() => rng.int(sizes[2]));
  const batches = batchesOf(x, y, batch);
  const { model, options } = fastModel(mlp(sizes, rng));
  const opt = new Optimizer(model.params(), "momentum", { lr, momentum });
  const steps = cycleThrough(batches, stepper(model, opt));
  const t = measure(steps.call, timing);
  const allocsPerStep = allocationsPerCall(steps.call);
  return { samplesPerSecond: batch / t.best, timing: t, allocsPerStep, options: [...options, LOSS_OUT], check: { lastLoss: steps.last() } };
}

/** The 300-point spiral of the tiny-net workload (the Python side gets these very numbers). */
export function spiralData(spec: Pick<Spec, "tiny">): ReturnType<typeof spiral> {
  const { pointsPerClass, classes, dataSeed } = spec.tiny;
  return spiral({ n: pointsPerClass, classes, rng: new Rng(dataSeed) });
}

/**
 * Tiny net 2-100-3 on the 300-point spiral: one call is a whole training run (fresh model,
 * 200 epochs of fixed batches of 32, the last batch of each epoch holding the 12 left over).
 */
export function benchTiny(spec: Spec, timing: TimingOptions): TrainResult {
  const { sizes, batch, epochs, lr, momentum } = spec.tiny;
  const data = spiralData(spec);
  const batches = batchesOf(data.x, data.y, batch);
  const samplesPerRun = epochs * data.x.shape[0];
  let accuracy = NaN;
  let options: string[] = [];
  let lastEpoch: (() => void) | null = null;
  const run = (): void => {
    const fast = fastModel(mlp(sizes, new Rng(3)));
    options = fast.options;
    const opt = new Optimizer(fast.model.params(), "momentum", { lr, momentum });
    const step = stepper(fast.model, opt);
    for (let e = 0; e < epochs; e++) for (const b of batches) step(b);
    lastEpoch = () => {
      for (const b of batches) step(b);
    };
    const pred = fast.model.fprop(data.x).argmax(1);
    accuracy = pred.reduce((s, p, i) => s + (p === data.y[i] ? 1 : 0), 0) / data.y.length;
  };
  const t = measure(run, timing);
  // Counted over whole epochs (batches of 32 and the last one of 12), per step.
  const perEpoch = allocationsPerCall(lastEpoch ?? run);
  const allocsPerStep = { storage: perEpoch.storage / batches.length, views: perEpoch.views / batches.length };
  return { samplesPerSecond: samplesPerRun / t.best, timing: t, allocsPerStep, options: [...options, LOSS_OUT], check: { trainAccuracy: accuracy } };
}

export interface ConvResult {
  imagesPerSecond: number;
  msPerBatch: number;
  timing: Timing;
  allocsPerStep: AllocCounts;
  options: string[];
}

/** fprop then bprop of a fixed x and dy through `layer` (gradients zeroed each call), timed; `per` images (or rows) per call. */
export function forwardBackward(layer: Module, x: Tensor, dy: Tensor, per: number, timing: TimingOptions): ConvResult {
  const { model, options } = fastModel(layer);
  const one = (): void => {
    model.zeroGrad();
    model.fprop(x);
    model.bprop(dy);
  };
  const t = measure(one, timing);
  const allocsPerStep = allocationsPerCall(one);
  return { imagesPerSecond: per / t.best, msPerBatch: t.best * 1e3, timing: t, allocsPerStep, options };
}

/** Conv2d(Cin, Cout, k, { padding }) forward and backward (dx, dW, db) on a batch: `spec.conv` or `spec.convCourse`. */
export function benchConv(c: ConvSpec, timing: TimingOptions): ConvResult {
  const { N, Cin, H, W, Cout, k, padding } = c;
  const rng = new Rng(4);
  const x = Tensor.randn([N, Cin, H, W], rng);
  const dy = Tensor.randn([N, Cout, convOut(c, H), convOut(c, W)], rng);
  return forwardBackward(new Conv2d(Cin, Cout, k, { padding, rng }), x, dy, N, timing);
}
