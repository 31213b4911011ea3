import { miniBatches } from "../data/batches";
import { checkDataset } from "../data/check";
import { Dataset, isClassification } from "../data/dataset";
import { Module, Param } from "../nn/module";
import { addL1Grad, l1Penalty } from "../regularize/l1";
import { addL2Grad, l2Penalty } from "../regularize/l2";
import { Rng, globalRng } from "../tensor/random";
import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { BatchGatherer } from "./batch_buffer";
import { EarlyStopping, EarlyStoppingOptions, WeightSnapshot } from "./early_stopping";
import { LossSpec, checkLossResult, checkModel, countCorrect, evaluate, resolveLoss } from "./evaluate";
import { EpochInfo, History, Monitor, formatEpochLine, formatNumber } from "./history";

/** What `fit` needs of an optimizer: an `Optimizer` from lib/optim, or anything with these two. */
export interface StepOptimizer {
  step(): void;
  zeroGrad(): void;
}

/** What `onStep` receives after each update. */
export interface StepInfo {
  /** 1-based epoch and step within it; `globalStep` counts from 1 across epochs. */
  epoch: number;
  step: number;
  globalStep: number;
  /** Examples in this minibatch. */
  batchSize: number;
  /** Data loss of the minibatch plus the penalty λΩ (before the update). */
  loss: number;
  /** The penalty part of `loss`. */
  penalty: number;
}

export interface FitOptions {
  /** Training data (required). */
  train: Dataset;
  /** Validation data, evaluated after every epoch (default none). */
  val: Dataset | null;
  /** "crossEntropy", "mse", or a function (pred, target) => { loss, grad } (required). */
  loss: LossSpec;
  /** An Optimizer over model.params(), e.g. createOptimizer("adam", model.params(), { lr: 1e-3 }) (required). */
  optimizer: StepOptimizer;
  epochs: number;
  batchSize: number;
  /** Generator for shuffling (default: `seed` if given, else the global generator). */
  rng: Rng | null;
  /** Seed for a fresh shuffling generator; give `rng` or `seed`, not both. */
  seed: number | null;
  /** Shuffle the examples every epoch (default true). */
  shuffle: boolean;
  /** Stratified minibatches with the classes in the data's proportions (classification only). */
  balanced: boolean;
  /** Leave out the last, smaller minibatch of each epoch (default false). */
  dropLast: boolean;
  /** L1 strength λ₁ ≥ 0: adds λ₁ Σ|W| to the loss and λ₁ sign(W) to weight gradients (weights only). */
  l1: number;
  /** L2 strength λ₂ ≥ 0: adds λ₂ Σ W² to the loss and 2 λ₂ W to weight gradients (weights only). */
  l2: number;
  /** Stop when the monitored validation number stops improving, and restore the best weights; `true` for the defaults. */
  earlyStopping: Partial<EarlyStoppingOptions> | boolean | null;
  /** Called after every update. */
  onStep: ((info: StepInfo) => void) | null;
  /** Called after every epoch; returning false stops training. */
  onEpoch: ((info: EpochInfo) => boolean | void) | null;
  /**
   * true prints one line per epoch with console.log, a function receives the lines, false is
   * silent; the default (null) prints only for long runs (epochs × minibatches ≥ 5000 steps).
   */
  progress: boolean | ((line: string) => void) | null;
  /** Also report every this many steps within an epoch (default: 10 lines an epoch when an epoch has ≥ 1000 steps). */
  progressEvery: number | null;
  /** Rows per forward pass when evaluating the validation set (default 1024). */
  evalBatchSize: number;
}

/** `fit`'s options: train, loss and optimizer are required, the rest have defaults. */
export type FitArgs = Pick<FitOptions, "train" | "loss" | "optimizer"> & Partial<Omit<FitOptions, "train" | "loss" | "optimizer">>;

const AUTO_PROGRESS_STEPS = 5000;

/**
 * Trains `model` by minibatch gradient descent (lecture 004, "Stochastic gradient descent"):
 * each epoch shuffles the examples into minibatches and, for each, runs
 *
 *   zeroGrad → f = model.fprop(x) → {L, dL/df} = loss(f, y) → model.bprop(dL/df)
 *   → grad += λ∇Ω (l1/l2, weights only) → optimizer.step()
 *
 * (bprop as `model.bpropParams`, which leaves out the gradient for the data x, nobody's need.)
 * with the model in train() mode; after each epoch the validation set is evaluated in eval()
 * mode. Returns the `History`. With `earlyStopping` the model ends holding the best epoch's
 * weights (and BatchNorm running statistics), whether training stopped early or not.
 *
 * Minibatches are gathered into buffers allocated once per batch size and reused at every step,
 * and the steps run with the model's buffer reuse on (`Module.reuseBuffers`; the previous setting
 * is restored afterwards, as is the train/eval mode), so a warmed-up step allocates no arrays. A
 * consequence for callbacks and custom losses: the prediction and gradient tensors of a step are
 * overwritten by the next step; `clone()` them to keep them. Validation runs without reuse.
 */
