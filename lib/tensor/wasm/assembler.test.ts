import { FunctionBuilder, assembleModule, sleb, uleb } from "./assembler";
import { gemmKernelBytes } from "./gemm_kernel";

describe("LEB128 encodings", () => {
  test("unsigned: the spec's and Wikipedia's examples", () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  test("signed: sign bit of the last byte decides", () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]); // 0x40 alone would read as −64
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  test("values out of range are errors", () => {
    expect(() => uleb(-1)).toThrow("uleb: -1 is not a u32");
    expect(() => uleb(1.5)).toThrow("uleb: 1.5 is not a u32");
    expect(() => sleb(2 ** 31)).toThrow("sleb: 2147483648 is not an i32");
  });
});

describe("assembled modules run", () => {
  const instantiate = (fns: FunctionBuilder[]): WebAssembly.Exports => {
    const bytes = new Uint8Array(assembleModule(fns));
    expect(WebAssembly.validate(bytes)).toBe(true);
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  };

  test("a loop in i32: sum of 1..n, with the result left on the stack", () => {
    const f = new FunctionBuilder("sum", ["i32"], ["i32"]);
    const [n] = f.params;
    const s = f.local("i32");
    // do { s += n } while (--n > 0)
    f.loop().get(s).get(n).add().set(s).get(n).i32(1).sub().tee(n).i32(0).gtS().brIf(0).end();
    f.get(s);
    const sum = instantiate([f]).sum as (n: number) => number;
    expect(sum(1)).toBe(1);
    expect(sum(100)).toBe(5050);
  });

  test("f64x2 multiply-add, load64_splat and if/else on values in memory", () => {
    // axpy2(x, y, alpha, add): y[0..1] = alpha·x[0..1] (+ y[0..1] when add ≠ 0), alpha read by splat.
    const f = new FunctionBuilder("axpy2", ["i32", "i32", "i32", "i32"]);
    const [x, y, alpha, add] = f.params;
    const v = f.local("v128");
    f.get(alpha).f64x2LoadSplat().get(x).v128Load().f64x2Mul().set(v);
    f.get(add).if().get(y).get(y).v128Load().get(v).f64x2Add().v128Store().else().get(y).get(v).v128Store().end();
    const exports = instantiate([f]);
    const axpy2 = exports.axpy2 as (x: number, y: number, alpha: number, add: number) => void;
    const m = new Float64Array((exports.memory as WebAssembly.Memory).buffer);
    m.set([1.5, -2, 10, 20, 3]); // x at 0, y at 16, alpha at 32 (byte addresses)
    axpy2(0, 16, 32, 1);
    expect(Array.from(m.subarray(2, 4))).toEqual([14.5, 14]); // 3·1.5 + 10, 3·(−2) + 20
    axpy2(0, 16, 32, 0);
    expect(Array.from(m.subarray(2, 4))).toEqual([4.5, -6]);
  });

  test("an imported shared memory: two instances see each other's stores; an unshared memory does not link", () => {
    // store(addr, from): copies the f64 at byte `from` to byte `addr`.
    const f = new FunctionBuilder("copy", ["i32", "i32"]);
    const [to, from] = f.params;
    f.get(to).get(from).f64Load().f64Store();
    const bytes = new Uint8Array(assembleModule([f], { initialPages: 1, maximumPages: 4, shared: true, imported: true }));
    expect(WebAssembly.validate(bytes)).toBe(true);
    const module = new WebAssembly.Module(bytes);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const one = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const two = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const m = new Float64Array(memory.buffer);
    m[0] = 2.5;
    (one.copy as (a: number, b: number) => void)(8, 0);
    (two.copy as (a: number, b: number) => void)(16, 8);
    expect(Array.from(m.subarray(0, 3))).toEqual([2.5, 2.5, 2.5]);
    expect(() => new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 4 }) } })).toThrow(
      WebAssembly.LinkError,
    );
  });

  test("a shared memory must be imported and have a maximum", () => {
    const f = new FunctionBuilder("noop", []);
    expect(() => assembleModule([f], { initialPages: 1, shared: true, imported: true })).toThrow("a shared memory needs maximumPages");
    expect(() => assembleModule([f], { initialPages: 1, maximumPages: 2, shared: true })).toThrow("a shared memory must be imported");
  });

  test("export names must be ASCII identifiers", () => {
    expect(() => assembleModule([new FunctionBuilder("two words", [])])).toThrow(
      'assembleModule: export name "two words" is not an ASCII identifier',
    );
  });

  test("the gemm kernel module is valid WebAssembly and small", () => {
    const bytes = new Uint8Array(gemmKernelBytes());
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });
});
