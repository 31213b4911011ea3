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
 * - By default every fprop/bprop returns a fresh tensor that the caller may keep; after
 *   `reuseBuffers()` the layers write into buffers they own instead (see there).
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;

  /** True after `reuseBuffers()` (or `reuseBuffers(true)`), false by default and after `reuseBuffers(false)`. */
  reusesBuffers = false;

  abstract fprop(x: Tensor): Tensor;
  abstract bprop(dy: Tensor): Tensor;

  /**
   * bprop for the parameter gradients only: adds dL/dθ into every parameter's grad exactly as
   * bprop does, but need not compute dL/dx. A training loop calls it on the whole model, whose
   * input (the data) needs no gradient, so the first Linear or Conv2d skips its dx product, as
   * PyTorch skips gradients of inputs that do not require them (for an MLP 784-256-10 that is a
   * third of the work of a step). This default runs bprop and drops dx.
   */
  bpropParams(dy: Tensor): void {
    this.bprop(dy);
  }

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

  /**
   * Buffer reuse, an opt-in for training loops (`fit` turns it on for its steps and restores the
   * previous setting afterwards). While it is on, a layer writes its output (fprop) and dx (bprop)
   * into buffers it owns and reuses while the shapes repeat, so that a warmed-up training step
   * allocates no arrays. **The returned tensor is then overwritten by the next call**: use it
   * before calling again, or keep a `clone()`. While it is off (the default) every call returns a
   * fresh tensor. The numbers are the same either way. Reaches every child, like train()/eval().
   */
  reuseBuffers(on = true): this {
    if (typeof on !== "boolean") throw new Error(`${this.kind}.reuseBuffers: on must be true or false, got ${String(on)}`);
    this.reusesBuffers = on;
    for (const c of this.children()) c.reuseBuffers(on);
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
  if (cache === null) throw bpropBeforeFprop(where);
  return cache;
}

/** The error `requireCache` throws, for callers that test the cache themselves. */
export function bpropBeforeFprop(where: string): Error {
  return new Error(`${where}: called before fprop; run fprop(x) first, then bprop(dy)`);
}
