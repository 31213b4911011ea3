import { Conv2d, Flatten, Linear, MaxPool2d, Module, ReLU, Rng, Sequential, Tanh, Tensor } from "gradlab";

function grads(model: Module): number[][] {
  return model.params().map((p) => Array.from(p.grad.data));
}

const nets = [
  ["Linear first", (rng: Rng) => new Sequential([new Linear(3, 5, { rng }), new Tanh(), new Linear(5, 2, { rng })]), [4, 3]],
  ["Conv2d first", (rng: Rng) => new Sequential([new Conv2d(2, 2, 2, { rng }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(2, 2, { rng })]), [3, 2, 3, 3]],
  ["an activation first", (rng: Rng) => new Sequential([new Tanh(), new Linear(3, 2, { rng })]), [4, 3]],
] as const;

describe("Module.bpropParams", () => {
  test.each(nets)("%s: the same parameter gradients as bprop, accumulated the same way", (_name, build, shape) => {
    const rng = new Rng(1);
    const a = build(new Rng(2));
    const b = build(new Rng(2));
    const x = Tensor.randn(shape, rng);
    const dy = Tensor.randn(a.fprop(x).shape, rng);
    b.fprop(x);
    a.bprop(dy);
    b.bpropParams(dy);
    expect(grads(b)).toEqual(grads(a));
    expect(grads(b).flat().some((v) => v !== 0)).toBe(true);
    // A second pass adds the same gradient again, as bprop does.
    a.bprop(dy);
    b.bpropParams(dy);
    expect(grads(b)).toEqual(grads(a));
  });

  test.each([
    ["Linear", () => new Linear(3, 2, { rng: new Rng(3) }), [4, 3]],
    ["Conv2d", () => new Conv2d(1, 2, 2, { rng: new Rng(3) }), [2, 1, 3, 3]],
  ] as const)("%s does not compute dx: its dx buffer is left untouched", (_name, build, shape) => {
    const layer = build().reuseBuffers();
    const x = Tensor.randn(shape, new Rng(4));
    const dy = Tensor.randn(layer.fprop(x).shape, new Rng(5));
    const dx = layer.bprop(dy);
    dx.data.fill(7);
    layer.bpropParams(dy);
    expect(Array.from(dx.data).every((v) => v === 7)).toBe(true);
    expect(layer.bprop(dy)).toBe(dx);
    expect(Array.from(dx.data).every((v) => v === 7)).toBe(false);
  });

  test("a subclass that overrides bprop (a student's Linear) still sees every backward pass", () => {
    class CountingLinear extends Linear {
      calls = 0;
      override bprop(dy: Tensor): Tensor {
        this.calls++;
        return super.bprop(dy);
      }
    }
    const first = new CountingLinear(2, 2);
    const net = new Sequential([first, new Linear(2, 1)]);
    net.fprop(Tensor.ones([3, 2]));
    net.bpropParams(Tensor.ones([3, 1]));
    expect(first.calls).toBe(1);
  });

  test("errors name the layer, as bprop's do", () => {
    const net = new Sequential([new Linear(2, 3), new Linear(3, 1)]);
    expect(() => net.bpropParams(Tensor.ones([1, 1]))).toThrow("Sequential layer 1 (Linear): Linear.bprop: called before fprop");
    net.fprop(Tensor.ones([4, 2]));
    expect(() => net.bpropParams(Tensor.ones([4, 2]))).toThrow("Sequential layer 1 (Linear): Linear.bprop: dy has shape [4, 2], expected [4, 1]");
  });
});
