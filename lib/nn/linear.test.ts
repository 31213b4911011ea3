import { Linear, Rng, Tensor, gradcheck, relError } from "gradlab";
import { expectGradcheckPasses } from "../../test/support/gradcheck";

describe("Linear", () => {
  test("fprop computes x Wᵀ + b (hand-worked)", () => {
    const layer = new Linear(2, 3);
    layer.W.value.data.set([1, 2, 3, 4, 5, 6]); // W = [[1,2],[3,4],[5,6]]
    layer.b!.value.data.set([0.5, -1, 2]);
    const y = layer.fprop(Tensor.from([[1, -1], [2, 0.5]]));
    // row 1: [1-2, 3-4, 5-6] + b = [-0.5, -2, 1]; row 2: [2+1, 6+2, 10+3] + b = [3.5, 7, 15]
    expect(y.toArray()).toEqual([[-0.5, -2, 1], [3.5, 7, 15]]);
  });

  test("bprop matches centred finite differences", () => {
    const rng = new Rng(1);
    const layer = new Linear(5, 4, { rng });
    expectGradcheckPasses(gradcheck(layer, Tensor.randn([3, 5], rng)), ["x", "W", "b"]);
  });

  test("bprop accumulates parameter gradients across calls", () => {
    const rng = new Rng(2);
    const layer = new Linear(3, 2, { rng });
    const x = Tensor.randn([4, 3], rng);
    const dy = Tensor.randn([4, 2], rng);
    layer.fprop(x);
    layer.bprop(dy);
    const once = layer.W.grad.clone();
    layer.fprop(x);
    layer.bprop(dy);
    // Summation order differs between one and two accumulations, so compare to round-off.
    expect(relError(layer.W.grad, once.mul(2))).toBeLessThan(1e-14);
  });

  test("wrong input shape names both shapes", () => {
    const layer = new Linear(4, 2);
    expect(() => layer.fprop(Tensor.zeros([32, 3]))).toThrow("Linear.fprop: x has shape [32, 3], expected [N, 4]");
    expect(() => layer.bprop(Tensor.zeros([1, 2]))).toThrow("called before fprop");
  });

  test("unknown options and unknown initializers are rejected", () => {
    expect(() => new Linear(2, 2, { bais: false } as never)).toThrow('unknown option "bais"');
    expect(() => new Linear(2, 2, { init: "glorot" })).toThrow('unknown initializer "glorot"');
  });
});
