import { Rng } from "../tensor/random";
import { Shape, formatShape } from "../tensor/shape";
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
  if (shape.length < 2) {
    throw new Error(`fans: a weight needs at least 2 dimensions [out, in, ...], got ${formatShape(shape)}`);
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

export function zeros(): Initializer {
  return (shape) => Tensor.zeros(shape);
}

export function constant(value: number): Initializer {
  checkNumber("constant initializer", "value", value);
  return (shape) => Tensor.full(shape, value);
}

/** W ~ N(0, σ²/fan_in): lecture 000's recipe with a small σ. */
export function normalFanIn(sigma = 1): Initializer {
  checkNumber("normalFanIn", "sigma", sigma, { min: 0 });
  return (shape, rng) => Tensor.randn(shape, rng, 0, sigma / Math.sqrt(fans(shape).fanIn));
}

/** Xavier/Glorot uniform: W ~ U[−b, b], b = gain·√6/√(fan_in + fan_out), so var W = 2/(fan_in + fan_out). */
export function xavierUniform(gain = 1): Initializer {
  checkNumber("xavierUniform", "gain", gain, { min: 0 });
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape);
    const bound = (gain * Math.sqrt(6)) / Math.sqrt(fanIn + fanOut);
    return Tensor.rand(shape, rng, -bound, bound);
  };
}

/** Xavier/Glorot normal: W ~ N(0, gain²·2/(fan_in + fan_out)). */
export function xavierNormal(gain = 1): Initializer {
  checkNumber("xavierNormal", "gain", gain, { min: 0 });
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape);
    return Tensor.randn(shape, rng, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
  };
}

/** He/Kaiming normal for ReLU layers: W ~ N(0, 2/fan_in). */
export function heNormal(): Initializer {
  return (shape, rng) => Tensor.randn(shape, rng, 0, Math.sqrt(2 / fans(shape).fanIn));
}

/** He/Kaiming uniform: W ~ U[−b, b], b = √(6/fan_in), so var W = 2/fan_in. */
export function heUniform(): Initializer {
  return (shape, rng) => {
    const bound = Math.sqrt(6 / fans(shape).fanIn);
    return Tensor.rand(shape, rng, -bound, bound);
  };
}

/** Initializers by name, with their default arguments. */
export const initializers: Readonly<Record<string, () => Initializer>> = Object.freeze({
  zeros,
  normalFanIn: () => normalFanIn(),
  xavierUniform: () => xavierUniform(),
  xavierNormal: () => xavierNormal(),
  heNormal,
  heUniform,
});

export type InitializerName = keyof typeof initializers;

/** An initializer given by name (e.g. "xavierUniform") or as a function. */
export function getInitializer(init: string | Initializer, where: string): Initializer {
  if (typeof init === "function") return init;
  const make = initializers[init];
  if (!make) {
    throw new Error(`${where}: unknown initializer "${init}"; known: ${Object.keys(initializers).join(", ")} (or pass a function)`);
  }
  return make();
}
