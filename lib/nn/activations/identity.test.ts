import { Identity, Rng, Tensor, gradcheck } from "gradlab";

describe("Identity", () => {
  test("fprop returns a copy with the same values; bprop passes dy through (g'(a) = 1)", () => {
    const layer = new Identity();
    const x = Tensor.from([[1.5, -2], [0, 7]]);
    const y = layer.fprop(x);
    expect(y.toArray()).toEqual([[1.5, -2], [0, 7]]);
    expect(y.data).not.toBe(x.data);
    const dy = Tensor.from([[3, 4], [-5, 6]]);
    const dx = layer.bprop(dy);
    expect(dx.toArray()).toEqual([[3, 4], [-5, 6]]);
    expect(dx.data).not.toBe(dy.data);
  });

  test("bprop matches centred finite differences", () => {
    const report = gradcheck(new Identity(), Tensor.randn([3, 4], new Rng(1)));
    expect(report.entries[0].relError).toBeLessThan(1e-7);
  });

  test("dy of the wrong shape is an error", () => {
    const layer = new Identity();
    layer.fprop(Tensor.zeros([2, 2]));
    expect(() => layer.bprop(Tensor.zeros([4]))).toThrow("Identity.bprop: dy has shape [4] but the cached input x has shape [2, 2]");
  });
});
