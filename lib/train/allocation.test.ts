import {
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Rng,
  Sequential,
  StepInfo,
  Tensor,
  createOptimizer,
  fit,
  miniBatches,
  softmaxCrossEntropy,
  takeLabels,
  takeRows,
} from "gradlab";

/**
 * Counts the Float64Arrays created from `start()` to `stop()`: through the global constructor
 * (which also catches Float64Array.from/of and every `new Float64Array` in the library, since the
 * library looks the global up at each call) and through the methods that return a new array
 * (subarray and slice make views or copies without calling the global).
 */
function float64Counter(): { readonly count: number; start(): void; stop(): void } {
  const Original = globalThis.Float64Array;
  const proto = Original.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const methods = ["subarray", "slice", "map", "filter"];
  const saved = methods.map((m) => proto[m]);
  let count = 0;
  const counting = new Proxy(Original, {
    construct(target, args, newTarget) {
      count++;
      return Reflect.construct(target, args, newTarget);
    },
  });
  return {
    get count() {
      return count;
    },
    start() {
      globalThis.Float64Array = counting;
      methods.forEach((m, i) => {
        proto[m] = function (this: unknown, ...args: unknown[]) {
          count++;
          return saved[i].apply(this, args);
        };
      });
    },
    stop() {
      globalThis.Float64Array = Original;
      methods.forEach((m, i) => (proto[m] = saved[i]));
    },
  };
}

function mlp(rng: Rng): Sequential {
  return new Sequential([new Linear(2, 16, { rng }), new ReLU(), new Linear(16, 3, { rng })]);
}

/** Conv2d → ReLU → MaxPool2d → Flatten → Linear on 1×6×6 images: [N,1,6,6] → [N,2,4,4] → [N,2,2,2] → [N,8] → [N,3]. */
function convNet(rng: Rng): Sequential {
  return new Sequential([new Conv2d(1, 2, 3, { rng }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8, 3, { rng })]);
}

const models = [
  ["Linear-ReLU-Linear", mlp, [2]],
  ["Conv2d-ReLU-MaxPool2d-Flatten-Linear", convNet, [1, 6, 6]],
] as const;

function classificationData(n: number, rowShape: readonly number[], rng: Rng): { x: Tensor; y: Int32Array; classes: number } {
  return { x: Tensor.randn([n, ...rowShape], rng), y: Int32Array.from({ length: n }, () => rng.int(3)), classes: 3 };
}

