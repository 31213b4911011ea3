import { Tensor } from "../tensor/tensor";
import { checkLr } from "./hyper";
import { UpdateRule } from "./rule";

/**
 * An update rule written on Tensors, as pure as the maths: `(w, g, state, hp) => { w, state }`,
 * with `state` null on the first step and whatever the rule returned afterwards. This is how the
 * optimizers assignment asks students to write them, e.g.
 *
 *   const momentumStep = (w, g, state, hp) => {
 *     const v = (state?.v ?? Tensor.zerosLike(w)).mul(hp.momentum).sub(g.mul(hp.lr));
 *     return { w: w.add(v), state: { v } };
 *   };
 */
export type TensorRuleFn<HP extends { lr: number }, S> = (w: Tensor, g: Tensor, state: S | null, hp: HP) => { w: Tensor; state: S };

/** The state an adapted tensor rule keeps per parameter: whatever the rule returned last. */
export interface TensorRuleState<S> {
  inner: S | null;
}

/**
 * Adapts a tensor rule to the library's in-place `UpdateRule`, so it drives an `Optimizer` and
 * `fit` like the built-in rules: `new Optimizer(model.params(), tensorRule("mine", momentumStep,
 * { lr: 0.1, momentum: 0.9 }))`. The rule sees each parameter as a flat tensor [size] (a copy:
 * it may change it or not) and must return a w of the same size, which is written back.
 */
export function tensorRule<HP extends { lr: number }, S>(name: string, fn: TensorRuleFn<HP, S>, defaults: HP): UpdateRule<HP, TensorRuleState<S>> {
  if (typeof fn !== "function") throw new Error(`tensorRule(${name}): the rule must be a function (w, g, state, hp) => { w, state }, got ${typeof fn}`);
  return Object.freeze({
    name,
    defaults: Object.freeze({ ...defaults }),
    validate(hp: HP): void {
      checkLr(name, hp.lr);
    },
    init(): TensorRuleState<S> {
      return { inner: null };
    },
    step(w: Float64Array, g: Float64Array, state: TensorRuleState<S>, hp: HP) {
      const out = fn(new Tensor(w.slice(), [w.length]), new Tensor(g.slice(), [g.length]), state.inner, hp);
      const next = out?.w;
      if (!(next instanceof Tensor) || next.size !== w.length) {
        const got = next instanceof Tensor ? `a Tensor of ${next.size} values` : typeof next;
        throw new Error(`${name}: the rule must return { w, state } with w a Tensor of ${w.length} values, got ${got}`);
      }
      w.set(next.data);
      state.inner = out.state;
      return { w, state };
    },
  });
}
