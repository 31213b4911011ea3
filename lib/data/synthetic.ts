import { Rng, globalRng } from "../tensor/random";
import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { ClassificationData } from "./dataset";

/**
 * Seeded two-dimensional classification toys for the lecture notebooks. Each returns its
 * examples grouped by class (class 0 first); batches and splits shuffle them. The same `rng`
 * seed gives the same data on every machine.
 */

function pickRng(rng: Rng | null, where: string): Rng {
  if (rng === null) return globalRng();
  if (!(rng instanceof Rng)) throw new Error(`${where}: rng must be an Rng (e.g. new Rng(0)), got ${String(rng)}`);
  return rng;
}

export interface SpiralOptions {
  /** Examples per class (default 100). */
  n: number;
  /** Number of classes K, one spiral arm each (default 3; 2 gives two spirals). */
  classes: number;
  /** Standard deviation of the Gaussian noise added to each angle, in radians (default 0.2). */
  noise: number;
  rng: Rng | null;
}

/**
 * The CS231n K-class spiral. Point i of class j (i = 0..n−1) has radius r = i/(n−1), growing
 * from 0 to 1, and angle t = 4j + 4i/(n−1) + noise·ε with ε ~ N(0, 1); x = (r sin t, r cos t).
 * The arms wind around each other, so no linear classifier separates them while a small
 * two-layer network can.
 * Shapes: x [K·n, 2], y [K·n].
 */
export function spiral(options?: Partial<SpiralOptions>): ClassificationData {
  const where = "spiral";
  const opts = withDefaults<SpiralOptions>(where, { n: 100, classes: 3, noise: 0.2, rng: null }, options);
  const n = checkNumber(where, "n", opts.n, { min: 1, integer: true });
  const K = checkNumber(where, "classes", opts.classes, { min: 2, integer: true });
  const noise = checkNumber(where, "noise", opts.noise, { min: 0 });
  const rng = pickRng(opts.rng, where);
  const x = Tensor.zeros([K * n, 2]);
  const y = new Int32Array(K * n);
  for (let j = 0; j < K; j++) {
    for (let i = 0; i < n; i++) {
      const s = n === 1 ? 0 : i / (n - 1);
      const t = 4 * j + 4 * s + noise * rng.normal();
      const row = j * n + i;
      x.data[2 * row] = s * Math.sin(t);
      x.data[2 * row + 1] = s * Math.cos(t);
      y[row] = j;
    }
  }
  return { x, y, classes: K };
}

export interface MoonsOptions {
  /** Examples per class (default 100). */
  n: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise: number;
  rng: Rng | null;
}

/**
 * Two interleaving half-circles (scikit-learn's make_moons, n per class). With θ = πi/(n−1):
 * class 0 is the upper half of the unit circle, (cos θ, sin θ); class 1 the lower half of the
 * unit circle centred at (1, 0.5), (1 − cos θ, 0.5 − sin θ). Then noise·N(0, 1) per coordinate.
 * Shapes: x [2n, 2], y [2n].
 */
export function moons(options?: Partial<MoonsOptions>): ClassificationData {
  const where = "moons";
  const opts = withDefaults<MoonsOptions>(where, { n: 100, noise: 0.1, rng: null }, options);
  const n = checkNumber(where, "n", opts.n, { min: 1, integer: true });
  const noise = checkNumber(where, "noise", opts.noise, { min: 0 });
  const rng = pickRng(opts.rng, where);
  const x = Tensor.zeros([2 * n, 2]);
  const y = new Int32Array(2 * n);
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < n; i++) {
      const theta = n === 1 ? 0 : (Math.PI * i) / (n - 1);
      const row = c * n + i;
      const px = c === 0 ? Math.cos(theta) : 1 - Math.cos(theta);
      const py = c === 0 ? Math.sin(theta) : 0.5 - Math.sin(theta);
      x.data[2 * row] = px + noise * rng.normal();
      x.data[2 * row + 1] = py + noise * rng.normal();
      y[row] = c;
    }
  }
  return { x, y, classes: 2 };
}

export interface XorOptions {
  /** Examples per cluster (default 50): 4n in all, 2n per class. */
  n: number;
  /** Standard deviation of each Gaussian cluster (default 0.3). */
  std: number;
  rng: Rng | null;
}

