import { Flatten, Rng, Tensor, gradcheck } from "gradlab";

describe("Flatten", () => {
  test("[N, C, H, W] → [N, C·H·W] in row-major order; bprop reshapes back", () => {
    const layer = new Flatten();
    const x = Tensor.zeros([2, 3, 4, 5]).map((_, i) => i);
    const y = layer.fprop(x);
    expect(y.shape).toEqual([2, 60]);
    // column 27 of example 1 is x[1, 1, 1, 2]: 27 = 1·20 + 1·5 + 2
    expect(y.get(1, 27)).toBe(x.get(1, 1, 1, 2));
    expect(y.get(1, 27)).toBe(60 + 27);
    const dy = Tensor.zeros([2, 60]).map((_, i) => -i);
    const dx = layer.bprop(dy);
    expect(dx.shape).toEqual([2, 3, 4, 5]);
    expect(dx.get(0, 2, 3, 4)).toBe(-59);
  });

  test("[N, D] stays [N, D]; N = 0 works", () => {
    const layer = new Flatten();
    expect(layer.fprop(Tensor.from([[1, 2, 3]])).shape).toEqual([1, 3]);
    expect(layer.fprop(Tensor.zeros([0, 2, 2])).shape).toEqual([0, 4]);
  });

  test("bprop matches centred finite differences", () => {
    const report = gradcheck(new Flatten(), Tensor.randn([3, 2, 2, 2], new Rng(1)));
    expect(report.entries[0].relError).toBeLessThan(1e-7);
  });

  test("shape errors name what was expected", () => {
    const layer = new Flatten();
    expect(() => layer.fprop(Tensor.zeros([5]))).toThrow(
      "Flatten.fprop: x has shape [5], expected [N, ...] with at least 2 dimensions",
    );
    expect(() => layer.bprop(Tensor.zeros([2, 6]))).toThrow("Flatten.bprop: called before fprop");
    layer.fprop(Tensor.zeros([2, 3, 2]));
    expect(() => layer.bprop(Tensor.zeros([2, 3, 2]))).toThrow("Flatten.bprop: dy has shape [2, 3, 2], expected [2, 6]");
    expect(() => layer.bprop(Tensor.zeros([3, 4]))).toThrow("Flatten.bprop: dy has shape [3, 4], expected [2, 6]");
  });
});