export function fit(model: Module, options: FitArgs): History {
  const where = "fit";
  checkModel(model, where);
  const opts = withDefaults<FitOptions>(
    where,
    {
      train: null as unknown as Dataset,
      val: null,
      loss: null as unknown as LossSpec,
      optimizer: null as unknown as StepOptimizer,
      epochs: 10,
      batchSize: 32,
      rng: null,
      seed: null,
      shuffle: true,
      balanced: false,
      dropLast: false,
      l1: 0,
      l2: 0,
      earlyStopping: null,
      onStep: null,
      onEpoch: null,
      progress: null,
      progressEvery: null,
      evalBatchSize: 1024,
    },
    options,
  );
  const n = checkDataset(opts.train, `${where}: train`);
  if (opts.val !== null) checkCompatible(opts.train, opts.val, where);
  const lossFn = resolveLoss(opts.loss, opts.train, where);
  const stepLoss = resolveLoss(opts.loss, opts.train, where, true);
  const epochs = checkNumber(where, "epochs", opts.epochs, { min: 1, integer: true });
  const batchSize = checkNumber(where, "batchSize", opts.batchSize, { min: 1, integer: true });
  const l1 = checkNumber(where, "l1", opts.l1, { min: 0 });
  const l2 = checkNumber(where, "l2", opts.l2, { min: 0 });
  checkNumber(where, "evalBatchSize", opts.evalBatchSize, { min: 1, integer: true });
  for (const key of ["shuffle", "balanced", "dropLast"] as const) {
    if (typeof opts[key] !== "boolean") throw new Error(`${where}: ${key} must be true or false, got ${String(opts[key])}`);
  }
  for (const key of ["onStep", "onEpoch"] as const) {
    if (opts[key] !== null && typeof opts[key] !== "function") throw new Error(`${where}: ${key} must be a function, got ${String(opts[key])}`);
  }
  const params = model.params();
  checkOptimizer(opts.optimizer, params, where);
  const rng = pickRng(opts.rng, opts.seed, where);
  const labels = isClassification(opts.train) ? opts.train.y : null;
  if (opts.balanced && labels === null) throw new Error(`${where}: balanced batches need class labels; the training data is regression data`);

  const stopper = opts.earlyStopping === null || opts.earlyStopping === false ? null : new EarlyStopping(opts.earlyStopping === true ? {} : opts.earlyStopping, opts.val, where);
  const monitor: Monitor = stopper ? stopper.monitor : opts.val !== null ? "valLoss" : "trainLoss";
  const snapshot = stopper ? new WeightSnapshot(model, params) : null;

  const stepsPerEpoch = opts.dropLast && n > batchSize ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  const write = progressWriter(opts.progress, epochs * stepsPerEpoch);
  const every = opts.progressEvery === null ? (stepsPerEpoch >= 1000 ? Math.ceil(stepsPerEpoch / 10) : 0) : checkNumber(where, "progressEvery", opts.progressEvery, { min: 1, integer: true });

  const gather = new BatchGatherer(opts.train);
  const history = new History();
  history.monitor = monitor;
  const wasTraining = model.training;
  const wasReusing = model.reusesBuffers;
  const start = Date.now();
  let globalStep = 0;
  let accuracyOk = labels !== null;
  let bestValue = NaN;

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      model.train();
      model.reuseBuffers(true);
      const batches = miniBatches(n, batchSize, rng, { shuffle: opts.shuffle, labels: labels ?? undefined, balanced: opts.balanced, dropLast: opts.dropLast });
      let lossSum = 0;
      let penaltySum = 0;
      let correct = 0;
      let seen = 0;
      for (let s = 0; s < batches.length; s++) {
        const idx = batches[s];
        const bn = idx.length;
        const batch = gather.take(idx);
        let loss: number;
        let penalty = 0;
        let pred: Tensor;
        try {
          opts.optimizer.zeroGrad();
          pred = model.fprop(batch.x);
          const result = checkLossResult(stepLoss(pred, batch.y), pred, where);
          loss = result.loss;
          if (!Number.isFinite(loss)) throw new Error(`the loss is ${loss}; training diverged (try a smaller learning rate)`);
          model.bpropParams(result.grad); // bprop without the unused gradient for the data
          if (l2 > 0) {
            penalty += l2Penalty(params, l2);
            addL2Grad(params, l2);
          }
          if (l1 > 0) {
            penalty += l1Penalty(params, l1);
            addL1Grad(params, l1);
          }
          opts.optimizer.step();
        } catch (e) {
          if (e instanceof Error) e.message = `${where} (epoch ${epoch}, step ${s + 1}): ${e.message}`;
          throw e;
        }
        globalStep++;
        lossSum += (loss + penalty) * bn;
        penaltySum += penalty * bn;
        seen += bn;
        if (accuracyOk) {
          if (pred.ndim === 2 && pred.shape[1] >= 2) correct += countCorrect(pred, batch.y as Int32Array);
          else accuracyOk = false;
        }
        if (opts.onStep) opts.onStep({ epoch, step: s + 1, globalStep, batchSize: bn, loss: loss + penalty, penalty });
        if (write && every > 0 && (s + 1) % every === 0 && s + 1 < batches.length) {
          write(`epoch ${epoch}/${epochs}  step ${s + 1}/${batches.length}  train loss ${(lossSum / seen).toFixed(5)}  ${((Date.now() - start) / 1000).toFixed(1)}s`);
        }
      }

      // Validation gets fresh tensors, so that its batch shapes do not displace the steps' buffers.
      model.reuseBuffers(false);
      const val = opts.val !== null ? evaluate(model, opts.val, lossFn, { batchSize: opts.evalBatchSize }) : null;
      const info: EpochInfo = {
        epoch,
        epochs,
        trainLoss: lossSum / seen,
        trainPenalty: penaltySum / seen,
        trainAccuracy: accuracyOk ? correct / seen : null,
        valLoss: val ? val.loss : null,
        valAccuracy: val ? val.accuracy : null,
        steps: batches.length,
        seconds: (Date.now() - start) / 1000,
        best: false,
      };
      const value = monitor === "valLoss" ? info.valLoss : monitor === "valAccuracy" ? info.valAccuracy : info.trainLoss;
      if (value === null) throw new Error(`${where}: earlyStopping monitors ${monitor}, but the validation set gives no accuracy (regression targets or outputs that are not [N, C] scores); monitor "valLoss"`);
      if (stopper) {
        info.best = stopper.update(epoch, value);
        if (info.best) snapshot!.save();
      } else {
        info.best = Number.isNaN(bestValue) ? Number.isFinite(value) : value < bestValue;
      }
      if (info.best) {
        bestValue = value;
        history.bestEpoch = epoch;
        history.bestValue = value;
      }
      history.push(info);
      if (write) write(formatEpochLine(info));
      if (opts.onEpoch && opts.onEpoch(info) === false) {
        history.stopReason = "callback";
        break;
      }
      if (stopper && stopper.shouldStop) {
        history.stopReason = "earlyStopping";
        break;
      }
    }
  } finally {
    model.reuseBuffers(wasReusing);
    if (wasTraining) model.train();
    else model.eval();
  }

  history.stoppedEarly = history.stopReason !== "completed";
  if (snapshot && history.bestEpoch > 0 && history.bestEpoch !== history.epochsRun) {
    snapshot.restore();
    history.restoredBest = true;
  }
  if (write && stopper) {
    const why = history.stopReason === "earlyStopping" ? `stopped at epoch ${history.epochsRun}: ${monitor} did not improve for ${stopper.patience} epochs; ` : "";
    write(`${why}best epoch ${history.bestEpoch} (${monitor} ${formatNumber(history.bestValue)})${history.restoredBest ? ": restored its weights" : ""}`);
  }
  return history;
}

