import {
  BatchNorm1d,
  Module,
  softmaxCrossEntropy,
  ClassificationData,
  EpochInfo,
  Linear,
  RegressionData,
  ReLU,
  Rng,
  Sequential,
  StepInfo,
  Tensor,
  createOptimizer,
  evaluate,
  fit,
  relError,
} from "gradlab";

/**
 * n random points in 2-D, labelled by a fixed rule (class 0: x₁ > 0, x₂ > 0; 1: x₁ > 0, x₂ ≤ 0;
 * 2: x₁ ≤ 0), with a fraction `flip` of the labels replaced by random classes. Seeded.
 */
function blobsData(n: number, rng: Rng, flip = 0): ClassificationData {
  const x = Tensor.randn([n, 2], rng);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = x.data[2 * i] > 0 ? (x.data[2 * i + 1] > 0 ? 0 : 1) : 2;
    if (rng.uniform() < flip) y[i] = rng.int(3);
  }
  return { x, y, classes: 3 };
}

function mlp(seed: number, hidden = 16, batchNorm = false): Sequential {
  const rng = new Rng(seed);
  const layers = [new Linear(2, hidden, { rng }), ...(batchNorm ? [new BatchNorm1d(hidden)] : []), new ReLU(), new Linear(hidden, 3, { rng })];
  return new Sequential(layers);
}

/** An "optimizer" that changes nothing and keeps a copy of each gradient it is asked to apply. */
function recordingOptimizer(model: Sequential): { step(): void; zeroGrad(): void; grads: Float64Array[][] } {
  const grads: Float64Array[][] = [];
  return {
    grads,
    step: () => grads.push(model.params().map((p) => p.grad.data.slice())),
    zeroGrad: () => model.zeroGrad(),
  };
}

describe("fit: options", () => {
  const rng = new Rng(1);
  const train = blobsData(12, rng);
  const model = mlp(1);
  const optimizer = createOptimizer("sgd", model.params(), { lr: 0.1 });

  test("unknown option keys are rejected, naming the key", () => {
    expect(() => fit(model, { train, loss: "crossEntropy", optimizer, epoch: 3 } as never)).toThrow('fit: unknown option "epoch"');
    expect(() => fit(model, { train, val: train, loss: "crossEntropy", optimizer, earlyStopping: { patiense: 3 } as never })).toThrow(
      'fit: earlyStopping: unknown option "patiense"',
    );
  });

  test("bad values, missing pieces and mismatched data are errors that say what was expected", () => {
    const regression: RegressionData = { x: Tensor.zeros([4, 2]), y: Tensor.zeros([4, 3]) };
    const base = { train, loss: "crossEntropy" as const, optimizer };
    expect(() => fit(model, { ...base, epochs: 0 })).toThrow("fit: epochs must be an integer >= 1, got 0");
    expect(() => fit(model, { ...base, batchSize: 2.5 })).toThrow("fit: batchSize must be an integer >= 1, got 2.5");
    expect(() => fit(model, { ...base, l2: -1 })).toThrow("fit: l2 must be a finite number >= 0, got -1");
    expect(() => fit(model, { ...base, loss: "hinge" as never })).toThrow('fit: unknown loss "hinge"; expected "crossEntropy" or "mse"');
    expect(() => fit(model, { ...base, loss: "mse" })).toThrow('fit: loss "mse" needs regression targets (y a Tensor [N, K])');
    expect(() => fit(model, { ...base, train: regression })).toThrow('fit: loss "crossEntropy" needs class labels');
    expect(() => fit(model, { ...base, optimizer: null as never })).toThrow("fit: optimizer must have step() and zeroGrad()");
    const other = createOptimizer("sgd", mlp(2).params(), { lr: 0.1 });
    expect(() => fit(model, { ...base, optimizer: other })).toThrow("fit: the optimizer updates none of this model's parameters");
    expect(() => fit(model, { ...base, earlyStopping: true })).toThrow("fit: earlyStopping needs a validation set: pass val");
    expect(() => fit(model, { ...base, val: train, earlyStopping: { monitor: "valAcc" as never } })).toThrow(
      'fit: earlyStopping: monitor must be "valLoss" or "valAccuracy", got "valAcc"',
    );
    expect(() => fit(model, { ...base, rng: new Rng(1), seed: 1 })).toThrow("fit: give rng or seed, not both");
    expect(() => fit(model, { ...base, val: { x: Tensor.zeros([2, 5]), y: new Int32Array(2), classes: 3 } })).toThrow(
      "fit: train.x has shape [12, 2] but val.x has shape [2, 5]; the rows must have the same shape",
    );
    const badLabels = { x: Tensor.zeros([2, 2]), y: Int32Array.from([0, 3]), classes: 3 };
    expect(() => fit(model, { ...base, train: badLabels })).toThrow("label 3 at position 1 is out of range; labels must be in [0, 3)");
    expect(() => fit(model, { ...base, progress: "yes" as never })).toThrow("fit: progress must be true, false or a function");
    expect(() => fit({} as never, base)).toThrow("fit: model must be a Module");
  });

  test("a loss that becomes NaN stops with the epoch and step", () => {
    const nanLoss = (pred: Tensor) => ({ loss: NaN, grad: Tensor.zeros(pred.shape) });
    expect(() => fit(model, { train, loss: nanLoss, optimizer, progress: false })).toThrow(
      "fit (epoch 1, step 1): the loss is NaN; training diverged (try a smaller learning rate)",
    );
  });
});