describe("a warmed-up training step allocates no Float64Array", () => {
  test("the counter sees the library's allocations (default mode allocates outputs, dx and the loss gradient)", () => {
    const rng = new Rng(0);
    const model = mlp(rng);
    const x = Tensor.randn([8, 2], rng);
    const counter = float64Counter();
    counter.start();
    try {
      model.bprop(softmaxCrossEntropy(model.fprop(x), new Int32Array(8)).grad);
      new Float64Array(3).subarray(1);
    } finally {
      counter.stop();
    }
    // y and dx of 3 layers, the loss's grad, and the two arrays made just above.
    expect(counter.count).toBe(6 + 1 + 2);
  });

  test.each(models)("%s, a hand-written loop: fprop, loss with out, zeroGrad, bprop, momentum step", (_name, build, rowShape) => {
    const rng = new Rng(1);
    const model = build(rng).reuseBuffers();
    const opt = createOptimizer("momentum", model.params(), { lr: 0.05, momentum: 0.9 });
    const { x, y } = classificationData(8, rowShape, rng);
    const lossOptions = { out: Tensor.zeros([8, 3]) };
    const losses: number[] = [];
    const step = (): void => {
      opt.zeroGrad();
      const result = softmaxCrossEntropy(model.fprop(x), y, lossOptions);
      model.bprop(result.grad);
      opt.step();
      losses.push(result.loss);
    };
    step();
    step();
    const counter = float64Counter();
    counter.start();
    try {
      for (let i = 0; i < 5; i++) step();
    } finally {
      counter.stop();
    }
    expect(counter.count).toBe(0);
    expect(losses[6]).toBeLessThan(losses[0]); // the steps did train
  });

  test.each(models)("%s, inside fit (batch gathering, loss, steps, across epochs)", (_name, build, rowShape) => {
    const rng = new Rng(2);
    const model = build(rng);
    const opt = createOptimizer("momentum", model.params(), { lr: 0.05, momentum: 0.9 });
    // 70 examples in batches of 16: four of 16, then one of 6, so two buffer shapes alternate.
    const data = classificationData(70, rowShape, rng);
    const counter = float64Counter();
    const countAtStep: number[] = [];
    counter.start();
    try {
      fit(model, {
        train: data,
        loss: "crossEntropy",
        optimizer: opt,
        epochs: 3,
        batchSize: 16,
        seed: 3,
        progress: false,
        onStep: (info: StepInfo) => countAtStep.push(counter.count),
      });
    } finally {
      counter.stop();
    }
    expect(countAtStep).toHaveLength(15);
    // The first epoch warms up both batch sizes; from its last step on, nothing more is created.
    expect(countAtStep[1]).toBeGreaterThan(0);
    expect(countAtStep.slice(4).map((c) => c - countAtStep[4])).toEqual(new Array(11).fill(0));
  });

  test("fit with the batch size dividing the data: zero after two warm-up steps", () => {
    const rng = new Rng(4);
    const model = convNet(rng);
    const opt = createOptimizer("momentum", model.params(), { lr: 0.05 });
    const counter = float64Counter();
    const countAtStep: number[] = [];
    counter.start();
    try {
      const options = { train: classificationData(48, [1, 6, 6], rng), loss: "crossEntropy" as const, optimizer: opt, epochs: 2, batchSize: 16, seed: 5, progress: false };
      fit(model, { ...options, onStep: () => countAtStep.push(counter.count) });
    } finally {
      counter.stop();
    }
    expect(countAtStep.slice(1).map((c) => c - countAtStep[1])).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("fit and buffer reuse", () => {
  const data = classificationData(20, [2], new Rng(6));

  test.each([false, true])("restores the model's reuse setting (%s) and mode after training", (before) => {
    const model = mlp(new Rng(7)).reuseBuffers(before).eval();
    let during: boolean | null = null;
    const opt = createOptimizer("sgd", model.params(), { lr: 0.1 });
    fit(model, { train: data, loss: "crossEntropy", optimizer: opt, epochs: 1, batchSize: 8, progress: false, onStep: () => (during = model.layers[0].reusesBuffers) });
    expect(during).toBe(true);
    expect(model.reusesBuffers).toBe(before);
    expect(model.layers[2].reusesBuffers).toBe(before);
    expect(model.training).toBe(false);
  });

  test("restores the setting when training fails, too", () => {
    const model = mlp(new Rng(8));
    const opt = createOptimizer("sgd", model.params(), { lr: 0.1 });
    const failing = (): never => {
      throw new Error("boom");
    };
    expect(() => fit(model, { train: data, loss: failing, optimizer: opt, epochs: 1, progress: false })).toThrow("fit (epoch 1, step 1): boom");
    expect(model.reusesBuffers).toBe(false);
  });

  test("trains to exactly the numbers of a hand-written loop in the default (fresh tensor) mode", () => {
    const epochs = 3;
    const batchSize = 8;
    const model = mlp(new Rng(9));
    const opt = createOptimizer("momentum", model.params(), { lr: 0.1 });
    const h = fit(model, { train: data, loss: "crossEntropy", optimizer: opt, epochs, batchSize, seed: 1, progress: false });

    // The same steps by hand: fit's shuffling (miniBatches with a generator seeded 1), copies of the rows.
    const ref = mlp(new Rng(9));
    const refOpt = createOptimizer("momentum", ref.params(), { lr: 0.1 });
    const rng = new Rng(1);
    const refLoss: number[] = [];
    for (let e = 0; e < epochs; e++) {
      let sum = 0;
      for (const idx of miniBatches(20, batchSize, rng, { shuffle: true })) {
        refOpt.zeroGrad();
        const { loss, grad } = softmaxCrossEntropy(ref.fprop(takeRows(data.x, idx)), takeLabels(data.y, idx));
        ref.bprop(grad);
        refOpt.step();
        sum += loss * idx.length;
      }
      refLoss.push(sum / 20);
    }
    expect(ref.reusesBuffers).toBe(false);
    expect(h.trainLoss).toEqual(refLoss);
    for (let i = 0; i < 4; i++) expect(Array.from(model.params()[i].value.data)).toEqual(Array.from(ref.params()[i].value.data));
  });
});