function checkCompatible(train: Dataset, val: Dataset, where: string): void {
  checkDataset(val, `${where}: val`);
  if (isClassification(train) !== isClassification(val)) {
    throw new Error(`${where}: train and val must be the same kind of data; one has class labels and the other regression targets`);
  }
  if (!sameShape(train.x.shape.slice(1), val.x.shape.slice(1))) {
    throw new Error(`${where}: train.x has shape ${formatShape(train.x.shape)} but val.x has shape ${formatShape(val.x.shape)}; the rows must have the same shape`);
  }
}

function checkOptimizer(optimizer: StepOptimizer, params: Param[], where: string): void {
  if (optimizer === null || typeof optimizer !== "object" || typeof optimizer.step !== "function" || typeof optimizer.zeroGrad !== "function") {
    throw new Error(`${where}: optimizer must have step() and zeroGrad(), e.g. createOptimizer("adam", model.params(), { lr: 1e-3 }); got ${String(optimizer)}`);
  }
  // A common slip: an optimizer built for another model (or an earlier copy of this one).
  const theirs = (optimizer as { params?: unknown }).params;
  if (Array.isArray(theirs) && params.length > 0) {
    const values = new Set(theirs.map((p: Param) => p?.value));
    if (!params.some((p) => values.has(p.value))) {
      throw new Error(`${where}: the optimizer updates none of this model's parameters; create it with this model's params(), e.g. createOptimizer("adam", model.params())`);
    }
  }
}

function pickRng(rng: Rng | null, seed: number | null, where: string): Rng {
  if (rng !== null && seed !== null) throw new Error(`${where}: give rng or seed, not both`);
  if (seed !== null) return new Rng(checkNumber(where, "seed", seed, { integer: true }));
  if (rng === null) return globalRng();
  if (!(rng instanceof Rng)) throw new Error(`${where}: rng must be an Rng (e.g. new Rng(0)), got ${String(rng)}`);
  return rng;
}

function progressWriter(progress: FitOptions["progress"], totalSteps: number): ((line: string) => void) | null {
  if (typeof progress === "function") return progress;
  if (progress === true || (progress === null && totalSteps >= AUTO_PROGRESS_STEPS)) return (line) => console.log(line);
  if (progress === false || progress === null) return null;
  throw new Error(`fit: progress must be true, false or a function (line) => void, got ${String(progress)}`);
}