describe("fit: what a step computes", () => {
  test("L2 adds exactly λ·2W to the weight gradients (not the biases), and λΣW² to the reported loss", () => {
    const rng = new Rng(2);
    const train = blobsData(8, rng);
    const lambda = 0.3;
    const run = (l2: number) => {
      const model = mlp(5, 4);
      const opt = recordingOptimizer(model);
      const history = fit(model, { train, loss: "crossEntropy", optimizer: opt, l2, epochs: 1, batchSize: 8, shuffle: false });
      return { model, grads: opt.grads[0], history };
    };
    const plain = run(0);
    const penalized = run(lambda);
    const params = penalized.model.params();
    expect(params.map((p) => p.name)).toEqual(["0.W", "0.b", "2.W", "2.b"]);
    let sumW2 = 0;
    params.forEach((p, i) => {
      const added = penalized.grads[i].map((g, k) => g - plain.grads[i][k]);
      const expected = p.regularize ? p.value.data.map((w) => 2 * lambda * w) : new Float64Array(p.value.size);
      expect(relError(new Tensor(added, p.value.shape), new Tensor(expected, p.value.shape))).toBeLessThan(1e-12);
      if (p.regularize) for (const w of p.value.data) sumW2 += w * w;
    });
    expect(penalized.history.trainPenalty[0]).toBeCloseTo(lambda * sumW2, 13);
    expect(penalized.history.trainLoss[0] - plain.history.trainLoss[0]).toBeCloseTo(lambda * sumW2, 13);
    expect(plain.history.trainPenalty[0]).toBe(0);
  });

  test("L1 adds exactly λ·sign(W) to the weight gradients and λΣ|W| to the reported loss", () => {
    const rng = new Rng(13);
    const train = blobsData(8, rng);
    const run = (l1: number) => {
      const model = mlp(6, 4);
      const opt = recordingOptimizer(model);
      const history = fit(model, { train, loss: "crossEntropy", optimizer: opt, l1, epochs: 1, batchSize: 8, shuffle: false });
      return { model, grads: opt.grads[0], history };
    };
    const plain = run(0);
    const penalized = run(0.05);
    let sumAbs = 0;
    penalized.model.params().forEach((p, i) => {
      p.value.data.forEach((w, k) => {
        if (p.regularize) expect(w).not.toBe(0); // sign(0) would be ambiguous
        const added = penalized.grads[i][k] - plain.grads[i][k];
        expect(added).toBeCloseTo(p.regularize ? 0.05 * Math.sign(w) : 0, 14);
        if (p.regularize) sumAbs += Math.abs(w);
      });
    });
    expect(penalized.history.trainPenalty[0]).toBeCloseTo(0.05 * sumAbs, 13);
  });

  test("one full-batch SGD step moves W by −η(∇L + 2λW)", () => {
    const rng = new Rng(3);
    const train = blobsData(6, rng);
    const probe = mlp(7, 4);
    const rec = recordingOptimizer(probe);
    fit(probe, { train, loss: "crossEntropy", optimizer: rec, epochs: 1, batchSize: 6, shuffle: false });
    const model = mlp(7, 4);
    const before = model.params().map((p) => p.value.data.slice());
    fit(model, { train, loss: "crossEntropy", optimizer: createOptimizer("sgd", model.params(), { lr: 0.5 }), l2: 0.1, epochs: 1, batchSize: 6, shuffle: false });
    model.params().forEach((p, i) => {
      const expected = before[i].map((w, k) => w - 0.5 * (rec.grads[0][i][k] + (p.regularize ? 0.2 * w : 0)));
      expect(relError(p.value, new Tensor(expected, p.value.shape))).toBeLessThan(1e-12);
    });
  });

  test("callbacks are called once per step and per epoch with 1-based counters; onEpoch returning false stops", () => {
    const rng = new Rng(4);
    const train = blobsData(10, rng);
    const model = mlp(8);
    const steps: StepInfo[] = [];
    const epochsSeen: EpochInfo[] = [];
    const optimizer = createOptimizer("sgd", model.params(), { lr: 0.05 });
    const history = fit(model, {
      train,
      val: train,
      loss: "crossEntropy",
      optimizer,
      epochs: 5,
      batchSize: 4,
      seed: 1,
      onStep: (s) => void steps.push(s),
      onEpoch: (e) => void epochsSeen.push(e),
    });
    // 10 examples in batches of 4: 4 + 4 + 2, three steps per epoch.
    expect(steps.length).toBe(15);
    expect(steps.slice(0, 3).map((s) => [s.epoch, s.step, s.globalStep, s.batchSize])).toEqual([[1, 1, 1, 4], [1, 2, 2, 4], [1, 3, 3, 2]]);
    expect(steps[14].globalStep).toBe(15);
    expect(epochsSeen.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(epochsSeen.every((e) => e.steps === 3 && e.epochs === 5)).toBe(true);
    expect(optimizer.t).toBe(15);
    expect(history.epoch).toEqual([1, 2, 3, 4, 5]);
    expect(history.stoppedEarly).toBe(false);
    // The epoch's train loss is the size-weighted mean of its steps' losses.
    const e1 = (4 * steps[0].loss + 4 * steps[1].loss + 2 * steps[2].loss) / 10;
    expect(history.trainLoss[0]).toBeCloseTo(e1, 14);

    let calls = 0;
    const stopped = fit(model, { train, loss: "crossEntropy", optimizer, epochs: 5, batchSize: 4, dropLast: true, seed: 1, onEpoch: () => ++calls < 2 });
    expect(calls).toBe(2);
    expect(stopped.epochsRun).toBe(2);
    expect(stopped.stoppedEarly).toBe(true);
    expect(stopped.stopReason).toBe("callback");
    expect(optimizer.t).toBe(15 + 4); // dropLast: two steps of 4 per epoch
  });

  test("progress lines: one per epoch (and every k steps when asked); silent by default for short runs", () => {
    const rng = new Rng(5);
    const train = blobsData(10, rng);
    const model = mlp(9);
    const optimizer = createOptimizer("sgd", model.params(), { lr: 0.05 });
    const lines: string[] = [];
    fit(model, { train, val: train, loss: "crossEntropy", optimizer, epochs: 3, batchSize: 4, progress: (l) => lines.push(l) });
    expect(lines.length).toBe(3);
    expect(lines[0]).toMatch(/^epoch 1\/3 {2}train loss \d\.\d{5} {2}acc \d+\.\d\d% {2}val loss \d\.\d{5} {2}acc \d+\.\d\d% {2}\d+\.\ds/);
    const withSteps: string[] = [];
    fit(model, { train, loss: "crossEntropy", optimizer, epochs: 2, batchSize: 4, progress: (l) => withSteps.push(l), progressEvery: 1 });
    // Steps 1 and 2 of each epoch get a line; step 3 is the epoch's end, which has its own line.
    expect(withSteps.filter((l) => l.includes("step")).length).toBe(4);
    expect(withSteps[0]).toMatch(/^epoch 1\/2 {2}step 1\/3 {2}train loss \d\.\d{5}/);
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      fit(model, { train, loss: "crossEntropy", optimizer, epochs: 2, batchSize: 4 });
      expect(log).not.toHaveBeenCalled();
      fit(model, { train, loss: "crossEntropy", optimizer, epochs: 2, batchSize: 4, progress: true });
      expect(log).toHaveBeenCalledTimes(2);
    } finally {
      log.mockRestore();
    }
  });

  test("steps run in train() mode and validation in eval() mode; the mode is restored at the end", () => {
    /** Passes x through and records the mode of each fprop. */
    class ModeProbe extends Module {
      modes: string[] = [];
      fprop(x: Tensor): Tensor {
        this.modes.push(this.training ? "train" : "eval");
        return x;
      }
      bprop(dy: Tensor): Tensor {
        return dy;
      }
    }
    const probe = new ModeProbe();
    const rng = new Rng(11);
    const model = new Sequential([new Linear(2, 3, { rng }), probe]);
    const train = blobsData(8, rng);
    fit(model, { train, val: train, loss: "crossEntropy", optimizer: createOptimizer("sgd", model.params(), { lr: 0.1 }), epochs: 2, batchSize: 4 });
    // Per epoch: two training steps, then one evaluation pass over the 8 validation rows.
    expect(probe.modes).toEqual(["train", "train", "eval", "train", "train", "eval"]);
    expect(model.training).toBe(true);
  });

  test("balanced batches keep the class proportions in every minibatch", () => {
    const rng = new Rng(12);
    const x = Tensor.randn([12, 2], rng);
    const y = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const model = mlp(12);
    const counts: number[][] = [];
    const loss = (pred: Tensor, target: Int32Array | Tensor) => {
      const c = [0, 0, 0];
      for (const label of target as Int32Array) c[label]++;
      counts.push(c);
      return softmaxCrossEntropy(pred, target as Int32Array);
    };
    fit(model, { train: { x, y, classes: 3 }, loss, optimizer: createOptimizer("sgd", model.params(), { lr: 0.1 }), epochs: 3, batchSize: 4, balanced: true, seed: 3 });
    expect(counts.length).toBe(9);
    for (const c of counts) expect(c).toEqual([2, 1, 1]);
    expect(() =>
      fit(new Linear(2, 1), { train: { x, y: Tensor.zeros([12, 1]) }, loss: "mse", optimizer: { step() {}, zeroGrad() {} }, balanced: true }),
    ).toThrow("fit: balanced batches need class labels; the training data is regression data");
  });

  test("regression with mse: no accuracy, the loss falls and the fit approaches the true weights", () => {
    const rng = new Rng(6);
    const x = Tensor.randn([64, 3], rng);
    const trueW = [1.5, -2, 0.5];
    const y = Tensor.zeros([64, 1]);
    for (let n = 0; n < 64; n++) y.data[n] = trueW.reduce((s, w, j) => s + w * x.data[3 * n + j], 0) + 0.25;
    const model = new Linear(3, 1, { rng });
    const history = fit(model, { train: { x, y }, loss: "mse", optimizer: createOptimizer("sgd", model.params(), { lr: 0.1 }), epochs: 60, batchSize: 16, seed: 2 });
    expect(history.trainAccuracy).toEqual([]);
    expect(history.valLoss).toEqual([]);
    expect(history.monitor).toBe("trainLoss");
    expect(history.trainLoss[59]).toBeLessThan(1e-6 * history.trainLoss[0]);
    Array.from(model.W.value.data).forEach((w, j) => expect(w).toBeCloseTo(trueW[j], 4));
    expect(model.b!.value.data[0]).toBeCloseTo(0.25, 4);
  });
});

