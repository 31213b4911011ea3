/**
 * A very small WebAssembly assembler: enough of the binary format (types, functions, one
 * memory, own or imported and possibly shared, exports, code) and of the instruction set (i32 arithmetic, locals,
 * structured control flow, f64 and v128 loads/stores, f64x2 arithmetic) to write the matrix
 * multiply kernels of gemm_kernel.ts in TypeScript.
 *
 * Why an assembler instead of a checked-in .wasm file or a toolchain: the kernels are then
 * ordinary, readable, reviewable source; the bytes are produced when the fast path is first
 * used (1.3 kB, assembled and compiled in a few milliseconds), so nothing binary is committed
 * and the ordinary TypeScript build is the whole build. The encoding follows the WebAssembly
 * 2.0 spec (core binary format and fixed-width SIMD); each opcode carries its spec name.
 */

export type ValType = "i32" | "f64" | "v128";
const VALTYPE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128, as used for sizes, counts, indices and memarg fields. */
export function uleb(n: number): number[] {
  if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) throw new Error(`uleb: ${n} is not a u32`);
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, as used for i32.const. */
export function sleb(n: number): number[] {
  if (!(Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff)) throw new Error(`sleb: ${n} is not an i32`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7; // arithmetic shift keeps the sign
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A name: its length, then its bytes (export names here are ASCII identifiers). */
const name = (s: string): number[] => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`assembleModule: export name ${JSON.stringify(s)} is not an ASCII identifier`);
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** A local variable (or parameter) of the function being written: its index and type. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/**
 * The body of one function, written as a stack-machine instruction list. Methods append one
 * instruction each and return `this`, so code reads top to bottom like the WAT text format.
 */
export class FunctionBuilder {
  readonly params: Local[];
  private readonly locals: Local[] = [];
  private readonly code: number[] = [];

  constructor(readonly name: string, paramTypes: ValType[], readonly resultTypes: ValType[] = []) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }

  /** Declares a new local of the given type (zero-initialised by WebAssembly). */
  local(type: ValType): Local {
    const l = { index: this.params.length + this.locals.length, type };
    this.locals.push(l);
    return l;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }

  // Locals and constants.
  get(l: Local): this { return this.op(0x20, ...uleb(l.index)); } // local.get
  set(l: Local): this { return this.op(0x21, ...uleb(l.index)); } // local.set
  tee(l: Local): this { return this.op(0x22, ...uleb(l.index)); } // local.tee
  i32(n: number): this { return this.op(0x41, ...sleb(n)); } // i32.const
  f64Zero(): this { return this.op(0x44, 0, 0, 0, 0, 0, 0, 0, 0); } // f64.const 0
  v128Zero(): this { return this.simd(12, ...new Array<number>(16).fill(0)); } // v128.const 0

  // i32 arithmetic and comparisons.
  add(): this { return this.op(0x6a); } // i32.add
  sub(): this { return this.op(0x6b); } // i32.sub
  mul(): this { return this.op(0x6c); } // i32.mul
  shl(): this { return this.op(0x74); } // i32.shl
  and(): this { return this.op(0x71); } // i32.and
  ltU(): this { return this.op(0x49); } // i32.lt_u (addresses are unsigned)
  ltS(): this { return this.op(0x48); } // i32.lt_s
  gtS(): this { return this.op(0x4a); } // i32.gt_s
  geS(): this { return this.op(0x4e); } // i32.ge_s
  /** select: pops a, b, cond and pushes cond ? a : b. */
  select(): this { return this.op(0x1b); }

  // Control flow: block/loop with an empty result type; br_if's depth counts enclosing labels.
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  /** if … (else …) end on the i32 popped from the stack (nonzero = then). */
  if(): this { return this.op(0x04, 0x40); }
  else(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, ...uleb(depth)); }
  brIf(depth: number): this { return this.op(0x0d, ...uleb(depth)); }

  // Memory (memarg = alignment exponent, then a constant byte offset added to the address).
  f64Load(offset = 0): this { return this.op(0x2b, 3, ...uleb(offset)); } // f64.load
  i32Load(offset = 0): this { return this.op(0x28, 2, ...uleb(offset)); } // i32.load
  f64Store(offset = 0): this { return this.op(0x39, 3, ...uleb(offset)); } // f64.store
  v128Load(offset = 0): this { return this.simd(0, 4, ...uleb(offset)); } // v128.load
  v128Store(offset = 0): this { return this.simd(11, 4, ...uleb(offset)); } // v128.store
  /** v128.load64_splat: one f64 from memory into both lanes. */
  f64x2LoadSplat(offset = 0): this { return this.simd(10, 3, ...uleb(offset)); }

  /** i8x16.shuffle: bytes of two vectors picked by 16 lane indices (0–15 first vector, 16–31 second). */
  shuffle(lanes: number[]): this { return this.simd(13, ...lanes); }
  /** The shuffle picking f64 lane i of the first vector (0, 1) or the second (2, 3) into each lane. */
  f64x2Shuffle(lo: number, hi: number): this {
    const bytes = (l: number): number[] => Array.from({ length: 8 }, (_, i) => l * 8 + i);
    return this.shuffle([...bytes(lo), ...bytes(hi)]);
  }

  // Arithmetic: scalar f64 and f64x2 lanes.
  f64Add(): this { return this.op(0xa0); } // f64.add
  f64x2Add(): this { return this.simd(240); } // f64x2.add
  f64x2Mul(): this { return this.simd(242); } // f64x2.mul

  /** The function's code-section entry: local declarations, then the body and its `end`. */
  encode(): number[] {
    const decls = this.locals.map((l) => [1, VALTYPE[l.type]]); // one entry per local: simple, and legal
    const body = [...vec(decls), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }

  /** The function's type, encoded as a functype (0x60 params results). */
  signature(): number[] {
    return [0x60, ...vec(this.params.map((p) => [VALTYPE[p.type]])), ...vec(this.resultTypes.map((t) => [VALTYPE[t]]))];
  }
}

