/**
 * Conv2d's direct path, for layers with a tiny im2col reduction K = C·kH·kW (at most
 * Conv2d.directMaxK) and a column stride of 1: the MNIST first layer 1→8 3×3 has K = 9, which gemm's
 * kernel pads to 12, and there the im2col path spent as long gathering its panels as
 * multiplying. Here nothing is gathered: each output row is a sum of K shifted rows of the
 * (padded) input, each times one weight, computed in WebAssembly SIMD over adjacent columns
 * (conv2d_direct_kernel.ts), following job and tap tables computed once per layer shape.
 *
 *   fprop: y[o, i, :]  = b[o] + Σ_{c,a,b} W[o,c,a,b] · xp[c, i·s_h − p_h + a, b : b + Wo]
 *   dx:    dx[c, h, :] = Σ_{o,a,b: i = (h + p_h − a)/s_h whole, 0 ≤ i < Ho} W[o,c,a,b] · dyp[o, i, p_w − b + L : …]
 *   dW:    dW[o,c,a,b] += Σ_i Σ_j dy[o, i, j] · xp[c, i·s_h − p_h + a, j + b]
 *   db:    db[o] += Σ dy[o]  (the dW kernel against a row of ones)
 *
 * xp is x with p_w zero columns on each side (rows outside the image are left out of the
 * tables instead), dyp is dy with L = kW − 1 zero columns on the left and more on the right,
 * so that every vector read of a valid result lands on data or zeros. The memory is the
 * module's own (not gemm's), sized per shape; one image is worked on at a time. The sums run
 * in a different order than the reference loops', so results agree with them to rounding.
 *
 * One difference with non-finite inputs: for an odd output width, dW's kernel also multiplies one
 * input value just past each row's valid range by a zero gradient, so an Inf or NaN there makes
 * that dW entry NaN where the reference loops (which never read it) may give a finite or infinite
 * value. Finite inputs are unaffected.
 */
import { ConvShape } from "./conv2d_panels";
import { DirectKernel, instantiateDirectKernel } from "./conv2d_direct_kernel";

/** Widest kernel of the dW kernel (two f64x2 accumulators per column of the kernel, in x86-64's 16 registers). */
const DIRECT_MAX_KW = 5;
/** Most bytes of memory the direct path uses for one layer; larger layers take another path. */
const DIRECT_MAX_BYTES = 64 << 20;

/** Whether the direct path applies to this shape with K ≤ maxK (before its memory size is checked). */
export function directApplies(s: ConvShape, maxK: number): boolean {
  return s.sw === 1 && s.K <= maxK && s.kW <= DIRECT_MAX_KW;
}

/** Offsets (in doubles) of the regions, and the tables (in i32s), for one shape. */
interface Plan {
  key: string;
  Wp: number;
  Wdp: number;
  steps: number;
  w: number; bias: number; ones: number; sums: number; dbSums: number;
  xraw: number; xp: number; y: number; dyraw: number; dyp: number; dx: number;
  /** i32 index ranges of the job tables. */
  fJobs: [number, number]; xJobs: [number, number]; wJobs: [number, number]; bJobs: [number, number];
  ints: Int32Array;
  intsAt: number;
  bytes: number;
}

/** What the plan depends on (not the batch size N). */
const shapeKey = (s: ConvShape): string => [s.C, s.H, s.W, s.Cout, s.kH, s.kW, s.sh, s.sw, s.ph, s.pw].join();

const even = (v: number): number => v + (v & 1);

