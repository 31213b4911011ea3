/**
 * The WebAssembly SIMD kernels of Conv2d's direct path (conv2d_direct.ts), for layers with few
 * input channels, where im2col's reduction dimension K = C·kH·kW is tiny (9 for 1→8 3×3) and
 * gemm's 4×4 micro-kernel spends more time on packing than on multiplying.
 *
 * All addresses are byte addresses in the module's own memory; the jobs and taps are i32 tables
 * that conv2d_direct.ts computes once per layer shape, so the kernels do no index arithmetic.
 *
 *   pad(dst, src, rows, cols, dstStride, srcStride): copies `rows` rows of `cols` doubles from
 *     src (rows srcStride bytes apart) to dst (dstStride apart), leaving dst's padding untouched.
 *   rows(jobs, jobsEnd, ncols): for each job [dst, taps, tapsEnd, bias] (four i32s),
 *     dst[j] = *bias + Σ_taps *w · src[j] for j < ncols, a tap being [src, w] (two i32s). This is
 *     fprop (one output row per job) and dx (one input row per job). Columns go 8 at a time in
 *     four f64x2 accumulators, then 2 at a time; an odd ncols writes one double past the row,
 *     which the caller lays out to be the next row's (computed later) or slack.
 *   dots(jobs, jobsEnd, steps, dyStride): for each job [dst, dy, x, nrows, xStride] (five i32s),
 *     dst[b] += Σ_r Σ_{j < 4·steps} dy[r][j] · x[r][j + b] for b < kW: kW taps of dW at once,
 *     sharing each load of dy (the module is assembled for one kW). Each sum is kept as its two
 *     lanes (even and odd j), at dst + 16·b, and the caller adds the pair at the end.
 */
import { FunctionBuilder, assembleModule } from "../tensor/wasm/assembler";

/**
 * `pad`: each row copied two doubles at a time (v128), then the odd one; nothing is written past
 * a row's `cols` doubles, so dst's padding stays zero.
 */
function padKernel(): FunctionBuilder {
  const f = new FunctionBuilder("pad", ["i32", "i32", "i32", "i32", "i32", "i32"]);
  const [dst, src, rows, cols, dstStride, srcStride] = f.params;
  const d = f.local("i32");
  const s = f.local("i32");
  const end = f.local("i32");
  const end2 = f.local("i32"); // end of the pairs
  f.get(rows).i32(0).gtS().get(cols).i32(0).gtS().and().if();
  f.loop();
  {
    f.get(dst).set(d).get(src).set(s);
    f.get(src).get(cols).i32(3).shl().add().set(end);
    f.get(src).get(cols).i32(-2).and().i32(3).shl().add().set(end2);
    f.get(s).get(end2).ltU().if();
    f.loop();
    {
      f.get(d).get(s).v128Load().v128Store();
      f.get(d).i32(16).add().set(d);
      f.get(s).i32(16).add().tee(s).get(end2).ltU().brIf(0);
    }
    f.end();
    f.end();
    f.get(s).get(end).ltU().if();
    f.get(d).get(s).f64Load().f64Store();
    f.end();
    f.get(dst).get(dstStride).add().set(dst);
    f.get(src).get(srcStride).add().set(src);
    f.get(rows).i32(1).sub().tee(rows).i32(0).gtS().brIf(0);
  }
  f.end();
  f.end();
  return f;
}

/** `rows`: see the file comment. */
function rowsKernel(): FunctionBuilder {
  const f = new FunctionBuilder("rows", ["i32", "i32", "i32"]);
  const [job, jobsEnd, ncols] = f.params;
  const dst = f.local("i32");
  const tap = f.local("i32");
  const tapsEnd = f.local("i32");
  const j = f.local("i32"); // byte offset of the current column block
  const endFull = f.local("i32"); // bytes of the columns done 8 at a time
  const end = f.local("i32"); // bytes of all columns
  const t = f.local("i32");
  const s = f.local("i32");
  const w = f.local("v128");
  const bias = f.local("v128");
  const acc = [f.local("v128"), f.local("v128"), f.local("v128"), f.local("v128")];

  /** One block of `V` vectors (2·V columns) at column byte offset j, then j += 16·V. */
  const block = (V: number): void => {
    for (let v = 0; v < V; v++) f.get(bias).set(acc[v]);
    f.get(tap).set(t);
    f.get(t).get(tapsEnd).ltU().if();
    f.loop();
    {
      f.get(t).i32Load(4).f64x2LoadSplat().set(w);
      f.get(t).i32Load().get(j).add().set(s);
      for (let v = 0; v < V; v++) f.get(acc[v]).get(s).v128Load(16 * v).get(w).f64x2Mul().f64x2Add().set(acc[v]);
      f.get(t).i32(8).add().tee(t).get(tapsEnd).ltU().brIf(0);
    }
    f.end();
    f.end();
    for (let v = 0; v < V; v++) f.get(dst).get(j).add().get(acc[v]).v128Store(16 * v);
    f.get(j).i32(16 * V).add().set(j);
  };

  f.get(ncols).i32(-8).and().i32(3).shl().set(endFull);
  f.get(ncols).i32(3).shl().set(end);
  f.get(job).get(jobsEnd).ltU().if();
  f.loop();
  {
    f.get(job).i32Load().set(dst);
    f.get(job).i32Load(4).set(tap);
    f.get(job).i32Load(8).set(tapsEnd);
    f.get(job).i32Load(12).f64x2LoadSplat().set(bias);
    f.i32(0).set(j);
    f.get(j).get(endFull).ltU().if();
    f.loop();
    block(4);
    f.get(j).get(endFull).ltU().brIf(0);
    f.end();
    f.end();
    f.get(j).get(end).ltU().if();
    f.loop();
    block(1);
    f.get(j).get(end).ltU().brIf(0);
    f.end();
    f.end();
    f.get(job).i32(16).add().tee(job).get(jobsEnd).ltU().brIf(0);
  }
  f.end();
  f.end();
  return f;
}

