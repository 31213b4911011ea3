import { Rng, Tanh, Tensor, gradcheck, relError } from "gradlab";

describe("Tanh", () => {
  test("values: tanh(0) = 0, tanh(ln 2) = 3/5, and Math.tanh elsewhere", () => {
    const y = new Tanh().fprop(Tensor.from([0, Math.log(2), -Math.log(2)]));
    // (e^{2 ln 2} − 1)/(e^{2 ln 2} + 1) = (4 − 1)/(4 + 1)
    expect(y.data[0]).toBe(0);
    expect(y.data[1]).toBeCloseTo(0.6, 15);
    expect(y.data[2]).toBeCloseTo(-0.6, 15);
    const x = Tensor.randn([3, 4], new Rng(1), 0, 2);
    const expected = x.map((a) => (Math.exp(2 * a) - 1) / (Math.exp(2 * a) + 1));
    expect(relError(new Tanh().fprop(x), expected)).toBeLessThan(1e-14);
  });

  test("saturates to exactly ±1 at ±1000 with a zero gradient, never NaN", () => {
    const layer = new Tanh();
    expect(Array.from(layer.fprop(Tensor.from([1000, -1000])).data)).toEqual([1, -1]);
    expect(Array.from(layer.bprop(Tensor.ones([2])).data)).toEqual([0, 0]);
  });

  test("bprop is the lecture's g'(a) = 1 − g(a)²: 1 at 0", () => {
    const layer = new Tanh();
    const x = Tensor.from([[0, 0.5], [-1.5, 2]]);
    layer.fprop(x);
    const dy = Tensor.from([[1, -2], [3, 0.25]]);
    const expected = x.map((a, i) => dy.data[i] * (1 - Math.tanh(a) ** 2));
    expect(relError(layer.bprop(dy), expected)).toBeLessThan(1e-15);
    expect(expected.data[0]).toBe(1);
  });

  test("bprop matches centred finite differences (2-D and 3-D inputs)", () => {
    const rng = new Rng(5);
    for (const shape of [[4, 5], [3, 2, 2]]) {
      const report = gradcheck(new Tanh(), Tensor.randn(shape, rng, 0, 1.5));
      expect(report.entries[0].relError).toBeLessThan(1e-7);
    }
  });

  test("dy of another shape is an error", () => {
    const layer = new Tanh();
    layer.fprop(Tensor.zeros([3]));
    expect(() => layer.bprop(Tensor.zeros([3, 1]))).toThrow("Tanh.bprop: dy has shape [3, 1] but the cached input x has shape [3]");
  });
});
