import { LogSoftmax, Rng, Tensor, gradcheck, logSoftmax, nllLoss, relError, softmaxCrossEntropy } from "gradlab";
import { expectGradcheckPasses } from "../../../test/support/gradcheck";

const { log, log1p, exp } = Math;

describe("LogSoftmax", () => {
  test("by hand: [0, ln 2, ln 3] → [−ln 6, −ln 3, −ln 2], and a constant row → −ln C", () => {
    const y = new LogSoftmax().fprop(Tensor.from([[0, log(2), log(3)], [7, 7, 7]]));
    expect(relError(y.data.subarray(0, 3), [-log(6), -log(3), -log(2)])).toBeLessThan(1e-15);
    for (let c = 3; c < 6; c++) expect(y.data[c]).toBe(-log(3));
  });

  test("entries near 0 keep their relative accuracy: h = [5, −15] gives −log1p(e^−20) to 1e-15", () => {
    // log f_0 = −log(1 + e^(−20)) ≈ −2.06e-9 exactly; the grouping h − (m + log Σ) would give
    // 5 − (5 + 2.06e-9), rounded to the spacing of doubles near 5, a relative error of ≈ 2e-7.
    const exact0 = -log1p(exp(-20));
    const exact1 = -20 - log1p(exp(-20));
    const h = Tensor.from([[5, -15], [-1e6, -1e6 - 20]]);
    for (const y of [new LogSoftmax().fprop(h), logSoftmax(h)]) {
      expect(Math.abs(y.data[0] - exact0) / Math.abs(exact0)).toBeLessThan(1e-15);
      expect(Math.abs(y.data[1] - exact1) / Math.abs(exact1)).toBeLessThan(1e-15);
      // Shifting every logit by −1e6 changes nothing, to the same accuracy.
      expect(Math.abs(y.data[2] - exact0) / Math.abs(exact0)).toBeLessThan(1e-15);
    }
  });

  test("logits of ±1000 stay finite: [1000, −1000] → [0, −2000]", () => {
    expect(new LogSoftmax().fprop(Tensor.from([[1000, -1000]])).toArray()).toEqual([[0, -2000]]);
  });

  test("bprop equals dyᵀ J with the full Jacobian J_jk = δ_jk − f_k", () => {
    const rng = new Rng(4);
    const layer = new LogSoftmax();
    const x = Tensor.randn([3, 4], rng, 0, 2);
    layer.fprop(x);
    const dy = Tensor.randn([3, 4], rng);
    const expected = Tensor.zeros([3, 4]);
    for (let n = 0; n < 3; n++) {
      let z = 0;
      for (let j = 0; j < 4; j++) z += exp(x.get(n, j));
      for (let k = 0; k < 4; k++) {
        const fk = exp(x.get(n, k)) / z;
        let s = 0;
        for (let j = 0; j < 4; j++) s += dy.get(n, j) * ((j === k ? 1 : 0) - fk);
        expected.set([n, k], s);
      }
    }
    expect(relError(layer.bprop(dy), expected)).toBeLessThan(1e-14);
  });

  test("bprop matches centred finite differences", () => {
    expectGradcheckPasses(gradcheck(new LogSoftmax(), Tensor.randn([5, 6], new Rng(5), 0, 2)), ["x"]);
  });

  test("LogSoftmax then nllLoss is softmaxCrossEntropy: same loss, same gradient at the logits", () => {
    const rng = new Rng(6);
    const h = Tensor.randn([6, 5], rng, 0, 3);
    const labels = [0, 4, 2, 2, 1, 3];
    const layer = new LogSoftmax();
    const nll = nllLoss(layer.fprop(h), labels);
    const fused = softmaxCrossEntropy(h, labels);
    expect(Math.abs(nll.loss - fused.loss) / fused.loss).toBeLessThan(1e-14);
    expect(relError(layer.bprop(nll.grad), fused.grad)).toBeLessThan(1e-14);
  });

  test("reuseBuffers: the same tensors come back, with the same numbers", () => {
    const x = Tensor.randn([3, 4], new Rng(7));
    const dy = Tensor.randn([3, 4], new Rng(8));
    const fresh = new LogSoftmax();
    const y0 = fresh.fprop(x).clone();
    const dx0 = fresh.bprop(dy).clone();
    const reusing = new LogSoftmax().reuseBuffers();
    const y1 = reusing.fprop(x);
    const dx1 = reusing.bprop(dy);
    expect(reusing.fprop(x)).toBe(y1);
    expect(reusing.bprop(dy)).toBe(dx1);
    expect(Array.from(y1.data)).toEqual(Array.from(y0.data));
    expect(Array.from(dx1.data)).toEqual(Array.from(dx0.data));
  });

  test("bad input names what was expected", () => {
    const layer = new LogSoftmax();
    expect(() => layer.fprop(Tensor.zeros([4]))).toThrow("LogSoftmax.fprop: x has shape [4], expected [N, C]");
    expect(() => layer.fprop(Tensor.zeros([2, 0]))).toThrow("expected [N, C] with C ≥ 1");
    expect(() => layer.fprop(Tensor.from([[0, 1], [2, NaN]]))).toThrow("LogSoftmax.fprop: x row 1 contains NaN (column 1); x must be finite numbers");
    expect(() => new LogSoftmax().bprop(Tensor.zeros([2, 3]))).toThrow("LogSoftmax.bprop: called before fprop");
    layer.fprop(Tensor.zeros([2, 3]));
    expect(() => layer.bprop(Tensor.zeros([3, 2]))).toThrow("LogSoftmax.bprop: dy has shape [3, 2], expected [2, 3]");
    expect(layer.toString()).toBe("LogSoftmax");
  });
});