describe("fit: early stopping and reproducibility (acceptance 3)", () => {
  // A tiny training set with 30% of its labels scrambled: the validation loss falls while the
  // network learns the rule, then rises as it memorizes the scrambled labels (overfitting).
  const rng = new Rng(10);
  const train = blobsData(24, rng, 0.3);
  const val = blobsData(200, rng);

  const run = (seed: number, onEpoch?: (model: Sequential, e: EpochInfo) => void) => {
    const model = mlp(seed, 64, true);
    const optimizer = createOptimizer("adam", model.params(), { lr: 0.01 });
    const history = fit(model, {
      train,
      val,
      loss: "crossEntropy",
      optimizer,
      epochs: 300,
      batchSize: 12,
      seed,
      earlyStopping: { patience: 10 },
      onEpoch: onEpoch ? (e) => onEpoch(model, e) : null,
    });
    return { model, history };
  };

  /** Every weight and BatchNorm running statistic of the model, copied. */
  const state = (model: Sequential): number[][] => {
    const bn = model.layers[1] as BatchNorm1d;
    return [...model.params().map((p) => Array.from(p.value.data)), Array.from(bn.runningMean.data), Array.from(bn.runningVar.data)];
  };

  test("stops after patience epochs without improvement and restores the best epoch's weights and BatchNorm statistics", () => {
    const snapshots: number[][][] = [];
    const { model, history } = run(3, (m) => void snapshots.push(state(m)));
    const best = history.bestEpoch;
    const n = history.epochsRun;
    expect(history.stoppedEarly).toBe(true);
    expect(history.stopReason).toBe("earlyStopping");
    expect(n).toBe(best + 10);
    expect(n).toBeLessThan(300);
    // The validation loss did rise: the best epoch is a strict minimum, later epochs are worse.
    const minVal = Math.min(...history.valLoss);
    expect(history.valLoss[best - 1]).toBe(minVal);
    expect(history.valLoss.indexOf(minVal)).toBe(best - 1);
    expect(history.valLoss[n - 1]).toBeGreaterThan(minVal + 0.05);
    expect(best).toBeGreaterThan(1);
    // The model holds exactly the best epoch's numbers, not the last epoch's.
    expect(history.restoredBest).toBe(true);
    expect(state(model)).toEqual(snapshots[best - 1]);
    expect(state(model)).not.toEqual(snapshots[n - 1]);
    expect(evaluate(model, val, "crossEntropy").loss).toBe(history.valLoss[best - 1]);
    expect(String(history)).toContain(`stopped early at epoch ${n} (early stopping); best epoch ${best} (valLoss `);
  });

  test("the same seed reproduces the history bit for bit; another seed does not", () => {
    const a = run(4).history;
    const b = run(4).history;
    const numbers = (h: typeof a) => ({
      trainLoss: h.trainLoss,
      trainAccuracy: h.trainAccuracy,
      valLoss: h.valLoss,
      valAccuracy: h.valAccuracy,
      bestEpoch: h.bestEpoch,
      epochs: h.epochsRun,
    });
    expect(numbers(a)).toEqual(numbers(b));
    expect(a.trainLoss.length).toBeGreaterThan(5);
    const c = run(5).history;
    expect(c.trainLoss).not.toEqual(a.trainLoss);
  });

  test("monitor valAccuracy keeps the epoch with the highest validation accuracy", () => {
    const model = mlp(6, 32);
    const lines: string[] = [];
    const history = fit(model, {
      progress: (l) => lines.push(l),
      train,
      val,
      loss: "crossEntropy",
      optimizer: createOptimizer("adam", model.params(), { lr: 0.01 }),
      epochs: 100,
      batchSize: 8,
      seed: 6,
      earlyStopping: { monitor: "valAccuracy", patience: 8 },
    });
    expect(history.monitor).toBe("valAccuracy");
    expect(history.bestValue).toBe(Math.max(...history.valAccuracy));
    expect(history.valAccuracy.indexOf(history.bestValue)).toBe(history.bestEpoch - 1);
    expect(evaluate(model, val, "crossEntropy").accuracy).toBe(history.bestValue);
    expect(lines.length).toBe(history.epochsRun + 1);
    expect(lines[lines.length - 1]).toMatch(
      new RegExp(`^stopped at epoch ${history.epochsRun}: valAccuracy did not improve for 8 epochs; best epoch ${history.bestEpoch} \\(valAccuracy 0\\.\\d+\\): restored its weights$`),
    );
  });
});
