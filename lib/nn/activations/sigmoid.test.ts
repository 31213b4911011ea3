import { Rng, Sigmoid, Tensor, gradcheck, relError } from "gradlab";

/** The textbook formula, safe for the moderate inputs it is used on here. */
const naive = (a: number): number => 1 / (1 + Math.exp(-a));

describe("Sigmoid", () => {
  test("closed-form values: sigm(0) = 1/2, sigm(ln 3) = 3/4, sigm(−ln 3) = 1/4", () => {
    const y = new Sigmoid().fprop(Tensor.from([0, Math.log(3), -Math.log(3)]));
    expect(y.data[0]).toBe(0.5);
    expect(y.data[1]).toBeCloseTo(0.75, 15);
    expect(y.data[2]).toBeCloseTo(0.25, 15);
  });

  test("agrees with 1/(1+exp(−a)) on moderate inputs", () => {
    const x = Tensor.randn([5, 7], new Rng(2), 0, 4);
    const y = new Sigmoid().fprop(x);
    expect(relError(y, x.map(naive))).toBeLessThan(1e-15);
  });

  test("sigm(±1000) is exactly 1 and 0, and its gradient is 0, never NaN", () => {
    const layer = new Sigmoid();
    const y = layer.fprop(Tensor.from([1000, -1000, 800, -800]));
    expect(Array.from(y.data)).toEqual([1, 0, 1, 0]);
    const dx = layer.bprop(Tensor.ones([4]));
    expect(Array.from(dx.data)).toEqual([0, 0, 0, 0]);
    expect(y.hasNonFinite() || dx.hasNonFinite()).toBe(false);
    // Near the underflow limit the result is the (denormal) e^a, not 0 and not NaN.
    expect(layer.fprop(Tensor.from([-710])).data[0]).toBe(Math.exp(-710));
  });

  test("bprop is the lecture's g'(a) = g(a)(1 − g(a)): 1/4 at 0", () => {
    const layer = new Sigmoid();
    const x = Tensor.from([0, 1, -2.5, 4]);
    layer.fprop(x);
    const dy = Tensor.from([1, 2, -3, 0.5]);
    const expected = x.map((a, i) => dy.data[i] * naive(a) * (1 - naive(a)));
    expect(relError(layer.bprop(dy), expected)).toBeLessThan(1e-15);
    expect(expected.data[0]).toBe(0.25);
  });

  test("bprop matches centred finite differences (2-D and 3-D inputs)", () => {
    const rng = new Rng(4);
    for (const shape of [[4, 5], [2, 3, 4]]) {
      const report = gradcheck(new Sigmoid(), Tensor.randn(shape, rng, 0, 3));
      expect(report.entries[0].relError).toBeLessThan(1e-7);
    }
  });

  test("bprop errors: before fprop, and dy of another shape", () => {
    const layer = new Sigmoid();
    expect(() => layer.bprop(Tensor.zeros([1]))).toThrow("Sigmoid.bprop: called before fprop");
    layer.fprop(Tensor.zeros([2, 3]));
    expect(() => layer.bprop(Tensor.zeros([2, 4]))).toThrow("Sigmoid.bprop: dy has shape [2, 4] but the cached input x has shape [2, 3]");
  });
});
