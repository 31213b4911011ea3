import { ReLU, Rng, Tensor, gradcheck } from "gradlab";

describe("ReLU", () => {
  test("fprop is max(0, a); bprop passes dy where a > 0 only (0 at the kink)", () => {
    const layer = new ReLU();
    expect(layer.fprop(Tensor.from([[-2, -0.5, 0], [0.5, 3, -1e-300]])).toArray()).toEqual([[0, 0, 0], [0.5, 3, 0]]);
    expect(layer.bprop(Tensor.from([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([[0, 0, 0], [4, 5, 0]]);
  });

  test("bprop matches centred finite differences away from the kink", () => {
    const rng = new Rng(6);
    // Move every input at least 0.1 from 0 so that x ± h never crosses the kink.
    const x = Tensor.randn([2, 3, 4], rng).map((v) => Math.sign(v) * (0.1 + Math.abs(v)));
    const report = gradcheck(new ReLU(), x);
    expect(report.entries[0].relError).toBeLessThan(1e-7);
  });

  test("dy of another shape is an error", () => {
    const layer = new ReLU();
    layer.fprop(Tensor.zeros([2, 2]));
    expect(() => layer.bprop(Tensor.zeros([2]))).toThrow("ReLU.bprop: dy has shape [2] but the cached input x has shape [2, 2]");
  });
});
