import { Rng } from "../tensor/random";
import { Shape, checkShape, formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";

/**
 * Weight initializers. Each factory takes an options object (unknown keys are errors) and
 * returns a function of the weight's shape and a seeded generator, which also knows its own
 * scale: `heNormal({ mode: "fanOut" }).scale({ fanIn: 512, fanOut: 256 }).std` is √(2/256).
 *
 * Fan-in and fan-out follow the layer conventions: a Linear weight [out, in] has
 * fan_in = in, fan_out = out; a Conv2d weight [Cout, Cin, kH, kW] has
 * fan_in = Cin·kH·kW and fan_out = Cout·kH·kW.
 */
export type Initializer = (shape: Shape, rng: Rng) => Tensor;

/** The fans of a weight (see `fans`). */
export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** What an initializer draws for given fans. */
export interface InitScale {
  distribution: "normal" | "uniform" | "constant";
  mean: number;
  std: number;
  variance: number;
  /** b of U[−b, b] for a uniform distribution, null otherwise. */
  bound: number | null;
  /** The rule in words, e.g. "N(0, 2/fan_in)" or "U(−b, b), b = 1/√fan_in". */
  formula: string;
}

/** An initializer made by this module's factories: it can state its own scale. */
export type ScaledInitializer = Initializer & {
  /** The distribution drawn for a weight of these fans (or of this shape). */
  readonly scale: (fansOrShape: Fans | Shape) => InitScale;
};

/** Which fan a He (Kaiming) initializer divides by: fan_in keeps the forward variance, fan_out the backward one. */
export type FanMode = "fanIn" | "fanOut";

export interface GainOptions {
  /** Multiplies the standard deviation (and the bound). */
  gain: number;
}

export interface NormalFanInOptions {
  /** σ of N(0, σ²/fan_in) (default 1). */
  sigma: number;
}

export interface HeOptions {
  /** "fanIn" (default) or "fanOut". */
  mode: FanMode;
  /**
   * std = gain/√fan. Default √2, for ReLU; PyTorch's `calculate_gain` gives √(2/(1 + a²)) for a
   * leaky ReLU of slope a, 5/3 for tanh, 1 for linear layers (which is LeCun's initialization).
   */
  gain: number;
}

export function fans(shape: Shape): Fans {
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

function toFans(fansOrShape: Fans | Shape, where: string): Fans {
  if (Array.isArray(fansOrShape)) return fans(fansOrShape);
  const f = fansOrShape as Partial<Fans> | null;
  if (f === null || typeof f !== "object") {
    throw new Error(`${where}.scale: expected { fanIn, fanOut } or a weight shape such as [out, in], got ${String(fansOrShape)}`);
  }
  return {
    fanIn: checkNumber(`${where}.scale`, "fanIn", f.fanIn, { min: 1, integer: true }),
    fanOut: checkNumber(`${where}.scale`, "fanOut", f.fanOut, { min: 1, integer: true }),
  };
}

/** Options given as an object, or (the older call form, kept) as one number for `key`. */
function optionsOf<T extends object>(where: string, defaults: T, given: Partial<T> | number | undefined, key?: keyof T): T {
  if (typeof given === "number" && key !== undefined) return withDefaults(where, defaults, { [key]: given } as Partial<T>);
  return withDefaults(where, defaults, given as Partial<T> | undefined);
}

/**
 * An initializer drawing N(0, p²) (kind "normal", p the std) or U[−p, p] (kind "uniform", p the
 * bound, std p/√3), with its scale attached. `p` is each rule's own expression, so the defaults
 * draw bit for bit what they always drew.
 */
function makeInitializer(where: string, kind: "normal" | "uniform", p: (f: Fans) => number, formula: string): ScaledInitializer {
  const draw = (shape: Shape, rng: Rng): Tensor => {
    checkRng(rng, where);
    const v = p(fans(shape));
    return kind === "normal" ? Tensor.randn(shape, rng, 0, v) : Tensor.rand(shape, rng, -v, v);
  };
  const scale = (fansOrShape: Fans | Shape): InitScale => {
    const v = p(toFans(fansOrShape, where));
    const std = kind === "normal" ? v : v / Math.sqrt(3);
    return { distribution: kind, mean: 0, std, variance: std * std, bound: kind === "uniform" ? v : null, formula };
  };
  return Object.assign(draw, { scale });
}

function constantInitializer(value: number, formula: string): ScaledInitializer {
  const draw = (shape: Shape): Tensor => Tensor.full(shape, value);
  const scale = (): InitScale => ({ distribution: "constant", mean: value, std: 0, variance: 0, bound: null, formula });
  return Object.assign(draw, { scale });
}

export function zeros(options?: Record<string, never>): ScaledInitializer {
  withDefaults("zeros", {}, options);
  return constantInitializer(0, "0");
}

/** Every entry `value` (a required argument, not an option). */
export function constant(value: number): ScaledInitializer {
  checkNumber("constant initializer", "value", value);
  return constantInitializer(value, String(value));
}

/**
 * W ~ N(0, σ²/fan_in). With σ = 1 this is lecture 001's forward-pass condition var w = 1/N_x,
 * which keeps the variance of a layer's outputs equal to that of its inputs (LeCun's normal
 * initialization). `normalFanIn({ sigma: 0.5 })`; `normalFanIn(0.5)` is the older form of the same.
 */
export function normalFanIn(options?: Partial<NormalFanInOptions> | number): ScaledInitializer {
  const { sigma } = optionsOf<NormalFanInOptions>("normalFanIn", { sigma: 1 }, options, "sigma");
  checkNumber("normalFanIn", "sigma", sigma, { min: 0 });
  return makeInitializer("normalFanIn", "normal", (f) => sigma / Math.sqrt(f.fanIn), sigma === 1 ? "N(0, 1/fan_in)" : `N(0, ${sigma}²/fan_in)`);
}

/** Xavier/Glorot uniform: W ~ U[−b, b], b = gain·√6/√(fan_in + fan_out), so var W = gain²·2/(fan_in + fan_out). */
export function xavierUniform(options?: Partial<GainOptions> | number): ScaledInitializer {
  const { gain } = optionsOf<GainOptions>("xavierUniform", { gain: 1 }, options, "gain");
  checkNumber("xavierUniform", "gain", gain, { min: 0 });
  const g = gain === 1 ? "" : `${gain}·`;
  return makeInitializer("xavierUniform", "uniform", (f) => (gain * Math.sqrt(6)) / Math.sqrt(f.fanIn + f.fanOut), `U(−b, b), b = ${g}√6/√(fan_in + fan_out)`);
}

/** Xavier/Glorot normal: W ~ N(0, gain²·2/(fan_in + fan_out)). */
export function xavierNormal(options?: Partial<GainOptions> | number): ScaledInitializer {
  const { gain } = optionsOf<GainOptions>("xavierNormal", { gain: 1 }, options, "gain");
  checkNumber("xavierNormal", "gain", gain, { min: 0 });
  const g = gain === 1 ? "" : `${gain}²·`;
  return makeInitializer("xavierNormal", "normal", (f) => gain * Math.sqrt(2 / (f.fanIn + f.fanOut)), `N(0, ${g}2/(fan_in + fan_out))`);
}

function heOptions(where: string, options: Partial<HeOptions> | undefined): { fan: (f: Fans) => number; gain: number; name: string } {
  const { mode, gain } = withDefaults<HeOptions>(where, { mode: "fanIn", gain: Math.SQRT2 }, options);
  if (mode !== "fanIn" && mode !== "fanOut") throw new Error(`${where}: mode must be "fanIn" or "fanOut", got ${JSON.stringify(mode) ?? String(mode)}`);
  checkNumber(where, "gain", gain, { min: 0 });
  const name = mode === "fanIn" ? "fan_in" : "fan_out";
  return { fan: (f) => (mode === "fanIn" ? f.fanIn : f.fanOut), gain, name };
}

/**
 * He/Kaiming normal for ReLU layers: W ~ N(0, gain²/fan) with gain √2 and fan = fan_in by
 * default, i.e. N(0, 2/fan_in). `{ mode: "fanOut" }` keeps the variance of the backward pass instead.
 */
export function heNormal(options?: Partial<HeOptions>): ScaledInitializer {
  const { fan, gain, name } = heOptions("heNormal", options);
  // √(2/fan) for the default gain: the numbers this initializer has always drawn.
  if (gain === Math.SQRT2) return makeInitializer("heNormal", "normal", (f) => Math.sqrt(2 / fan(f)), `N(0, 2/${name})`);
  return makeInitializer("heNormal", "normal", (f) => gain / Math.sqrt(fan(f)), `N(0, ${gain}²/${name})`);
}

/** He/Kaiming uniform: W ~ U[−b, b], b = gain·√(3/fan), so var W = gain²/fan (default b = √(6/fan_in)). */
export function heUniform(options?: Partial<HeOptions>): ScaledInitializer {
  const { fan, gain, name } = heOptions("heUniform", options);
  if (gain === Math.SQRT2) return makeInitializer("heUniform", "uniform", (f) => Math.sqrt(6 / fan(f)), `U(−b, b), b = √(6/${name})`);
  return makeInitializer("heUniform", "uniform", (f) => gain * Math.sqrt(3 / fan(f)), `U(−b, b), b = ${gain}·√(3/${name})`);
}

/** LeCun normal (LeCun et al., "Efficient BackProp", 1998): W ~ N(0, 1/fan_in), for tanh-like units. */
export function lecunNormal(options?: Record<string, never>): ScaledInitializer {
  withDefaults("lecunNormal", {}, options);
  return makeInitializer("lecunNormal", "normal", (f) => 1 / Math.sqrt(f.fanIn), "N(0, 1/fan_in)");
}

/** LeCun uniform: W ~ U[−b, b], b = √(3/fan_in), so var W = 1/fan_in. */
export function lecunUniform(options?: Record<string, never>): ScaledInitializer {
  withDefaults("lecunUniform", {}, options);
  return makeInitializer("lecunUniform", "uniform", (f) => Math.sqrt(3 / f.fanIn), "U(−b, b), b = √(3/fan_in)");
}

/**
 * PyTorch's default for `nn.Linear` and `nn.Conv2d` weights: W ~ U[−b, b], b = 1/√fan_in, so
 * var W = 1/(3 fan_in), a third of LeCun's (PyTorch writes it as kaiming_uniform_ with a = √5).
 * PyTorch also draws the biases from U[−b, b]; gradlab's layers start them at 0.
 */
export function pytorchDefault(options?: Record<string, never>): ScaledInitializer {
  withDefaults("pytorchDefault", {}, options);
  return makeInitializer("pytorchDefault", "uniform", (f) => 1 / Math.sqrt(f.fanIn), "U(−b, b), b = 1/√fan_in");
}

const byName = {
  zeros: () => zeros(),
  normalFanIn: () => normalFanIn(),
  xavierUniform: () => xavierUniform(),
  xavierNormal: () => xavierNormal(),
  heNormal: () => heNormal(),
  heUniform: () => heUniform(),
  lecunNormal: () => lecunNormal(),
  lecunUniform: () => lecunUniform(),
  pytorchDefault: () => pytorchDefault(),
};

/** The registered names, e.g. "xavierUniform", "heNormal", "pytorchDefault" (see `initializers`). */
export type InitializerName = keyof typeof byName;

/** Initializers by name, with their default options. */
export const initializers: Readonly<Record<InitializerName, () => ScaledInitializer>> = Object.freeze(byName);

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

/**
 * The distribution an initializer draws for a weight of the given fans or shape, so that a
 * notebook can print the formula beside the measured variance:
 *
 *   initScale("heNormal", { fanIn: 512, fanOut: 256 })          // { std: 0.0625, variance: 2/512, … }
 *   initScale(xavierUniform({ gain: 2 }), [256, 512]).bound     // 2·√6/√768
 *
 * `init` is a registered name or an initializer made by this module's factories; a hand-written
 * function has no known scale and is an error.
 */
export function initScale(init: string | Initializer, fansOrShape: Fans | Shape): InitScale {
  const made = typeof init === "string" ? getInitializer(init, "initScale") : init;
  const scale = (made as Partial<ScaledInitializer>).scale;
  if (typeof scale !== "function") {
    throw new Error(
      `initScale: ${typeof init === "function" ? "this initializer is a hand-written function, whose scale is unknown" : `got ${String(init)}`}; ` +
        `pass a name (${Object.keys(initializers).join(", ")}) or an initializer made by one of those factories`,
    );
  }
  return scale(fansOrShape);
}