function plan(s: ConvShape): Plan {
  const { C, H, W, Cout, kH, kW, sh, ph, pw, Ho, Wo, K, P } = s;
  const Wp = W + 2 * pw + 4;
  const L = kW - 1;
  const Wdp = Wo + 2 * L + 4;
  const steps = Math.ceil(Wo / 4); // dW's steps of 4 columns
  // Doubles: a zero (the bias of dx and of a layer without b), W, b, a row of ones, dW's and db's lane sums, then per image x, xp, y, dy, dyp, dx.
  let at = 2;
  const take = (n: number): number => { const r = at; at = even(at + n); return r; };
  const w = take(Cout * K), bias = take(Cout), ones = take(4 * steps + kW + 4);
  const sums = take(2 * Cout * K), dbSums = take(2 * kW * Cout);
  const xraw = take(C * H * W), xp = take(C * H * Wp + 4), y = take(Cout * P + 2);
  const dyraw = take(Cout * P), dyp = take(Cout * Ho * Wdp + 4), dx = take(C * H * W + 2);
  const intsAt = 2 * at;
  const ints: number[] = [];
  const B = 8; // bytes per double
  // fprop: one job per output row (o, i); taps (c, a, b) whose input row is inside the image.
  const fTaps: number[] = [], fJobsList: number[][] = [];
  for (let o = 0; o < Cout; o++) {
    for (let i = 0; i < Ho; i++) {
      const start = fTaps.length;
      for (let c = 0; c < C; c++) for (let a = 0; a < kH; a++) {
        const r = i * sh - ph + a;
        if (r < 0 || r >= H) continue;
        for (let b = 0; b < kW; b++) fTaps.push((xp + (c * H + r) * Wp + b) * B, (w + o * K + (c * kH + a) * kW + b) * B);
      }
      fJobsList.push([(y + o * P + i * Wo) * B, start, fTaps.length, (bias + o) * B]);
    }
  }
  // dx: one job per input row (c, h); taps (o, a, b) with h = i·s_h − p_h + a for a whole i in range.
  const xTaps: number[] = [], xJobsList: number[][] = [];
  for (let c = 0; c < C; c++) {
    for (let h = 0; h < H; h++) {
      const start = xTaps.length;
      for (let o = 0; o < Cout; o++) for (let a = 0; a < kH; a++) {
        const t = h + ph - a;
        if (t < 0 || t % sh !== 0 || t / sh >= Ho) continue;
        const i = t / sh;
        for (let b = 0; b < kW; b++) xTaps.push((dyp + (o * Ho + i) * Wdp + pw - b + L) * B, (w + o * K + (c * kH + a) * kW + b) * B);
      }
      xJobsList.push([(dx + (c * H + h) * W) * B, start, xTaps.length, 0]);
    }
  }
  // Tables in memory: fprop's jobs and taps, dx's jobs and taps, dW's jobs then db's.
  const place = (jobs: number[][], taps: number[]): [number, number] => {
    const jobsAt = intsAt + ints.length, tapsAt = jobsAt + 4 * jobs.length;
    for (const [d, t0, t1, bz] of jobs) ints.push(d, tapsAt * 4 + t0 * 4, tapsAt * 4 + t1 * 4, bz);
    ints.push(...taps);
    return [jobsAt, jobsAt + 4 * jobs.length];
  };
  const fJobs = place(fJobsList, fTaps);
  const xJobs = place(xJobsList, xTaps);
  // dW: one job per (o, c, a): the output rows i whose input row i·s_h − p_h + a is inside the image.
  const wStart = intsAt + ints.length;
  for (let o = 0; o < Cout; o++) for (let c = 0; c < C; c++) for (let a = 0; a < kH; a++) {
    const i0 = Math.max(0, Math.ceil((ph - a) / sh));
    const i1 = Math.min(Ho, Math.floor((H - 1 + ph - a) / sh) + 1);
    if (i1 <= i0) continue;
    ints.push((sums + 2 * (o * K + (c * kH + a) * kW)) * B, (dyp + (o * Ho + i0) * Wdp + L) * B, (xp + c * H * Wp + (i0 * sh - ph + a) * Wp) * B, i1 - i0, sh * Wp * B);
  }
  const wJobs: [number, number] = [wStart, intsAt + ints.length];
  for (let o = 0; o < Cout; o++) ints.push((dbSums + 2 * kW * o) * B, (dyp + o * Ho * Wdp + L) * B, ones * B, Ho, 0);
  const bJobs: [number, number] = [wJobs[1], intsAt + ints.length];
  const key = shapeKey(s);
  return {
    key, Wp, Wdp, steps, w, bias, ones, sums, dbSums, xraw, xp, y, dyraw, dyp, dx, fJobs, xJobs, wJobs, bJobs,
    ints: Int32Array.from(ints), intsAt, bytes: intsAt * 4 + ints.length * 4,
  };
}

/** The direct path for one layer: its plan and kernel for the last shape, and views of the memory. */
export class DirectConv {
  private plan: Plan | null = null;
  private kernel: DirectKernel | null = null;
  private mem = new Float64Array(0);
  /** Views of the memory's y and dx regions, made with the memory. */
  private yView = new Float64Array(0);
  private dxView = new Float64Array(0);
  /**
   * Image n of a batch array (x or dy) as a view, made once per array and image and kept: layers
   * with reused buffers hand in the same arrays every step, so a warmed-up step creates no
   * Float64Array (allocation.test.ts), and the copies stay `set`'s memcpy.
   */
  private readonly images = new WeakMap<Float64Array, Float64Array[]>();

