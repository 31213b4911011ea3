import {
  BatchNorm1d,
  Conv2d,
  Dropout,
  Flatten,
  Linear,
  MaxPool2d,
  Module,
  ReLU,
  Rng,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  Tensor,
  createOptimizer,
  softmaxCrossEntropy,
} from "gradlab";

/** Linear → BatchNorm1d → Tanh → Dropout → Linear → ReLU → Linear → Softmax, seeded. */
function mlp(seed: number): Sequential {
  const rng = new Rng(seed);
  return new Sequential([
    new Linear(4, 7, { rng }),
    new BatchNorm1d(7),
    new Tanh(),
    new Dropout({ p: 0.3, rng: new Rng(seed + 1) }),
    new Linear(7, 6, { rng }),
    new ReLU(),
    new Linear(6, 3, { rng }),
    new Softmax(),
  ]);
}

/** Conv2d (stride 1, padding 1) → ReLU → MaxPool2d → Flatten → Linear → Sigmoid, seeded. */
function convNet(seed: number): Sequential {
  const rng = new Rng(seed);
  return new Sequential([
    new Conv2d(2, 3, 3, { padding: 1, rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(3 * 2 * 2, 3, { rng }),
    new Sigmoid(),
  ]);
}

/** Everything a step produces, as plain arrays: output, loss, dx, then each grad and each value. */
function trainStep(model: Module, opt: { zeroGrad(): void; step(): void }, x: Tensor, y: Int32Array): number[][] {
  opt.zeroGrad();
  const out = model.fprop(x);
  const { loss, grad } = softmaxCrossEntropy(out, y);
  const dx = model.bprop(grad);
  const grads = model.params().map((p) => Array.from(p.grad.data));
  opt.step();
  return [Array.from(out.data), [loss], Array.from(dx.data), ...grads, ...model.params().map((p) => Array.from(p.value.data))];
}

describe("Module.reuseBuffers", () => {
  test.each([
    ["an MLP with BatchNorm1d, Dropout and Softmax", mlp, [4]],
    ["a Conv2d-ReLU-MaxPool2d-Flatten-Linear network", convNet, [2, 4, 4]],
  ] as const)("with reuse on, %s computes exactly the numbers of the default mode", (_name, build, rowShape) => {
    const fresh = build(3);
    const reusing = build(3).reuseBuffers();
    const optFresh = createOptimizer("momentum", fresh.params(), { lr: 0.05 });
    const optReusing = createOptimizer("momentum", reusing.params(), { lr: 0.05 });
    const rng = new Rng(9);
    // Batch sizes change (a smaller last batch, then a third size) so that buffers are swapped and replaced.
    for (const N of [5, 5, 3, 5, 3, 4, 5]) {
      const x = Tensor.randn([N, ...rowShape], rng);
      const y = Int32Array.from({ length: N }, () => rng.int(3));
      const a = trainStep(fresh, optFresh, x, y);
      const b = trainStep(reusing, optReusing, x, y);
      expect(b).toEqual(a);
    }
  });

  test("default mode: every fprop and bprop returns a new tensor, and earlier results stay unchanged", () => {
    const rng = new Rng(1);
    const layers: [Module, number[]][] = [
      [new Linear(3, 2, { rng }), [4, 3]],
      [new ReLU(), [4, 3]],
      [new Softmax(), [4, 3]],
      [new BatchNorm1d(3), [4, 3]],
      [new Dropout({ p: 0.5, rng: new Rng(2) }), [4, 3]],
      [new Conv2d(1, 2, 2, { rng }), [2, 1, 3, 3]],
      [new MaxPool2d(2), [2, 1, 4, 4]],
    ];
    for (const [layer, shape] of layers) {
      const x1 = Tensor.randn(shape, rng);
      const y1 = layer.fprop(x1);
      const y1Values = Array.from(y1.data);
      const dx1 = layer.bprop(Tensor.randn(y1.shape, rng));
      const dx1Values = Array.from(dx1.data);
      const y2 = layer.fprop(Tensor.randn(shape, rng));
      const dx2 = layer.bprop(Tensor.randn(y2.shape, rng));
      expect(layer.reusesBuffers).toBe(false);
      expect(y2).not.toBe(y1);
      expect(y2.data).not.toBe(y1.data);
      expect(dx2.data).not.toBe(dx1.data);
      expect(Array.from(y1.data)).toEqual(y1Values);
      expect(Array.from(dx1.data)).toEqual(dx1Values);
      expect(y1Values).not.toEqual(Array.from(y2.data));
    }
  });

  test("reuse on: the same shape gets the same tensor back, overwritten; two batch sizes keep two buffers", () => {
    const rng = new Rng(4);
    const layer = new Linear(2, 2, { rng }).reuseBuffers();
    layer.W.value.data.set([1, 0, 0, 2]); // y = (x0, 2·x1) + b, b = 0
    const y1 = layer.fprop(Tensor.from([[1, 1]]));
    const y2 = layer.fprop(Tensor.from([[3, 4]]));
    expect(y2).toBe(y1);
    expect(Array.from(y1.data)).toEqual([3, 8]); // the first result was overwritten
    const big = layer.fprop(Tensor.from([[1, 2], [3, 4]]));
    expect(big).not.toBe(y1);
    expect(layer.fprop(Tensor.from([[5, 6]]))).toBe(y1); // still kept: the last two shapes are remembered
    expect(layer.fprop(Tensor.from([[0, 0], [0, 0]]))).toBe(big);
    const dx = layer.bprop(Tensor.from([[1, 1], [1, 1]]));
    expect(layer.bprop(Tensor.from([[1, 0], [0, 1]]))).toBe(dx);
    expect(Array.from(dx.data)).toEqual([1, 0, 0, 2]); // dx = dy W
    layer.reuseBuffers(false);
    expect(layer.fprop(Tensor.from([[0, 0], [0, 0]]))).not.toBe(big);
  });

  test("reuseBuffers reaches every child of nested containers, returns the module, and can be turned off", () => {
    const inner = new Sequential([new Linear(2, 2), new Tanh()]);
    const net = new Sequential([inner, new Flatten(), new Linear(2, 1)]);
    const all = [net, inner, ...inner.layers, ...net.layers];
    expect(all.every((m) => !m.reusesBuffers)).toBe(true);
    expect(net.reuseBuffers()).toBe(net);
    expect(all.every((m) => m.reusesBuffers)).toBe(true);
    net.reuseBuffers(false);
    expect(all.every((m) => !m.reusesBuffers)).toBe(true);
  });

  test("Flatten with reuse hands back the same view for the same input tensor", () => {
    const flat = new Flatten().reuseBuffers();
    const x = Tensor.randn([2, 3, 2], new Rng(5));
    const y = flat.fprop(x);
    expect(flat.fprop(x)).toBe(y);
    expect(y.data).toBe(x.data);
    expect(flat.fprop(x.clone())).not.toBe(y);
    const dy = Tensor.zeros([2, 6]);
    const dx = flat.bprop(dy);
    expect(dx.shape).toEqual([2, 3, 2]);
    expect(flat.bprop(dy)).toBe(dx);
  });

  test("reuseBuffers rejects anything but true or false", () => {
    expect(() => new ReLU().reuseBuffers("yes" as never)).toThrow("ReLU.reuseBuffers: on must be true or false, got yes");
    expect(() => new Sequential([new ReLU()]).reuseBuffers(1 as never)).toThrow("Sequential.reuseBuffers: on must be true or false, got 1");
  });
});
