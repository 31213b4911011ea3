import { Rng } from "../tensor/random";
import { Shape, checkShape, formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber } from "../util/options";

/**
 * Weight initializers. Each is a function of the weight's shape and a seeded generator.
 *
 * Fan-in and fan-out follow the layer conventions: a Linear weight [out, in] has
 * fan_in = in, fan_out = out; a Conv2d weight [Cout, Cin, kH, kW] has
 * fan_in = Cin·kH·kW and fan_out = Cout·kH·kW.
 */
export type Initializer = (shape: Shape, rng: Rng) => Tensor;

export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  checkShape(shape, "fans");
  if (shape.length < 2) {
    throw new Error(`fans: a weight needs at least 2 dimensions [out, in, ...], got ${formatShape(shape)}`);
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/**
 * A missing generator would otherwise fail deep inside Tensor.randn with a TypeError. Checked by
 * its methods rather than `instanceof`, which a second copy of the package would fail.
 */
function checkRng(rng: Rng, where: string): void {
  const r = rng as Partial<Rng> | null | undefined;
  if (typeof r?.normal !== "function" || typeof r?.uniformIn !== "function") {
    throw new Error(`${where}: expected a seeded Rng as the second argument, e.g. init(shape, new Rng(0)), got ${String(rng)}`);
  }
}

export function zeros(): Initializer {
  return (shape) => Tensor.zeros(shape);
}

export function constant(value: number): Initializer {
  checkNumber("constant initializer", "value", value);
  return (shape) => Tensor.full(shape, value);
}

/**
 * W ~ N(0, σ²/fan_in). With σ = 1 this is lecture 001's forward-pass condition var w = 1/N_x,
 * which keeps the variance of a layer's outputs equal to that of its inputs.
 */
export function normalFanIn(sigma = 1): Initializer {
  checkNumber("normalFanIn", "sigma", sigma, { min: 0 });
  return (shape, rng) => {
    checkRng(rng, "normalFanIn");
    return Tensor.randn(shape, rng, 0, sigma / Math.sqrt(fans(shape).fanIn));
  };
}

/** Xavier/Glorot uniform: W ~ U[−b, b], b = gain·√6/√(fan_in + fan_out), so var W = 2/(fan_in + fan_out). */
export function xavierUniform(gain = 1): Initializer {
  checkNumber("xavierUniform", "gain", gain, { min: 0 });
  return (shape, rng) => {
    checkRng(rng, "xavierUniform");
    const { fanIn, fanOut } = fans(shape);
    const bound = (gain * Math.sqrt(6)) / Math.sqrt(fanIn + fanOut);
    return Tensor.rand(shape, rng, -bound, bound);
  };
}

/** Xavier/Glorot normal: W ~ N(0, gain²·2/(fan_in + fan_out)). */
export function xavierNormal(gain = 1): Initializer {
  checkNumber("xavierNormal", "gain", gain, { min: 0 });
  return (shape, rng) => {
    checkRng(rng, "xavierNormal");
    const { fanIn, fanOut } = fans(shape);
    return Tensor.randn(shape, rng, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
  };
}

/** He/Kaiming normal for ReLU layers: W ~ N(0, 2/fan_in). */
export function heNormal(): Initializer {
  return (shape, rng) => {
    checkRng(rng, "heNormal");
    return Tensor.randn(shape, rng, 0, Math.sqrt(2 / fans(shape).fanIn));
  };
}

/** He/Kaiming uniform: W ~ U[−b, b], b = √(6/fan_in), so var W = 2/fan_in. */
export function heUniform(): Initializer {
  return (shape, rng) => {
    checkRng(rng, "heUniform");
    const bound = Math.sqrt(6 / fans(shape).fanIn);
    return Tensor.rand(shape, rng, -bound, bound);
  };
}

const byName = {
  zeros,
  normalFanIn: () => normalFanIn(),
  xavierUniform: () => xavierUniform(),
  xavierNormal: () => xavierNormal(),
  heNormal,
  heUniform,
};

/** The registered names: "zeros" | "normalFanIn" | "xavierUniform" | "xavierNormal" | "heNormal" | "heUniform". */
export type InitializerName = keyof typeof byName;

/** Initializers by name, with their default arguments. */
export const initializers: Readonly<Record<InitializerName, () => Initializer>> = Object.freeze(byName);

/** An initializer given by name (e.g. "xavierUniform") or as a function. */
export function getInitializer(init: string | Initializer, where: string): Initializer {
  if (typeof init === "function") return init;
  // Own keys only: a plain lookup would find Object.prototype's "toString" or "constructor"
  // and return something that is not an initializer.
  const make = Object.prototype.hasOwnProperty.call(initializers, init) ? initializers[init as InitializerName] : undefined;
  if (!make) {
    throw new Error(`${where}: unknown initializer "${init}"; known: ${Object.keys(initializers).join(", ")} (or pass a function)`);
  }
  return make();
}