  /** Prepares the plan and memory for `s`; false when the layer needs more than DIRECT_MAX_BYTES. */
  prepare(s: ConvShape): boolean {
    if (this.plan !== null && this.plan.key === shapeKey(s)) return true;
    const p = plan(s);
    if (p.bytes > DIRECT_MAX_BYTES) return false;
    const pages = Math.ceil(p.bytes / 65536);
    // A fresh module per shape: its memory starts zeroed, which the padding relies on.
    this.kernel = instantiateDirectKernel(s.kW, pages);
    this.mem = new Float64Array(this.kernel.memory.buffer);
    new Int32Array(this.kernel.memory.buffer).set(p.ints, p.intsAt);
    this.mem.fill(1, p.ones, p.ones + 4 * p.steps + s.kW + 4);
    this.yView = this.mem.subarray(p.y, p.y + s.Cout * s.P);
    this.dxView = this.mem.subarray(p.dx, p.dx + s.C * s.H * s.W);
    this.plan = p;
    return true;
  }

  private image(a: Float64Array, n: number, size: number): Float64Array {
    let views = this.images.get(a);
    if (views === undefined) {
      views = [];
      this.images.set(a, views);
    }
    let v = views[n];
    if (v === undefined || v.length !== size) {
      v = a.subarray(n * size, (n + 1) * size);
      views[n] = v;
    }
    return v;
  }

  /** Copies image n of x into xp (its padded rows). */
  private loadImage(x: Float64Array, n: number, s: ConvShape, p: Plan): void {
    const plane = s.C * s.H * s.W;
    this.mem.set(this.image(x, n, plane), p.xraw);
    (this.kernel as DirectKernel).pad((p.xp + s.pw) * 8, p.xraw * 8, s.C * s.H, s.W, p.Wp * 8, s.W * 8);
  }

  /** y [N, Cout, Ho, Wo] = conv(x, W) + b; `prepare(s)` must have returned true. */
  forward(x: Float64Array, W: Float64Array, b: Float64Array | null, s: ConvShape, y: Float64Array): void {
    const p = this.plan as Plan, k = this.kernel as DirectKernel, mem = this.mem;
    const out = s.Cout * s.P;
    mem.set(W, p.w);
    if (b) mem.set(b, p.bias);
    else mem.fill(0, p.bias, p.bias + s.Cout);
    const yView = this.yView;
    for (let n = 0; n < s.N; n++) {
      this.loadImage(x, n, s, p);
      k.rows(p.fJobs[0] * 4, p.fJobs[1] * 4, s.Wo);
      y.set(yView, n * out);
    }
  }

  /** dW += ∂L/∂W, db += ∂L/∂b (unless null), dx = ∂L/∂x (unless null; overwritten). */
  backward(
    x: Float64Array, W: Float64Array, dy: Float64Array, s: ConvShape,
    dW: Float64Array, db: Float64Array | null, dx: Float64Array | null,
  ): void {
    const p = this.plan as Plan, k = this.kernel as DirectKernel, mem = this.mem;
    const { Cout, K, kW, Ho, Wo } = s;
    const out = Cout * s.P, plane = s.C * s.H * s.W;
    mem.set(W, p.w);
    mem.fill(0, p.sums, p.sums + 2 * Cout * K);
    mem.fill(0, p.dbSums, p.dbSums + 2 * kW * Cout);
    const dxView = this.dxView;
    const jobsEnd = db ? p.bJobs[1] : p.wJobs[1];
    for (let n = 0; n < s.N; n++) {
      this.loadImage(x, n, s, p);
      mem.set(this.image(dy, n, out), p.dyraw);
      k.pad((p.dyp + kW - 1) * 8, p.dyraw * 8, Cout * Ho, Wo, p.Wdp * 8, Wo * 8);
      k.dots(p.wJobs[0] * 4, jobsEnd * 4, p.steps, p.Wdp * 8);
      if (!dx) continue;
      k.rows(p.xJobs[0] * 4, p.xJobs[1] * 4, s.W);
      dx.set(dxView, n * plane);
    }
    for (let i = 0; i < Cout * K; i++) dW[i] += mem[p.sums + 2 * i] + mem[p.sums + 2 * i + 1];
    if (db) for (let o = 0; o < Cout; o++) db[o] += mem[p.dbSums + 2 * kW * o] + mem[p.dbSums + 2 * kW * o + 1];
  }
}
