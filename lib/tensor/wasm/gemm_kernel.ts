/**
 * The WebAssembly SIMD kernel behind the fast gemm path, written with the assembler of
 * assembler.ts. It multiplies packed panels (gemm_wasm.ts does the packing):
 *
 *   macro(pa, pb, pc, m, n, kc, ldc, add, tmp):   C[m × n] (+)= Ap · Bp
 *
 * - Ap holds ⌈m/MR⌉ panels of MR rows of op(A): panel t is kc steps of MR contiguous values
 *   (A[t·MR + r, k] at t·MR·kc + k·MR + r), so one step of k reads MR consecutive doubles.
 * - Bp holds ⌈n/NR⌉ panels of NR columns of op(B), laid out the same way (B[k, t·NR + c] at
 *   t·NR·kc + k·NR + c). Missing rows/columns of the last panels are zeros.
 * - C is row-major with a row stride of `ldc` bytes; pa, pb, pc, tmp are byte addresses in
 *   the module's memory; m, n, kc ≥ 1. With add = 0, C is overwritten, else added to.
 *   `tmp` is room for MR·NR doubles, where an edge block (rows ≥ m or columns ≥ n) is parked
 *   before its valid part is copied to C.
 *
 * The micro-kernel keeps a 4×4 block of C in eight f64x2 registers for the whole k loop. Per
 * step it loads two vectors of A (rows 0–1 and 2–3) and two of B (columns 0–1 and 2–3), swaps
 * the lanes of each B vector, and does 8 vector multiplies and 8 adds: a·b feeds the
 * "diagonal" pair C(0,0), C(1,1) and a·swap(b) the "anti-diagonal" pair C(0,1), C(1,0); the
 * lanes are put back in place once, after the loop. Every element of C still receives the same
 * products in the same order of k, so the result is bit-for-bit that of the straightforward
 * kernel (A broadcast with v128.load64_splat), which was 7% slower here: its four broadcasts
 * per step compete with the arithmetic for the shuffle units, the two swaps less so.
 * Registers: 8 accumulators + 2 B + 2 swapped + 1 A of x86-64's 16, so nothing spills.
 * WebAssembly SIMD has no fused multiply-add (outside the relaxed-SIMD proposal), so each update
 * is a multiply and then an add, rounded like the scalar JavaScript kernels.
 *
 * Measured on the 2-core AMD EPYC this was written on (node 20, V8 11.3): the kernel reaches
 * about 18 GFLOP/s on data in cache. Things that looked like improvements and were slower there:
 * unrolling the k loop by hand (V8 then hoists all the loads and spills; it unrolls this simple
 * loop by itself), and bigger register blocks (6×4, 4×6, 3×8 spill).
 * The loop over A panels (from L2) is inside the loop over B panels, so one B panel of kc·NR
 * doubles stays in L1 while every A panel passes it.
 */
import { FunctionBuilder, MemorySpec, assembleModule } from "./assembler";

/** Rows of C per micro-kernel block. The code below is written for MR = NR = 4. */
export const MR = 4;
/** Columns of C per micro-kernel block. */
export const NR = 4;

