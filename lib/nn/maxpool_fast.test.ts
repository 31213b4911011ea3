import { MaxPool2d, Rng, Tensor } from "gradlab";
import { maxPoolBackward, maxPoolForward } from "./maxpool_loops";
import { PoolGeometry, maxPoolBackwardReference, maxPoolForwardReference } from "./maxpool_reference";

/**
 * MaxPool2d's fast loops (maxpool_loops.ts, and the layer that runs them) against the readable
 * loops of maxpool_reference.ts, bit for bit: the outputs are copies of inputs and the gradients
 * sums in the same order, so nothing may differ, not even −0 against +0 or a NaN's bits.
 * The data: random normals (no ties), a few small integers (ties everywhere), and both with
 * NaN, ±0 and ±∞ sprinkled in.
 */
interface Case {
  name: string;
  N: number;
  C: number;
  H: number;
  W: number;
  k: number | [number, number];
  stride?: number | [number, number];
  padding?: number | [number, number];
}

const CASES: Case[] = [
  { name: "the bench's 2×2 on 14×14", N: 3, C: 4, H: 14, W: 14, k: 2 },
  { name: "2×2 on odd sizes (last row and column in no window)", N: 2, C: 3, H: 7, W: 9, k: 2 },
  { name: "2×2, batch 1, one channel, 2×3", N: 1, C: 1, H: 2, W: 3, k: 2 },
  { name: "2×2 stride 1 (overlapping)", N: 2, C: 2, H: 6, W: 5, k: 2, stride: 1 },
  { name: "2×2 stride 3 (gaps between windows)", N: 2, C: 2, H: 8, W: 7, k: 2, stride: 3 },
  { name: "2×2 padding 1", N: 2, C: 2, H: 5, W: 6, k: 2, padding: 1 },
  { name: "3×3 stride 2 (overlapping), odd size", N: 2, C: 3, H: 9, W: 11, k: 3, stride: 2 },
  { name: "3×3 stride 2 padding 1", N: 1, C: 2, H: 8, W: 7, k: 3, stride: 2, padding: 1 },
  { name: "[3, 2] stride [1, 2] padding [1, 0]", N: 2, C: 2, H: 6, W: 7, k: [3, 2], stride: [1, 2], padding: [1, 0] },
  { name: "one window per plane", N: 2, C: 2, H: 4, W: 5, k: [4, 5] },
];

const pair = (v: number | [number, number]): [number, number] => (typeof v === "number" ? [v, v] : v);

function geometryOf(c: Case): PoolGeometry {
  const [kH, kW] = pair(c.k);
  const [sh, sw] = pair(c.stride ?? c.k);
  const [ph, pw] = pair(c.padding ?? 0);
  const Ho = Math.floor((c.H + 2 * ph - kH) / sh) + 1;
  const Wo = Math.floor((c.W + 2 * pw - kW) / sw) + 1;
  return { planes: c.N * c.C, H: c.H, W: c.W, Ho, Wo, kH, kW, sh, sw, ph, pw };
}

type Data = "normals" | "ties" | "specials";
const SPECIALS = [NaN, -0, 0, Infinity, -Infinity];

function input(n: number, data: Data, rng: Rng): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = data === "ties" ? rng.int(3) - 1 : rng.normal();
  if (data === "specials") for (let i = 0; i < n; i += 3) x[i] = SPECIALS[rng.int(SPECIALS.length)];
  return x;
}

/** The IEEE bits of each entry, so that toEqual tells −0 from +0 and compares NaNs. */
const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length));

function reference(c: Case, x: Float64Array, dy: Float64Array): { y: Float64Array; argmax: Int32Array; dx: Float64Array } {
  const g = geometryOf(c);
  const y = new Float64Array(g.planes * g.Ho * g.Wo);
  const argmax = new Int32Array(y.length);
  const dx = new Float64Array(x.length);
  maxPoolForwardReference(x, y, argmax, g);
  maxPoolBackwardReference(dy, argmax, dx, g);
  return { y, argmax, dx };
}

const runs: [string, Data, Case][] = CASES.flatMap((c) => (["normals", "ties", "specials"] as Data[]).map((d): [string, Data, Case] => [c.name, d, c]));

describe("MaxPool2d's fast loops equal the reference loops bit for bit", () => {
  test.each(runs)("the loops: %s, %s", (_, data, c) => {
    const g = geometryOf(c);
    const rng = new Rng(41);
    const x = input(g.planes * g.H * g.W, data, rng);
    const dy = input(g.planes * g.Ho * g.Wo, data, rng);
    const want = reference(c, x, dy);
    // Stale contents in every output, as reused buffers hold: the loops must overwrite or clear them.
    const y = new Float64Array(want.y.length).fill(7);
    const argmax = new Int32Array(want.argmax.length).fill(-1);
    const dx = new Float64Array(want.dx.length).fill(7);
    maxPoolForward(x, y, argmax, g);
    maxPoolBackward(dy, argmax, dx, g);
    expect(bits(y)).toEqual(bits(want.y));
    expect(Array.from(argmax)).toEqual(Array.from(want.argmax));
    expect(bits(dx)).toEqual(bits(want.dx));
  });

  test.each(CASES.map((c): [string, Case] => [c.name, c]))("the layer with reused buffers, two calls: %s", (_, c) => {
    const pool = new MaxPool2d(c.k, { stride: c.stride ?? null, padding: c.padding ?? 0 }).reuseBuffers();
    const g = geometryOf(c);
    const rng = new Rng(43);
    for (const data of ["specials", "ties"] as Data[]) {
      const x = input(g.planes * g.H * g.W, data, rng);
      const dy = input(g.planes * g.Ho * g.Wo, data, rng);
      const want = reference(c, x, dy);
      const y = pool.fprop(new Tensor(x, [c.N, c.C, c.H, c.W]));
      expect(y.shape).toEqual([c.N, c.C, g.Ho, g.Wo]);
      expect(bits(y.data)).toEqual(bits(want.y));
      expect(Array.from(pool.argmax?.data ?? [])).toEqual(Array.from(want.argmax));
      expect(bits(pool.bprop(new Tensor(dy, y.shape)).data)).toEqual(bits(want.dx));
    }
  });
});
