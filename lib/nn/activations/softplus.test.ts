import { Rng, Softplus, Tensor, gradcheck, relError } from "gradlab";

describe("Softplus", () => {
  test("closed-form values: softplus(0) = ln 2, softplus(ln 3) = ln 4, log(1 + e^a) on moderate inputs", () => {
    const y = new Softplus().fprop(Tensor.from([0, Math.log(3)]));
    expect(y.data[0]).toBeCloseTo(Math.LN2, 15);
    expect(y.data[1]).toBeCloseTo(Math.log(4), 15);
    const x = Tensor.randn([4, 6], new Rng(1), 0, 5);
    expect(relError(new Softplus().fprop(x), x.map((a) => Math.log(1 + Math.exp(a))))).toBeLessThan(1e-14);
  });

  test("large |a|: softplus(1000) = 1000, softplus(−1000) = 0, no overflow; tails keep their digits", () => {
    const y = new Softplus().fprop(Tensor.from([1000, -1000, 800, -40, 40]));
    expect(y.data[0]).toBe(1000);
    expect(y.data[1]).toBe(0);
    expect(y.data[2]).toBe(800); // the naive log(1 + e^800) is Infinity
    // log(1 + e^−40) = e^−40 − e^−80/2 + …; the naive form rounds 1 + e^−40 to 1 and gives 0.
    expect(Math.abs(y.data[3] - Math.exp(-40)) / Math.exp(-40)).toBeLessThan(1e-15);
    expect(y.data[4]).toBe(40 + Math.exp(-40)); // = 40 in float64, but not Infinity
    expect(y.hasNonFinite()).toBe(false);
  });

  test("bprop is the derivative sigm(a): 1/2 at 0, 1 and 0 at ±1000", () => {
    const layer = new Softplus();
    const x = Tensor.from([0, 1.5, -2, 1000, -1000]);
    layer.fprop(x);
    const dx = layer.bprop(Tensor.ones([5]));
    expect(dx.data[0]).toBe(0.5);
    expect(relError(dx.data.subarray(1, 3), [1 / (1 + Math.exp(-1.5)), 1 / (1 + Math.exp(2))])).toBeLessThan(1e-15);
    expect([dx.data[3], dx.data[4]]).toEqual([1, 0]);
  });

  test("bprop matches centred finite differences (2-D and 3-D inputs)", () => {
    const rng = new Rng(8);
    for (const shape of [[4, 5], [2, 2, 3]]) {
      const report = gradcheck(new Softplus(), Tensor.randn(shape, rng, 0, 3));
      expect(report.entries[0].relError).toBeLessThan(1e-7);
    }
  });

  test("dy of another shape is an error", () => {
    const layer = new Softplus();
    layer.fprop(Tensor.zeros([2]));
    expect(() => layer.bprop(Tensor.zeros([1, 2]))).toThrow("Softplus.bprop: dy has shape [1, 2] but the cached input x has shape [2]");
  });
});
