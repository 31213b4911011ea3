import { Rng, Softmax, Tensor, gradcheck, relError } from "gradlab";

describe("Softmax", () => {
  test("softmax of [1, 2, 3] by hand: [1, e, e²] / (1 + e + e²)", () => {
    const e = Math.E;
    const z = 1 + e + e * e;
    const y = new Softmax().fprop(Tensor.from([[1, 2, 3], [0, 0, 0]]));
    expect(relError(y.data.subarray(0, 3), [1 / z, e / z, (e * e) / z])).toBeLessThan(1e-15);
    for (let c = 3; c < 6; c++) expect(y.data[c]).toBeCloseTo(1 / 3, 15);
  });

  test("every row is positive and sums to 1", () => {
    const y = new Softmax().fprop(Tensor.randn([6, 10], new Rng(1), 0, 5));
    const sums = y.sum(1);
    for (let n = 0; n < 6; n++) expect(Math.abs(sums.data[n] - 1)).toBeLessThan(1e-15);
    for (const v of y.data) expect(v).toBeGreaterThan(0);
  });

  test("logits of ±1000 stay finite: [1000, −1000] → [1, 0], [1000, 1000] → [1/2, 1/2]", () => {
    const y = new Softmax().fprop(Tensor.from([[1000, -1000], [1000, 1000], [-1000, -1000]]));
    expect(y.toArray()).toEqual([[1, 0], [0.5, 0.5], [0.5, 0.5]]);
  });

  test("bprop equals dyᵀ J with the full Jacobian J_jk = y_j (δ_jk − y_k)", () => {
    const rng = new Rng(2);
    const layer = new Softmax();
    const y = layer.fprop(Tensor.randn([3, 4], rng));
    const dy = Tensor.randn([3, 4], rng);
    const expected = Tensor.zeros([3, 4]);
    for (let n = 0; n < 3; n++) {
      for (let k = 0; k < 4; k++) {
        let s = 0;
        for (let j = 0; j < 4; j++) s += dy.get(n, j) * y.get(n, j) * ((j === k ? 1 : 0) - y.get(n, k));
        expected.set([n, k], s);
      }
    }
    expect(relError(layer.bprop(dy), expected)).toBeLessThan(1e-14);
  });

  test("bprop matches centred finite differences", () => {
    const report = gradcheck(new Softmax(), Tensor.randn([5, 6], new Rng(3), 0, 2));
    expect(report.entries[0].relError).toBeLessThan(1e-7);
  });

  test("shape errors name what was expected", () => {
    const layer = new Softmax();
    expect(() => layer.fprop(Tensor.zeros([4]))).toThrow("Softmax.fprop: x has shape [4], expected [N, C]");
    expect(() => layer.fprop(Tensor.zeros([2, 3, 4]))).toThrow("Softmax.fprop: x has shape [2, 3, 4], expected [N, C]");
    expect(() => layer.fprop(Tensor.zeros([2, 0]))).toThrow("expected [N, C] with C ≥ 1");
    expect(() => layer.bprop(Tensor.zeros([2, 3]))).toThrow("Softmax.bprop: called before fprop");
    layer.fprop(Tensor.zeros([2, 3]));
    expect(() => layer.bprop(Tensor.zeros([3, 2]))).toThrow("Softmax.bprop: dy has shape [3, 2], expected [2, 3]");
  });
});
