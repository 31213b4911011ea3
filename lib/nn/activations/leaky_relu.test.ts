import { LeakyReLU, Rng, Tensor, gradcheck } from "gradlab";

describe("LeakyReLU", () => {
  test("default slope 0.01: a if a > 0 else 0.01 a; derivative 1 or 0.01", () => {
    const layer = new LeakyReLU();
    expect(layer.slope).toBe(0.01);
    expect(layer.fprop(Tensor.from([-2, 3, -100])).toArray()).toEqual([-0.02, 3, -1]);
    expect(layer.bprop(Tensor.from([5, 5, -3])).toArray()).toEqual([0.05, 5, -0.03]);
  });

  test("slope option; slope 0 is ReLU", () => {
    expect(new LeakyReLU({ slope: 0.25 }).fprop(Tensor.from([-4, 4])).toArray()).toEqual([-1, 4]);
    const y = new LeakyReLU({ slope: 0 }).fprop(Tensor.from([-4, 4]));
    expect(Array.from(y.data, (v) => v + 0)).toEqual([0, 4]); // 0·(−4) is −0; adding 0 makes it +0 for toEqual
  });

  test("bprop matches centred finite differences away from the kink", () => {
    const rng = new Rng(7);
    const x = Tensor.randn([4, 5], rng).map((v) => Math.sign(v) * (0.1 + Math.abs(v)));
    const report = gradcheck(new LeakyReLU({ slope: 0.1 }), x);
    expect(report.entries[0].relError).toBeLessThan(1e-7);
  });

  test("bad slopes and unknown options are rejected with what was expected", () => {
    expect(() => new LeakyReLU({ slope: -0.1 })).toThrow("LeakyReLU: slope must be a finite number >= 0 and < 1, got -0.1");
    expect(() => new LeakyReLU({ slope: 1 })).toThrow("slope must be a finite number >= 0 and < 1, got 1");
    expect(() => new LeakyReLU({ slope: NaN })).toThrow("got NaN");
    expect(() => new LeakyReLU({ slope: "0.1" as never })).toThrow("got 0.1");
    expect(() => new LeakyReLU({ alpha: 0.1 } as never)).toThrow('LeakyReLU: unknown option "alpha"; known options are "slope"');
  });

  test("dy of another shape is an error; toString shows the slope", () => {
    const layer = new LeakyReLU({ slope: 0.2 });
    layer.fprop(Tensor.zeros([2, 3]));
    expect(() => layer.bprop(Tensor.zeros([3, 2]))).toThrow("LeakyReLU.bprop: dy has shape [3, 2] but the cached input x has shape [2, 3]");
    expect(String(layer)).toBe("LeakyReLU(slope=0.2)");
  });
});