/**
 * `dots` for kernels kW wide: see the file comment. Each step takes 4 columns as two vectors of
 * dy, with two sets of kW accumulators (even and odd vector), so that consecutive adds into one
 * accumulator do not wait on each other: with one set the loop ran at the add's latency.
 */
function dotsKernel(kW: number): FunctionBuilder {
  const f = new FunctionBuilder("dots", ["i32", "i32", "i32", "i32"]);
  const [job, jobsEnd, steps, dyStride] = f.params;
  const dst = f.local("i32");
  const dyRow = f.local("i32");
  const xRow = f.local("i32");
  const nrows = f.local("i32");
  const xStride = f.local("i32");
  const p = f.local("i32");
  const q = f.local("i32");
  const pEnd = f.local("i32");
  const d = [f.local("v128"), f.local("v128")];
  const acc = [0, 1].map(() => Array.from({ length: kW }, () => f.local("v128")));
  f.get(job).get(jobsEnd).ltU().get(steps).i32(0).gtS().and().if();
  f.loop();
  {
    f.get(job).i32Load().set(dst);
    f.get(job).i32Load(4).set(dyRow);
    f.get(job).i32Load(8).set(xRow);
    f.get(job).i32Load(12).set(nrows);
    f.get(job).i32Load(16).set(xStride);
    for (const set of acc) for (const a of set) f.v128Zero().set(a);
    f.get(nrows).i32(0).gtS().if();
    f.loop();
    {
      f.get(dyRow).set(p).get(xRow).set(q);
      f.get(dyRow).get(steps).i32(5).shl().add().set(pEnd);
      f.loop();
      {
        for (let h = 0; h < 2; h++) {
          f.get(p).v128Load(16 * h).set(d[h]);
          for (let b = 0; b < kW; b++) f.get(acc[h][b]).get(d[h]).get(q).v128Load(16 * h + 8 * b).f64x2Mul().f64x2Add().set(acc[h][b]);
        }
        f.get(q).i32(32).add().set(q);
        f.get(p).i32(32).add().tee(p).get(pEnd).ltU().brIf(0);
      }
      f.end();
      f.get(dyRow).get(dyStride).add().set(dyRow);
      f.get(xRow).get(xStride).add().set(xRow);
      f.get(nrows).i32(1).sub().tee(nrows).i32(0).gtS().brIf(0);
    }
    f.end();
    f.end();
    // Both lanes are kept: dst holds 2·kW doubles, (dst[2b], dst[2b + 1]) += acc[0][b] + acc[1][b]; the caller adds the pairs.
    for (let b = 0; b < kW; b++) {
      f.get(dst).get(dst).v128Load(16 * b).get(acc[0][b]).get(acc[1][b]).f64x2Add().f64x2Add().v128Store(16 * b);
    }
    f.get(job).i32(20).add().tee(job).get(jobsEnd).ltU().brIf(0);
  }
  f.end();
  f.end();
  return f;
}

/** What the instantiated module exports. */
export interface DirectKernel {
  memory: WebAssembly.Memory;
  pad(dst: number, src: number, rows: number, cols: number, dstStride: number, srcStride: number): void;
  rows(jobs: number, jobsEnd: number, ncols: number): void;
  dots(jobs: number, jobsEnd: number, steps: number, dyStride: number): void;
}

/** The kernels for kernels kW wide, with `pages` pages (64 KiB) of their own memory. */
export function instantiateDirectKernel(kW: number, pages: number): DirectKernel {
  const bytes = new Uint8Array(assembleModule([padKernel(), rowsKernel(), dotsKernel(kW)], { initialPages: pages }));
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as DirectKernel;
}
