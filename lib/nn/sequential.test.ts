import { Dropout, Linear, ReLU, Rng, Sequential, Sigmoid, Tanh, Tensor, gradcheck } from "gradlab";
import { expectGradcheckPasses } from "../../test/support/gradcheck";

function mlp(rng: Rng): Sequential {
  return new Sequential([new Linear(4, 8, { rng }), new Tanh(), new Linear(8, 3, { rng }), new Sigmoid()]);
}

describe("Sequential", () => {
  test("fprop runs the layers in order and bprop in reverse (hand-worked)", () => {
    const lin = new Linear(1, 1);
    lin.W.value.data[0] = 2;
    lin.b!.value.data[0] = 1;
    const net = new Sequential([lin, new ReLU()]);
    // a = 2x + 1: x = −3 → a = −5 → 0; x = 1 → a = 3 → 3
    expect(net.fprop(Tensor.from([[-3], [1]])).toArray()).toEqual([[0], [3]]);
    // dx = dy · 1[a > 0] · W; dW = Σ dy · 1[a > 0] · x = 1; db = 1
    expect(net.bprop(Tensor.from([[1], [1]])).toArray()).toEqual([[0], [2]]);
    expect(lin.W.grad.data[0]).toBe(1);
    expect(lin.b!.grad.data[0]).toBe(1);
  });

  test("Linear-Tanh-Linear-Sigmoid passes gradcheck for every parameter and the input", () => {
    const rng = new Rng(1);
    const net = mlp(rng);
    expectGradcheckPasses(gradcheck(net, Tensor.randn([5, 4], rng)), ["x", "0.W", "0.b", "2.W", "2.b"]);
  });

  test("with a Dropout inside, gradcheck passes with the mask replayed", () => {
    const rng = new Rng(2);
    const drop = new Dropout({ p: 0.3 });
    const net = new Sequential([new Linear(4, 6, { rng }), new Tanh(), drop, new Linear(6, 2, { rng })]);
    expectGradcheckPasses(gradcheck(net, Tensor.randn([3, 4], rng), { beforeForward: () => drop.reseed(5) }), ["x", "0.W", "0.b", "3.W", "3.b"]);
    expect(drop.mask!.sum()).toBeLessThan(18); // some units really were dropped
  });

  test("eval() and train() propagate to a Dropout inside, also through a nested Sequential", () => {
    const rng = new Rng(3);
    const drop = new Dropout({ p: 0.5, rng });
    const inner = new Sequential([new Linear(3, 3, { rng }), drop]);
    const net = new Sequential([inner, new Tanh()]);
    const x = Tensor.randn([4, 3], rng);
    net.eval();
    expect([net.training, inner.training, drop.training]).toEqual([false, false, false]);
    const y1 = net.fprop(x);
    expect(Array.from(net.fprop(x).data)).toEqual(Array.from(y1.data)); // deterministic in eval
    expect(drop.mask).toBeNull();
    net.train();
    expect(drop.training).toBe(true);
    net.fprop(x);
    expect(drop.mask).not.toBeNull();
  });

  test("parameter names, regularize flags, count, and stable identities", () => {
    const net = new Sequential([new Linear(4, 8), new Tanh(), new Dropout(), new Linear(8, 3, { bias: false })]);
    const ps = net.params();
    expect(ps.map((p) => p.name)).toEqual(["0.W", "0.b", "3.W"]);
    expect(ps.map((p) => p.regularize)).toEqual([true, false, true]);
    expect(net.numParams()).toBe(4 * 8 + 8 + 8 * 3);
    expect(net.params()[0]).toBe(ps[0]);
    const lin = net.layers[0] as Linear;
    expect(ps[0].value).toBe(lin.W.value);
    expect(ps[0].grad).toBe(lin.W.grad);
    const nested = new Sequential([new Tanh(), net]);
    expect(nested.params().map((p) => p.name)).toEqual(["1.0.W", "1.0.b", "1.3.W"]);
  });

  test("zeroGrad clears every layer's gradients", () => {
    const rng = new Rng(4);
    const net = mlp(rng);
    net.fprop(Tensor.randn([2, 4], rng));
    net.bprop(Tensor.ones([2, 3]));
    expect(net.params().every((p) => p.grad.data.some((v) => v !== 0))).toBe(true);
    net.zeroGrad();
    expect(net.params().every((p) => p.grad.data.every((v) => v === 0))).toBe(true);
  });

  test("toString summarises the layers and their parameter counts", () => {
    const net = new Sequential([new Linear(4, 8), new Tanh(), new Dropout({ p: 0.5 }), new Linear(8, 3)]);
    const text = String(net);
    expect(text.split("\n")[0]).toBe("Sequential(");
    expect(text).toMatch(/\(0\) Linear\s+W \[8, 4\], b \[8\]\s+40 params/);
    expect(text).toContain("(1) Tanh\n");
    expect(text).toContain("(2) Dropout(p=0.5)\n");
    expect(text).toMatch(/\(3\) Linear\s+W \[3, 8\], b \[3\]\s+27 params/);
    expect(text.split("\n").pop()).toBe(")  67 parameters");
  });

  test("bad layer lists are clear errors", () => {
    expect(() => new Sequential([])).toThrow("Sequential: the list of layers is empty; give at least one layer");
    expect(() => new Sequential([new Tanh(), 3 as never])).toThrow("Sequential: layer 1 is not a Module (got number 3)");
    expect(() => new Sequential([new Tanh(), {} as never])).toThrow("layer 1 is not a Module (got an object of type Object)");
    expect(() => new Sequential([Tanh as never])).toThrow("Sequential: layer 0 is the class Tanh, not a layer object; write new Tanh(...)");
    expect(() => new Sequential(new Tanh() as never)).toThrow("Sequential: expected an array of layers");
    const t = new Tanh();
    expect(() => new Sequential([t, new Linear(2, 2), t])).toThrow("Sequential: layer 2 (Tanh) is the same object as layer 0");
  });

  test("an error inside a layer says which layer it came from", () => {
    const net = new Sequential([new Linear(3, 4), new Tanh(), new Linear(5, 2)]);
    expect(() => net.fprop(Tensor.zeros([2, 3]))).toThrow(
      "Sequential layer 2 (Linear): Linear.fprop: x has shape [2, 4], expected [N, 5]",
    );
  });
});
