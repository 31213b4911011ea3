import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GemmBackend, Rng, gemm, gemmPath, gemmReference, getGemmBackend, relError, setGemmBackend } from "gradlab";

afterEach(() => setGemmBackend("auto"));

describe("choosing between the JavaScript and WebAssembly paths", () => {
  test("auto (the default): WebAssembly for big products, JavaScript for tiny or thin ones", () => {
    expect(getGemmBackend()).toBe("auto");
    for (const [M, N, K] of [[1024, 1024, 1024], [128, 256, 784], [256, 784, 128], [32, 100, 2], [32, 3, 100], [8, 784, 9], [16, 16, 16]]) {
      expect(`${M}×${N}×${K}: ${gemmPath(M, N, K)}`).toBe(`${M}×${N}×${K}: wasm`);
    }
    for (const [M, N, K] of [[2, 2, 2], [8, 8, 8], [1, 256, 784], [784, 1, 256], [100, 2, 32], [32, 2, 100]]) {
      expect(`${M}×${N}×${K}: ${gemmPath(M, N, K)}`).toBe(`${M}×${N}×${K}: js`);
    }
  });

  test("setGemmBackend forces a path for every size, and rejects unknown names", () => {
    setGemmBackend("js");
    expect(getGemmBackend()).toBe("js");
    expect(gemmPath(1024, 1024, 1024)).toBe("js");
    setGemmBackend("wasm");
    expect(gemmPath(1, 1, 1)).toBe("wasm");
    expect(() => setGemmBackend("fast" as GemmBackend)).toThrow(
      'setGemmBackend: unknown gemm backend "fast", expected one of "js", "wasm", "auto"',
    );
    expect(getGemmBackend()).toBe("wasm"); // unchanged by the rejected call
  });

  test("both paths give the reference's numbers on an MLP-sized product, in all three forms a Linear layer uses", () => {
    const rng = new Rng(3);
    const x = new Float64Array(64 * 100).map(() => rng.normal()); // [64, 100]
    const W = new Float64Array(30 * 100).map(() => rng.normal()); // [30, 100]
    const dy = new Float64Array(64 * 30).map(() => rng.normal()); // [64, 30]
    const products: [boolean, boolean, number, number, number, Float64Array, Float64Array][] = [
      [false, true, 64, 30, 100, x, W], // y = x Wᵀ
      [false, false, 64, 100, 30, dy, W], // dx = dy W
      [true, false, 30, 100, 64, dy, x], // dW = dyᵀ x
    ];
    for (const [tA, tB, M, N, K, A, B] of products) {
      const ref = gemmReference(tA, tB, M, N, K, A, B);
      for (const backend of ["js", "wasm", "auto"] as const) {
        setGemmBackend(backend);
        const C = new Float64Array(M * N);
        gemm(tA, tB, M, N, K, A, B, C);
        expect(relError(C, ref)).toBeLessThan(1e-12);
      }
    }
  });
});

describe("the GRADLAB_GEMM environment variable, and no WebAssembly", () => {
  const saved = process.env.GRADLAB_GEMM;
  afterEach(() => {
    if (saved === undefined) delete process.env.GRADLAB_GEMM;
    else process.env.GRADLAB_GEMM = saved;
  });

  test("sets the initial backend; an unknown value is an error naming the variable", () => {
    process.env.GRADLAB_GEMM = "js";
    jest.isolateModules(() => {
      const fresh = require("./gemm") as typeof import("./gemm");
      expect(fresh.getGemmBackend()).toBe("js");
      expect(fresh.gemmPath(512, 512, 512)).toBe("js");
    });
    process.env.GRADLAB_GEMM = "blas";
    jest.isolateModules(() => {
      expect(() => require("./gemm")).toThrow('GRADLAB_GEMM: unknown gemm backend "blas", expected one of "js", "wasm", "auto"');
    });
  });

  test("without WebAssembly SIMD, auto falls back to JavaScript for good; a forced wasm says why", () => {
    delete process.env.GRADLAB_GEMM;
    jest.isolateModules(() => {
      jest.doMock("./wasm/gemm_kernel", () => ({
        ...jest.requireActual("./wasm/gemm_kernel"),
        instantiateGemmKernel: () => {
          throw new WebAssembly.CompileError("SIMD unsupported (simulated)");
        },
      }));
      const fresh = require("./gemm") as typeof import("./gemm");
      const A = Float64Array.from({ length: 64 }, (_, i) => i % 7); // 8×8
      const I = Float64Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 1 : 0)); // identity
      const C = new Float64Array(64);
      expect(fresh.gemmPath(8, 8, 16)).toBe("wasm");
      fresh.gemm(false, false, 8, 8, 8, A, I, C); // 512 < 1024 multiply-adds: JS anyway
      fresh.gemm(false, false, 4, 8, 32, new Float64Array(128).fill(1), new Float64Array(256).fill(0.5), C);
      expect(Array.from(C.subarray(0, 32))).toEqual(new Array(32).fill(16)); // Σ over 32 of 1·0.5
      expect(fresh.gemmPath(8, 8, 16)).toBe("js");
      fresh.setGemmBackend("wasm");
      expect(() => fresh.gemm(false, false, 8, 8, 8, A, I, C)).toThrow("SIMD unsupported (simulated)");
    });
  });
});

describe("the built package", () => {
  test("dist/lib/index.js loads outside jest and runs both paths (run `npm run build` first)", () => {
    const root = path.resolve(__dirname, "../..");
    const entry = path.join(root, "dist/lib/index.js");
    expect(fs.existsSync(path.join(root, "dist/lib/tensor/gemm_wasm.js")) ? entry : "dist/ is not built: run npm run build").toBe(entry);
    const script = `
      const g = require(${JSON.stringify(entry)});
      const A = Float64Array.from([1, 2, 3, 4, 5, 6]), B = Float64Array.from([7, 8, 9, 10, 11, 12]);
      const out = {};
      for (const b of ["js", "wasm"]) { g.setGemmBackend(b); const C = new Float64Array(4); g.gemm(false, false, 2, 2, 3, A, B, C); out[b] = Array.from(C); }
      g.setGemmBackend("auto");
      const n = 64, X = new Float64Array(n * n).fill(1), C = new Float64Array(n * n);
      g.gemm(false, true, n, n, n, X, X, C);
      out.auto = [g.gemmPath(n, n, n), C[0], C[n * n - 1]];
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    expect(out).toEqual({ js: [58, 64, 139, 154], wasm: [58, 64, 139, 154], auto: ["wasm", 64, 64] });
  });
});
