import { UpdateRule } from "./rule";
import { checkLr, checkStepSizes } from "./hyper";

/** Hyperparameters of plain gradient descent: only the learning rate η. */
export interface SgdHP {
  /** Learning rate η (default 0.01). */
  lr: number;
}

/** SGD keeps no state between steps. */
export type SgdState = Record<string, never>;

/**
 * Gradient descent, θ ← θ − η g (lecture 001, "Gradient descent"; lecture 003, "Optimize Loss
 * function"). With a minibatch gradient it is stochastic gradient descent.
 *
 * Shapes: w and g are flat arrays of the same length; no state.
 */
export const sgd: UpdateRule<SgdHP, SgdState> = Object.freeze({
  name: "sgd",
  defaults: Object.freeze({ lr: 0.01 }),
  validate(hp: SgdHP): void {
    checkLr("sgd", hp.lr);
  },
  init(): SgdState {
    return {};
  },
  step(w: Float64Array, g: Float64Array, state: SgdState, hp: SgdHP) {
    checkStepSizes("sgd", w, g);
    const lr = hp.lr;
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
    return { w, state };
  },
});