/** Writes the `macro` function: loops over the micro-blocks of C, each with its k loop. */
function macroKernel(): FunctionBuilder {
  const f = new FunctionBuilder("macro", ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"]);
  const [pa0, pb0, pc0, m, n, kc, ldc, add, tmp] = f.params;
  const strideA = f.local("i32"); // bytes per A panel: kc·MR·8
  const strideB = f.local("i32"); // bytes per B panel: kc·NR·8
  const pb = f.local("i32"); // current B panel
  const cj = f.local("i32"); // C at the top of the current column block
  const nLeft = f.local("i32"); // columns of C not yet done
  const pa = f.local("i32"); // current A panel
  const c = f.local("i32"); // C at the current micro-block
  const mLeft = f.local("i32"); // rows of C not yet done in this column block
  const p = f.local("i32"); // walks the A panel
  const q = f.local("i32"); // walks the B panel
  const pEnd = f.local("i32"); // end of the A panel
  const cr = f.local("i32"); // C row address when storing
  const rows = f.local("i32"); // edge block: valid rows, columns, and loop counters
  const cols = f.local("i32");
  const r = f.local("i32");
  const col = f.local("i32");
  const t = f.local("i32");
  const v = f.local("f64");
  const H = NR / 2;
  const acc = Array.from({ length: MR }, () => Array.from({ length: H }, () => f.local("v128")));
  const b = Array.from({ length: H }, () => f.local("v128"));
  const a = f.local("v128");
  const s = Array.from({ length: H }, () => f.local("v128"));

  f.get(kc).i32(MR * 8).mul().set(strideA);
  f.get(kc).i32(NR * 8).mul().set(strideB);
  f.get(pb0).set(pb).get(pc0).set(cj).get(n).set(nLeft);
  f.loop(); // over column blocks (B panels)
  {
    f.get(pa0).set(pa).get(cj).set(c).get(m).set(mLeft);
    f.loop(); // over row blocks (A panels)
    {
      for (const row of acc) for (const x of row) f.v128Zero().set(x);
      f.get(pa).set(p).get(pb).set(q).get(pa).get(strideA).add().set(pEnd);
      // Over k: with a = A[2g .. 2g+1, k], b = B[k, 2h .. 2h+1] and its swap s = (b1, b0),
      // a·b adds to C(2g, 2h) and C(2g+1, 2h+1) (the "diagonal" accumulator acc[2g][h]) and
      // a·s to C(2g, 2h+1) and C(2g+1, 2h) (the "anti-diagonal" acc[2g+1][h]).
      f.loop();
      {
        for (let h = 0; h < H; h++) f.get(q).v128Load(16 * h).tee(b[h]).get(b[h]).f64x2Shuffle(1, 2).set(s[h]);
        for (let g = 0; g < MR / 2; g++) {
          f.get(p).v128Load(16 * g).set(a);
          for (let h = 0; h < H; h++) {
            f.get(acc[2 * g][h]).get(a).get(b[h]).f64x2Mul().f64x2Add().set(acc[2 * g][h]);
            f.get(acc[2 * g + 1][h]).get(a).get(s[h]).f64x2Mul().f64x2Add().set(acc[2 * g + 1][h]);
          }
        }
        f.get(q).i32(NR * 8).add().set(q);
        f.get(p).i32(MR * 8).add().tee(p).get(pEnd).ltU().brIf(0);
      }
      f.end();
      // Undo the rotation: row 2g of C is (diagonal.lo, anti.lo), row 2g+1 is (anti.hi, diagonal.hi).
      for (let g = 0; g < MR / 2; g++) {
        for (let h = 0; h < H; h++) {
          const [diag, anti] = [acc[2 * g][h], acc[2 * g + 1][h]];
          f.get(diag).get(anti).f64x2Shuffle(0, 2).set(a);
          f.get(anti).get(diag).f64x2Shuffle(1, 3).set(anti);
          f.get(a).set(diag);
        }
      }
      f.get(c).set(cr);
      f.get(mLeft).i32(MR).geS().get(nLeft).i32(NR).geS().and().if();
      {
        // A full block: C = acc, or C += acc, a row of vectors at a time.
        for (let i = 0; i < MR; i++) {
          if (i > 0) f.get(cr).get(ldc).add().set(cr);
          f.get(add).if();
          for (let h = 0; h < H; h++) f.get(cr).get(cr).v128Load(16 * h).get(acc[i][h]).f64x2Add().v128Store(16 * h);
          f.else();
          for (let h = 0; h < H; h++) f.get(cr).get(acc[i][h]).v128Store(16 * h);
          f.end();
        }
      }
      f.else();
      {
        // A block at the bottom or right edge: park acc at tmp (MR×NR row-major), then copy
        // only its rows < mLeft and columns < nLeft into C, one value at a time.
        for (let i = 0; i < MR; i++) for (let h = 0; h < H; h++) f.get(tmp).get(acc[i][h]).v128Store((i * NR + 2 * h) * 8);
        f.i32(MR).get(mLeft).get(mLeft).i32(MR).geS().select().set(rows);
        f.i32(NR).get(nLeft).get(nLeft).i32(NR).geS().select().set(cols);
        f.i32(0).set(r).get(tmp).set(t);
        f.loop();
        {
          f.i32(0).set(col);
          f.loop();
          {
            // C[r, col] = tmp[r, col] (+ C[r, col]); t walks tmp, cr + 8·col walks C's row.
            f.get(t).get(col).i32(3).shl().add().f64Load().set(v);
            f.get(add).if().get(v).get(cr).get(col).i32(3).shl().add().f64Load().f64Add().set(v).end();
            f.get(cr).get(col).i32(3).shl().add().get(v).f64Store();
            f.get(col).i32(1).add().tee(col).get(cols).ltS().brIf(0);
          }
          f.end();
          f.get(cr).get(ldc).add().set(cr);
          f.get(t).i32(NR * 8).add().set(t);
          f.get(r).i32(1).add().tee(r).get(rows).ltS().brIf(0);
        }
        f.end();
      }
      f.end();
      f.get(pa).get(strideA).add().set(pa);
      f.get(c).get(ldc).i32(MR).mul().add().set(c);
      f.get(mLeft).i32(MR).sub().tee(mLeft).i32(0).gtS().brIf(0);
    }
    f.end();
    f.get(pb).get(strideB).add().set(pb);
    f.get(cj).i32(NR * 8).add().set(cj);
    f.get(nLeft).i32(NR).sub().tee(nLeft).i32(0).gtS().brIf(0);
  }
  f.end();
  return f;
}

/**
 * gather(dst, src, idx, count): dst[i] = idx[i] < 0 ? 0 : src[idx[i]] for i < count, with dst and
 * src byte addresses of doubles and idx of i32s; count a multiple of 4 (a whole number of
 * panels). How Conv2d packs its panels (lib/nn/conv2d_wasm.ts): a table says where each packed
 * value comes from, −1 for the zero padding. The address of a padding entry is clamped to src
 * (a valid read) and its value dropped by `select`, so the loop has no branch; it does four
 * values per pass (about 20% faster than one).
 */
function gatherKernel(): FunctionBuilder {
  const f = new FunctionBuilder("gather", ["i32", "i32", "i32", "i32"]);
  const [dst, src, idx, count] = f.params;
  const end = f.local("i32");
  const j = f.local("i32");
  f.get(count).i32(0).gtS().if();
  f.get(dst).get(count).i32(3).shl().add().set(end);
  f.loop();
  {
    for (let u = 0; u < 4; u++) {
      f.get(idx).i32Load(4 * u).set(j);
      f.get(dst); // address for the store below
      f.get(src).get(j).i32(0).get(j).i32(0).geS().select().i32(3).shl().add().f64Load(); // src[max(j, 0)]
      f.f64Zero().get(j).i32(0).geS().select(); // … or 0 where j < 0
      f.f64Store(8 * u);
    }
    f.get(idx).i32(16).add().set(idx);
    f.get(dst).i32(32).add().tee(dst).get(end).ltU().brIf(0);
  }
  f.end();
  f.end();
  return f;
}

/** scatterAdd(dst, src, idx, count): dst[idx[i]] += src[i] for i < count where idx[i] ≥ 0 (the adjoint of gather: col2im). */
function scatterAddKernel(): FunctionBuilder {
  const f = new FunctionBuilder("scatterAdd", ["i32", "i32", "i32", "i32"]);
  const [dst, src, idx, count] = f.params;
  const end = f.local("i32");
  const j = f.local("i32");
  const at = f.local("i32");
  f.get(count).i32(0).gtS().if();
  f.get(src).get(count).i32(3).shl().add().set(end);
  f.loop();
  {
    f.get(idx).i32Load().tee(j).i32(0).geS().if();
    f.get(dst).get(j).i32(3).shl().add().tee(at);
    f.get(at).f64Load().get(src).f64Load().f64Add().f64Store();
    f.end();
    f.get(idx).i32(4).add().set(idx);
    f.get(src).i32(8).add().tee(src).get(end).ltU().brIf(0);
  }
  f.end();
  f.end();
  return f;
}

/**
 * addRowSums(dst, src, rows, cols): dst[r] += Σ_c src[r·cols + c] for r < rows (byte addresses of
 * doubles): Conv2d's db. Four running sums per row, since each add waits for the one before it.
 */
function addRowSumsKernel(): FunctionBuilder {
  const f = new FunctionBuilder("addRowSums", ["i32", "i32", "i32", "i32"]);
  const [dst, src, rows, cols] = f.params;
  const end4 = f.local("i32");
  const end = f.local("i32");
  const s = [f.local("f64"), f.local("f64"), f.local("f64"), f.local("f64")];
  f.get(rows).i32(0).gtS().get(cols).i32(0).gtS().and().if();
  f.loop();
  {
    for (const x of s) f.f64Zero().set(x);
    f.get(src).get(cols).i32(-4).and().i32(3).shl().add().set(end4);
    f.get(src).get(cols).i32(3).shl().add().set(end);
    f.get(src).get(end4).ltU().if();
    f.loop();
    {
      for (let u = 0; u < 4; u++) f.get(s[u]).get(src).f64Load(8 * u).f64Add().set(s[u]);
      f.get(src).i32(32).add().tee(src).get(end4).ltU().brIf(0);
    }
    f.end();
    f.end();
    f.get(src).get(end).ltU().if();
    f.loop();
    {
      f.get(s[0]).get(src).f64Load().f64Add().set(s[0]);
      f.get(src).i32(8).add().tee(src).get(end).ltU().brIf(0);
    }
    f.end();
    f.end();
    f.get(dst).get(dst).f64Load().get(s[0]).get(s[1]).f64Add().get(s[2]).get(s[3]).f64Add().f64Add().f64Add().f64Store();
    f.get(dst).i32(8).add().set(dst);
    f.get(rows).i32(1).sub().tee(rows).i32(0).gtS().brIf(0);
  }
  f.end();
  f.end();
  return f;
}

/** The kernel module's bytes: exports `macro`, `gather`, `scatterAdd`, `addRowSums` and its memory (see MemorySpec: own, or imported and shared). */
export function gemmKernelBytes(memory: MemorySpec = { initialPages: 1 }): Uint8Array {
  return assembleModule([macroKernel(), gatherKernel(), scatterAddKernel(), addRowSumsKernel()], memory);
}

/** What the instantiated module exports. */
export interface GemmKernel {
  memory: WebAssembly.Memory;
  macro(pa: number, pb: number, pc: number, m: number, n: number, kc: number, ldc: number, add: number, tmp: number): void;
  gather(dst: number, src: number, idx: number, count: number): void;
  scatterAdd(dst: number, src: number, idx: number, count: number): void;
  addRowSums(dst: number, src: number, rows: number, cols: number): void;
}

/**
 * Compiles and instantiates the kernel with `pages` pages of memory (synchronously: the module
 * is 1.3 kB; a few ms in all).
 */
export function instantiateGemmKernel(pages = 1): GemmKernel {
  const bytes = new Uint8Array(gemmKernelBytes({ initialPages: pages })); // a copy typed as backed by a plain ArrayBuffer
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  return instance.exports as unknown as GemmKernel;
}

/**
 * The kernel compiled for threads: it imports a shared memory of at most `maximumPages` pages
 * as env.memory. The Module can be sent to worker threads, which instantiate it with the same
 * memory (`instantiateSharedGemmKernel`).
 */
export function compileSharedGemmKernel(maximumPages: number): WebAssembly.Module {
  const bytes = new Uint8Array(gemmKernelBytes({ initialPages: 1, maximumPages, shared: true, imported: true }));
  return new WebAssembly.Module(bytes);
}

/** An instance of the shared-memory kernel on this thread, working in `memory`. */
export function instantiateSharedGemmKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): GemmKernel {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GemmKernel;
}
