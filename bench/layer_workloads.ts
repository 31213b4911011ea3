/**
 * The gradlab side of issue 13's layer workloads, MaxPool2d and BatchNorm1d forward and backward
 * (benchmarked like Conv2d), and of the kernel ceiling: gemm's WebAssembly kernel alone on data in
 * cache, the speed that bounds every product of the library.
 */
import { BatchNorm1d, MaxPool2d, Rng, Tensor } from "gradlab";
// The kernel is internal to the library (not in its public API); the ceiling is about it alone.
import { instantiateGemmKernel } from "gradlab/dist/lib/tensor/wasm/gemm_kernel";
import { ConvResult, forwardBackward } from "./gradlab_workloads";
import { Spec } from "./spec";
import { Timing, TimingOptions, measure } from "./timing";

/** MaxPool2d(k) on N×C×H×W: images/s. */
export function benchMaxPool(spec: Spec, timing: TimingOptions): ConvResult {
  const { N, C, H, W, k } = spec.maxpool;
  const rng = new Rng(5);
  const x = Tensor.randn([N, C, H, W], rng);
  const dy = Tensor.randn([N, C, Math.floor(H / k), Math.floor(W / k)], rng);
  return forwardBackward(new MaxPool2d(k), x, dy, N, timing);
}

/** BatchNorm1d(C) in training mode on N×C: samples/s (reported as imagesPerSecond, one "image" per row). */
export function benchBatchNorm(spec: Spec, timing: TimingOptions): ConvResult {
  const { N, C } = spec.batchnorm;
  const rng = new Rng(6);
  const x = Tensor.randn([N, C], rng);
  const dy = Tensor.randn([N, C], rng);
  return forwardBackward(new BatchNorm1d(C), x, dy, N, timing);
}

export interface KernelResult {
  gflops: number;
  timing: Timing;
  shape: { m: number; n: number; kc: number };
}

/**
 * The kernel's `macro` on one m×kc block of packed A and n/4 packed B panels of kc×4, adding into
 * an m×n block of C, all in its own memory and the same bytes every call (so in L1/L2 cache):
 * no packing, no copying, nothing but the multiply-adds. GFLOP/s = 2·m·n·kc / seconds.
 */
export function benchKernel(spec: Spec, timing: TimingOptions): KernelResult {
  const { m, n, kc } = spec.kernel;
  const c = 0, a = m * n, b = a + m * kc, edge = b + n * kc; // doubles
  const kernel = instantiateGemmKernel(Math.ceil(((edge + 16) * 8) / 65536));
  const mem = new Float64Array(kernel.memory.buffer);
  const rng = new Rng(7);
  for (let i = 0; i < edge; i++) mem[i] = rng.uniform() - 0.5;
  const t = measure(() => kernel.macro(a * 8, b * 8, c * 8, m, n, kc, n * 8, 1, edge * 8), timing);
  return { gflops: (2 * m * n * kc) / t.best / 1e9, timing: t, shape: { m, n, kc } };
}
