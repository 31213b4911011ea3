/**
 * The workloads, defined once: the gradlab side reads them here and the Python side
 * (bench/torch_bench.py, bench/numpy_mlp.py) receives the same object as JSON, so both sides
 * run the same sizes, batch sizes and hyperparameters.
 */
export interface MatmulShape {
  /** Row label, e.g. "1024" or "x·Wᵀ [128,784]·[256,784]ᵀ". */
  name: string;
  transA: boolean;
  transB: boolean;
  /** C is M×N, the shared dimension is K; A is M×K (K×M with transA), B is K×N (N×K with transB). */
  M: number;
  N: number;
  K: number;
}

export const MATMUL_SHAPES: MatmulShape[] = [
  { name: "64", transA: false, transB: false, M: 64, N: 64, K: 64 },
  { name: "256", transA: false, transB: false, M: 256, N: 256, K: 256 },
  { name: "512", transA: false, transB: false, M: 512, N: 512, K: 512 },
  { name: "1024", transA: false, transB: false, M: 1024, N: 1024, K: 1024 },
  // The three products of a Linear(784, 256) layer at batch 128 (MLP fprop and bprop).
  { name: "x·Wᵀ [128,784]·[256,784]ᵀ", transA: false, transB: true, M: 128, N: 256, K: 784 },
  { name: "dy·W [128,256]·[256,784]", transA: false, transB: false, M: 128, N: 784, K: 256 },
  { name: "dyᵀ·x [128,256]ᵀ·[128,784]", transA: true, transB: false, M: 256, N: 784, K: 128 },
];

export interface ConvSpec {
  N: number;
  Cin: number;
  H: number;
  W: number;
  Cout: number;
  k: number;
  padding: number;
}

export interface Spec {
  matmul: MatmulShape[];
  mlp: {
    sizes: [number, number, number];
    batches: number[];
    /** Samples in the random data set the batches cycle through. */
    samples: number;
    lr: number;
    momentum: number;
  };
  tiny: { sizes: [number, number, number]; dataSeed: number; pointsPerClass: number; classes: number; batch: number; epochs: number; lr: number; momentum: number };
  /** Conv2d(Cin, Cout, k, { padding }) fprop+bprop on N images Cin×H×W: the layer and the course CNN's. */
  conv: ConvSpec;
  convCourse: ConvSpec;
  /** MaxPool2d(k) fprop+bprop on N×C×H×W (what follows the course CNN's second convolution). */
  maxpool: { N: number; C: number; H: number; W: number; k: number };
  /** BatchNorm1d(C), training mode, fprop+bprop on a batch N×C (the MLP's hidden layer). */
  batchnorm: { N: number; C: number };
  /**
   * The kernel-ceiling workload: gemm's WebAssembly kernel alone on packed panels that stay in
   * cache (an m×kc A block, kc×n B panels, the m×n C block), the speed no product can exceed.
   */
  kernel: { m: number; n: number; kc: number };
  timing: { warmupSeconds: number; roundSeconds: number; rounds: number };
}

export const SPEC: Omit<Spec, "timing"> = {
  matmul: MATMUL_SHAPES,
  mlp: { sizes: [784, 256, 10], batches: [32, 128, 512], samples: 4096, lr: 0.01, momentum: 0.9 },
  tiny: { sizes: [2, 100, 3], dataSeed: 0, pointsPerClass: 100, classes: 3, batch: 32, epochs: 200, lr: 0.05, momentum: 0.9 },
  conv: { N: 64, Cin: 1, H: 28, W: 28, Cout: 8, k: 3, padding: 0 },
  convCourse: { N: 64, Cin: 8, H: 14, W: 14, Cout: 16, k: 3, padding: 1 },
  maxpool: { N: 64, C: 16, H: 14, W: 14, k: 2 },
  batchnorm: { N: 512, C: 256 },
  kernel: { m: 128, n: 128, kc: 256 },
};

/** Output size of a spec's convolution (stride 1): H + 2·padding − k + 1. */
export const convOut = (c: ConvSpec, size: number): number => size + 2 * c.padding - c.k + 1;

/** The workloads each run in a fresh process (so peak RSS is per workload). */
export const WORKLOADS = ["baseline", "matmul", "mlp32", "mlp128", "mlp512", "tiny", "conv", "convCourse", "maxpool", "batchnorm", "kernel"] as const;
export type Workload = (typeof WORKLOADS)[number];

/**
 * The workloads measured again on all cores (the "threads" group of `--only`): the ones whose
 * products are large enough for more threads to pay. "matmul<name>" times one shape of
 * MATMUL_SHAPES alone, so each row has its own process and its own CPU/wall figure.
 */
export const THREADED_WORKLOADS = ["matmul256", "matmul512", "matmul1024", "mlp128", "mlp512", "conv"] as const;

/** The one shape timed by a "matmul<name>" workload (e.g. "matmul1024"); null for other workloads. */
export function matmulShapeOf(w: string): MatmulShape | null {
  if (!w.startsWith("matmul") || w === "matmul") return null;
  const name = w.slice("matmul".length);
  const shape = MATMUL_SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`bench: no matmul shape named "${name}" (workload "${w}")`);
  return shape;
}

/** Batch size of an "mlpNNN" workload. */
export function mlpBatch(w: string): number | null {
  const m = /^mlp(\d+)$/.exec(w);
  return m ? Number(m[1]) : null;
}

/** Prefix of the one stdout line in which a benchmark child process reports its result. */
export const RESULT_MARK = "BENCH_RESULT ";
