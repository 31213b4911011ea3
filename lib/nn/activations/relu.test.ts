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

  test("the branch-free loops give the bits of x > 0 ? x : 0 and x > 0 ? dy : 0, NaN, ±0 and ±∞ included", () => {
    const rng = new Rng(11);
    const special = [NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324];
    const x = Tensor.randn([7, 33], rng);
    const dy = Tensor.randn([7, 33], rng);
    for (let i = 0; i < x.size; i += 5) x.data[i] = special[(i / 5) % special.length];
    for (let i = 2; i < dy.size; i += 5) dy.data[i] = special[(i / 5 + 3) % special.length];
    const layer = new ReLU();
    const y = layer.fprop(x);
    const dx = layer.bprop(dy);
    const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
    expect(bits(y.data)).toBe(bits(x.data.map((v) => (v > 0 ? v : 0))));
    expect(bits(dx.data)).toBe(bits(x.data.map((v, i) => (v > 0 ? dy.data[i] : 0))));
  });

  test("dy of another shape is an error", () => {
    const layer = new ReLU();
    layer.fprop(Tensor.zeros([2, 2]));
    expect(() => layer.bprop(Tensor.zeros([2]))).toThrow("ReLU.bprop: dy has shape [2] but the cached input x has shape [2, 2]");
  });
});
