import { Tensor } from "../tensor/tensor";

/**
 * A trainable tensor and the gradient of the loss with respect to it.
 * `regularize` is true for weights and false for biases and normalization parameters:
 * L1/L2 penalties apply to weights only (lecture 004, "REGULARIZATION").
 */
export interface Param {
  name: string;
  value: Tensor;
  grad: Tensor;
  regularize: boolean;
}

/**
 * A box of the flow graph (lecture 004, "FLOW GRAPH").
 *
 * - `fprop(x)` computes the output and caches what `bprop` needs.
 * - `bprop(dy)` takes dL/dy for the last `fprop`, returns dL/dx, and *adds* dL/dθ into each
 *   parameter's `grad` (accumulation is what lets a parameter be used twice; call `zeroGrad()`
 *   before each step).
 * - `params()` lists the trainable tensors; `train()`/`eval()` switch layers such as Dropout and
 *   BatchNorm between their training and evaluation behaviour.
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;

  abstract fprop(x: Tensor): Tensor;
  abstract bprop(dy: Tensor): Tensor;

  params(): Param[] {
    return [];
  }

  /** Child modules, so that train()/eval() reach every layer of a container. */
  children(): Module[] {
    return [];
  }

  train(): this {
    this.training = true;
    for (const c of this.children()) c.train();
    return this;
  }

  eval(): this {
    this.training = false;
    for (const c of this.children()) c.eval();
    return this;
  }

  zeroGrad(): void {
    for (const p of this.params()) p.grad.data.fill(0);
  }

  /** The layer's name in messages, e.g. "Linear". */
  get kind(): string {
    return this.constructor.name;
  }
}

/** Creates a parameter with a zero gradient of the same shape. */
export function makeParam(name: string, value: Tensor, regularize: boolean): Param {
  return { name, value, grad: Tensor.zeros(value.shape), regularize };
}

/** Throws `Layer.bprop: called before fprop` when there is no cached forward pass. */
export function requireCache<T>(cache: T | null, where: string): T {
  if (cache === null) throw new Error(`${where}: called before fprop; run fprop(x) first, then bprop(dy)`);
  return cache;
}
