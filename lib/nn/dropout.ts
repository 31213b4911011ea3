import { Rng, globalRng } from "../tensor/random";
import { assertSameShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { TensorBuffer } from "./buffers";
import { Module, bpropBeforeFprop } from "./module";

export interface DropoutOptions {
  /** Probability p of dropping (zeroing) each unit, in [0, 1) (default 0.5). */
  p: number;
  /** Generator of the masks (default null: the global generator at each fprop, see `manualSeed`). */
  rng: Rng | null;
}

/**
 * Inverted dropout: in training mode each unit is kept with probability 1 − p and the kept
 * units are scaled by 1/(1 − p); in evaluation mode the layer is the identity.
 *
 * Shapes: any → the same shape. With a mask m of independent Bernoulli(1 − p) draws,
 *   training: y = x ⊙ m / (1 − p),   dx = dy ⊙ m / (1 − p)
 *   eval:     y = x,                 dx = dy.
 * Scaling at training time (rather than multiplying by 1 − p at test time, as the original
 * paper does) keeps E[y] = x, so the evaluation network needs no change.
 *
 * Reproducing a mask: the mask is drawn from the layer's seeded `Rng`, so `reseed(s)` before
 * each fprop replays the same mask; this is how a gradient check holds the mask fixed:
 * `gradcheck(layer, x, { beforeForward: () => layer.reseed(7) })`.
 * With `reuseBuffers()` on, y and dx are written into buffers the layer reuses (see `Module`).
 */
export class Dropout extends Module {
  readonly p: number;
  private rng: Rng | null;
  /** keep[i] = 1 if unit i was kept in the last training-mode fprop; reused between calls. */
  private keep: Uint8Array = new Uint8Array(0);
  /** What the last fprop did: its input shape (null before any) and whether it dropped (training) or not (eval). */
  private lastShape: readonly number[] | null = null;
  private dropped = false;
  private readonly yBuffer = new TensorBuffer();
  private readonly dxBuffer = new TensorBuffer();

  constructor(options?: Partial<DropoutOptions>) {
    super();
    const opts = withDefaults<DropoutOptions>("Dropout", { p: 0.5, rng: null }, options);
    // p = 1 would drop everything and divide by zero.
    this.p = checkNumber("Dropout", "p", opts.p, { min: 0, max: 1, maxExclusive: true });
    if (opts.rng !== null && typeof (opts.rng as Partial<Rng>).uniform !== "function") {
      throw new Error(`Dropout: rng must be an Rng such as new Rng(0), got ${String(opts.rng)}`);
    }
    this.rng = opts.rng;
  }

  /** Replaces the mask generator by `new Rng(seed)`: the next masks are a fixed function of the seed. */
  reseed(seed: number): void {
    this.rng = new Rng(seed);
  }

  /**
   * The 0/1 keep mask m of the last training-mode fprop, with the input's shape (a copy);
   * null before any fprop and after an eval-mode fprop.
   */
  get mask(): Tensor | null {
    if (this.lastShape === null || !this.dropped) return null;
    const m = Tensor.zeros(this.lastShape);
    for (let i = 0; i < m.size; i++) m.data[i] = this.keep[i];
    return m;
  }

  fprop(x: Tensor): Tensor {
    const y = this.yBuffer.take(x.shape, this.reusesBuffers); // every entry is written below
    this.lastShape = x.shape;
    this.dropped = this.training;
    if (!this.training) {
      y.data.set(x.data);
      return y;
    }
    if (this.keep.length < x.size) this.keep = new Uint8Array(x.size);
    // The global generator is looked up at each call, so manualSeed() also reseeds this layer.
    const rng = this.rng ?? globalRng();
    const scale = 1 / (1 - this.p);
    // One 32-bit draw per unit (half the cost of uniform()'s 53 bits): u is uniform on
    // {0, …, 2³² − 1}, so P(u ≥ p·2³²) = 1 − p to within 2⁻³²; with p = 0 every unit is kept.
    const threshold = this.p * 4294967296;
    const keep = this.keep;
    const xd = x.data;
    const yd = y.data;
    for (let i = 0; i < xd.length; i++) {
      const k = rng.nextUint32() >= threshold ? 1 : 0;
      keep[i] = k;
      yd[i] = k ? xd[i] * scale : 0;
    }
    return y;
  }

  bprop(dy: Tensor): Tensor {
    const shape = this.lastShape;
    if (shape === null) throw bpropBeforeFprop("Dropout.bprop");
    if (!sameShape(dy.shape, shape)) assertSameShape(dy.shape, shape, "Dropout.bprop", ["dy", "the cached input x"]);
    const dx = this.dxBuffer.take(shape, this.reusesBuffers); // every entry is written below
    if (!this.dropped) {
      dx.data.set(dy.data);
      return dx;
    }
    const scale = 1 / (1 - this.p);
    const keep = this.keep;
    const dyd = dy.data;
    const dxd = dx.data;
    for (let i = 0; i < dyd.length; i++) dxd[i] = keep[i] ? dyd[i] * scale : 0;
    return dx;
  }

  override toString(): string {
    return `Dropout(p=${this.p})`;
  }
}