/** Cluster centres of `xor` and their labels: the label is 1 when the signs differ. */
const XOR_CLUSTERS: readonly [number, number, number][] = [
  [1, 1, 0],
  [-1, -1, 0],
  [1, -1, 1],
  [-1, 1, 1],
];

/**
 * The XOR problem with noise: four Gaussian clusters (std `std`) centred at (±1, ±1), labelled 0
 * where both coordinates have the same sign and 1 where they differ, which no single line
 * separates. Clusters come in the order (1, 1), (−1, −1), (1, −1), (−1, 1). Shapes: x [4n, 2], y [4n].
 */
export function xor(options?: Partial<XorOptions>): ClassificationData {
  const where = "xor";
  const opts = withDefaults<XorOptions>(where, { n: 50, std: 0.3, rng: null }, options);
  const n = checkNumber(where, "n", opts.n, { min: 1, integer: true });
  const std = checkNumber(where, "std", opts.std, { min: 0 });
  const rng = pickRng(opts.rng, where);
  const x = Tensor.zeros([4 * n, 2]);
  const y = new Int32Array(4 * n);
  XOR_CLUSTERS.forEach(([cx, cy, label], k) => {
    for (let i = 0; i < n; i++) {
      const row = k * n + i;
      x.data[2 * row] = cx + std * rng.normal();
      x.data[2 * row + 1] = cy + std * rng.normal();
      y[row] = label;
    }
  });
  return { x, y, classes: 2 };
}

export interface BlobsOptions {
  /** The cluster centres, [k, D] as nested arrays or a Tensor; or give `k` instead. */
  centers: number[][] | Tensor | null;
  /** Number of clusters with random centres, uniform in [−box, box]^dim (default 3 if no centers). */
  k: number | null;
  /** Dimension of random centres (default 2; with `centers`, it must match them). */
  dim: number;
  /** Half-width of the box random centres are drawn from (default 10, as scikit-learn). */
  box: number;
  /** Standard deviation of every cluster (default 1). */
  std: number;
  /** Examples per cluster (default 100). */
  n: number;
  rng: Rng | null;
}

/**
 * Isotropic Gaussian clusters, one class each (scikit-learn's make_blobs): example i of cluster
 * c is centre_c + std·ε with ε ~ N(0, I). Random centres are drawn first from the same rng.
 * Shapes: x [k·n, D], y [k·n]; `centers` [k, D] is returned too.
 */
export function blobs(options?: Partial<BlobsOptions>): ClassificationData & { centers: Tensor } {
  const where = "blobs";
  const opts = withDefaults<BlobsOptions>(
    where,
    { centers: null, k: null, dim: 2, box: 10, std: 1, n: 100, rng: null },
    options,
  );
  const n = checkNumber(where, "n", opts.n, { min: 1, integer: true });
  const std = checkNumber(where, "std", opts.std, { min: 0 });
  const dim = checkNumber(where, "dim", opts.dim, { min: 1, integer: true });
  const box = checkNumber(where, "box", opts.box, { min: 0 });
  const rng = pickRng(opts.rng, where);
  let centers: Tensor;
  if (opts.centers !== null) {
    if (opts.k !== null) throw new Error(`${where}: give either centers or k, not both`);
    centers = opts.centers instanceof Tensor ? opts.centers.clone() : Tensor.from(opts.centers);
    if (centers.ndim !== 2 || centers.shape[0] < 1 || centers.shape[1] < 1 || centers.hasNonFinite()) {
      throw new Error(`${where}: centers has shape ${formatShape(centers.shape)}, expected [k, D] of finite numbers with k, D >= 1`);
    }
    if (options?.dim !== undefined && dim !== centers.shape[1]) {
      throw new Error(`${where}: dim = ${dim} does not match centers of shape ${formatShape(centers.shape)}`);
    }
  } else {
    const k = checkNumber(where, "k", opts.k ?? 3, { min: 1, integer: true });
    centers = Tensor.rand([k, dim], rng, -box, box);
  }
  const [k, D] = centers.shape;
  const x = Tensor.zeros([k * n, D]);
  const y = new Int32Array(k * n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      const row = c * n + i;
      for (let d = 0; d < D; d++) x.data[row * D + d] = centers.data[c * D + d] + std * rng.normal();
      y[row] = c;
    }
  }
  return { x, y, classes: k, centers };
}