/**
 * The module's one memory, in pages of 64 KiB. By default the module defines it; with
 * `imported` it takes it from the instantiating code as `env.memory`, which is how threads
 * share one: a `shared` memory needs a maximum and must come from outside, so that every
 * thread's instance can be given the same one.
 */
export interface MemorySpec {
  initialPages: number;
  maximumPages?: number;
  shared?: boolean;
  imported?: boolean;
}

/** The limits of a memory type: flags 0 (min), 1 (min, max) or 3 (min, max, shared: the threads proposal). */
function limits(m: MemorySpec): number[] {
  if (m.shared && m.maximumPages === undefined) throw new Error("assembleModule: a shared memory needs maximumPages");
  if (m.shared && !m.imported) throw new Error("assembleModule: a shared memory must be imported, so that threads can share it");
  if (m.maximumPages === undefined) return [0x00, ...uleb(m.initialPages)];
  return [m.shared ? 0x03 : 0x01, ...uleb(m.initialPages), ...uleb(m.maximumPages)];
}

/** Encodes a module with the given functions (all exported by name) and one memory, exported as "memory". */
export function assembleModule(functions: FunctionBuilder[], memory: MemorySpec = { initialPages: 1 }): Uint8Array {
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  const memoryImport = [...name("env"), ...name("memory"), 0x02, ...limits(memory)];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vec(functions.map((f) => f.signature()))), // types: one per function
    ...(memory.imported ? section(2, vec([memoryImport])) : []), // imports: the memory, as env.memory
    ...section(3, vec(functions.map((_, i) => uleb(i)))), // function i has type i
    ...(memory.imported ? [] : section(5, vec([limits(memory)]))), // or the module's own memory
    ...section(7, vec([...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]), [...name("memory"), 0x02, 0x00]])),
    ...section(10, vec(functions.map((f) => f.encode()))),
  ];
  return Uint8Array.from(bytes);
}
