import {
  Linear,
  ReLU,
  Rng,
  Sequential,
  Standardizer,
  accuracy,
  createOptimizer,
  fit,
  loadDigits,
  spiral,
  trainValTestSplit,
} from "gradlab";

/**
 * Acceptance 2: the trainer reaches the accuracies a first course expects, from fixed seeds.
 * Measured with these seeds: digits test accuracy 98.05% (352/359), spiral training accuracy
 * 99.33% (298/300). The thresholds leave room for round-off differences between machines.
 */
describe("fit: acceptance on real data", () => {
  test("a 64-128-10 ReLU MLP reaches ≥ 97% test accuracy on the digits", () => {
    const rng = new Rng(0);
    const { train, val, test } = trainValTestSplit(loadDigits(), { val: 0.15, test: 0.2, rng, stratify: true });
    // Standardize with the training set's statistics only (lecture 001, input normalization).
    const scaler = new Standardizer().fit(train.x);
    for (const part of [train, val, test]) part.x = scaler.transform(part.x);
    const model = new Sequential([new Linear(64, 128, { rng, init: "heUniform" }), new ReLU(), new Linear(128, 10, { rng })]);
    const history = fit(model, {
      train,
      val,
      loss: "crossEntropy",
      // Momentum SGD (Adam reaches the same accuracy, but its per-element Math.sqrt is slow
      // under jest's sandboxed globals, and this test must stay fast).
      optimizer: createOptimizer("momentum", model.params(), { lr: 0.05, momentum: 0.9 }),
      epochs: 60,
      batchSize: 32,
      seed: 1,
      l2: 1e-3,
      earlyStopping: { patience: 15 },
    });
    const testAcc = accuracy(model, test);
    console.log(`digits: ${train.y.length}/${val.y.length}/${test.y.length} examples; best epoch ${history.bestEpoch} of ${history.epochsRun}, ` +
      `val acc ${history.valAccuracy[history.bestEpoch - 1]}, test acc ${testAcc}`);
    expect(testAcc).toBeGreaterThanOrEqual(0.97);
  });

  test("a small MLP separates the 3-class spiral with ≥ 98% training accuracy", () => {
    const rng = new Rng(0);
    const data = spiral({ n: 100, classes: 3, rng });
    const model = new Sequential([new Linear(2, 64, { rng, init: "heUniform" }), new ReLU(), new Linear(64, 3, { rng })]);
    const history = fit(model, {
      train: data,
      loss: "crossEntropy",
      optimizer: createOptimizer("adam", model.params(), { lr: 1e-2 }),
      epochs: 300,
      batchSize: 32,
      seed: 2,
    });
    const trainAcc = accuracy(model, data);
    console.log(`spiral: final train loss ${history.trainLoss[history.epochsRun - 1]}, train acc ${trainAcc}`);
    expect(trainAcc).toBeGreaterThanOrEqual(0.98);
  });
});
