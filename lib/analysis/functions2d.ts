import { checkNumber, withDefaults } from "../util/options";
import { Objective } from "./quadratic";

/**
 * A 2-D test function for optimization demos: value, analytic gradient, where to start, and the
 * window to draw its contours in. w = (x, y).
 */
export interface TestFunction2D extends Objective {
  readonly dim: 2;
  /** One sentence on what the function shows. */
  readonly description: string;
  /** A suggested starting point w₀. */
  readonly start: readonly [number, number];
  /** The plot window: x in range.x, y in range.y. */
  readonly range: { readonly x: readonly [number, number]; readonly y: readonly [number, number] };
  /** Where the minimum is (one of them, if several), or null if there is none. */
  readonly minimum: readonly [number, number] | null;
}

interface Definition {
  name: string;
  description: string;
  start: [number, number];
  range: { x: [number, number]; y: [number, number] };
  minimum: [number, number] | null;
  value(x: number, y: number): number;
  /** Writes (∂f/∂x, ∂f/∂y) into out[0], out[1]. */
  grad(x: number, y: number, out: Float64Array): void;
}

function define(d: Definition): TestFunction2D {
  const check = (w: ArrayLike<number>, what: string): void => {
    if (w === null || typeof w !== "object" || w.length !== 2) {
      throw new Error(`${d.name}.${what}: w must be a point (x, y) with 2 entries, got ${w === null || typeof w !== "object" ? String(w) : `${w.length} entries`}`);
    }
  };
  return Object.freeze({
    name: d.name,
    dim: 2 as const,
    description: d.description,
    start: Object.freeze([...d.start]) as unknown as readonly [number, number],
    range: Object.freeze({ x: Object.freeze([...d.range.x]), y: Object.freeze([...d.range.y]) }) as TestFunction2D["range"],
    minimum: d.minimum === null ? null : (Object.freeze([...d.minimum]) as unknown as readonly [number, number]),
    value(w: ArrayLike<number>): number {
      check(w, "value");
      return d.value(w[0], w[1]);
    },
    grad(w: ArrayLike<number>, out: Float64Array = new Float64Array(2)): Float64Array {
      check(w, "grad");
      d.grad(w[0], w[1], out);
      return out;
    },
  });
}

export interface ValleyOptions {
  /** Curvature along the valley floor, λ₁ (default 0.2). */
  lambda1: number;
  /** Curvature across the valley, λ₂ (default 4); κ = λ₂/λ₁ = 20 by default. */
  lambda2: number;
  /** Rotation of the valley's axis from the x axis, in radians (default 0: axis-aligned). */
  angle: number;
}

/**
 * An ill-conditioned quadratic valley: f(w) = ½ λ₁ u² + ½ λ₂ v², with (u, v) = w rotated by
 * −angle (u along the valley floor). The defaults give f = 0.1x² + 2y², κ = 20: GD must take a
 * small learning rate (< 2/λ₂) for the steep direction and then crawls along the flat one,
 * which is what momentum and adaptive methods fix. The same function as
 * `new Quadratic(A, [0, 0])` with A = R diag(λ₁, λ₂) Rᵀ, for the eigen-analysis.
 */
export function quadraticValley(options?: Partial<ValleyOptions>): TestFunction2D {
  const { lambda1, lambda2, angle } = withDefaults<ValleyOptions>("quadraticValley", { lambda1: 0.2, lambda2: 4, angle: 0 }, options);
  checkNumber("quadraticValley", "lambda1", lambda1, { min: 0, minExclusive: true });
  checkNumber("quadraticValley", "lambda2", lambda2, { min: 0, minExclusive: true });
  checkNumber("quadraticValley", "angle", angle);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Start far along the flat direction and off the floor, so both phases of GD show.
  const u0 = -4;
  const v0 = 1.5;
  return define({
    name: "valley",
    description: `ill-conditioned quadratic ½(${lambda1}u² + ${lambda2}v²), κ = ${Number((lambda2 / lambda1).toPrecision(6))}`,
    start: [cos * u0 - sin * v0, sin * u0 + cos * v0],
    range: { x: [-5, 5], y: [-5, 5] },
    minimum: [0, 0],
    value(x, y) {
      const u = cos * x + sin * y;
      const v = -sin * x + cos * y;
      return 0.5 * (lambda1 * u * u + lambda2 * v * v);
    },
    grad(x, y, out) {
      // ∇f = R (λ₁u, λ₂v) with R the rotation by +angle.
      const du = lambda1 * (cos * x + sin * y);
      const dv = lambda2 * (-sin * x + cos * y);
      out[0] = cos * du - sin * dv;
      out[1] = sin * du + cos * dv;
    },
  });
}

/**
 * Rosenbrock's banana: f = (a − x)² + b (y − x²)², minimum 0 at (a, a²) (default a = 1, b = 100).
 * The minimum lies in a long curved flat-bottomed valley: easy to reach, slow to follow.
 * ∇f = (−2(a − x) − 4bx(y − x²), 2b(y − x²)).
 */
export function rosenbrockFunction(options?: Partial<{ a: number; b: number }>): TestFunction2D {
  const { a, b } = withDefaults("rosenbrockFunction", { a: 1, b: 100 }, options);
  checkNumber("rosenbrockFunction", "a", a);
  checkNumber("rosenbrockFunction", "b", b, { min: 0, minExclusive: true });
  return define({
    name: "rosenbrock",
    description: `Rosenbrock's curved valley (${a} − x)² + ${b}(y − x²)², minimum at (${a}, ${a * a})`,
    start: [-1.2, 1],
    range: { x: [-2, 2], y: [-1, 3] },
    minimum: [a, a * a],
    value(x, y) {
      const r = y - x * x;
      return (a - x) * (a - x) + b * r * r;
    },
    grad(x, y, out) {
      const r = y - x * x;
      out[0] = -2 * (a - x) - 4 * b * x * r;
      out[1] = 2 * b * r;
    },
  });
}

/**
 * A saddle: f = x² − ½y² + ¼y⁴. Near the origin it is x² − ½y² (Hessian diag(2, −1): a saddle
 * point, zero gradient but no minimum); the ¼y⁴ term bends it up so GD that escapes ends in one of
 * the two minima (0, ±1), f = −¼. Started almost on the x axis, plain GD slides to the saddle and
 * lingers there, because the escaping component grows only by (1 + η) per step.
 * ∇f = (2x, −y + y³).
 */
export const saddle: TestFunction2D = define({
  name: "saddle",
  description: "saddle point at the origin (x² − ½y² near it), minima at (0, ±1)",
  start: [-2, 0.01],
  range: { x: [-2.5, 2.5], y: [-1.6, 1.6] },
  minimum: [0, 1],
  value: (x, y) => x * x - 0.5 * y * y + 0.25 * y * y * y * y,
  grad(x, y, out) {
    out[0] = 2 * x;
    out[1] = -y + y * y * y;
  },
});

/**
 * A plateau with a steep exit: f = −exp(−(x² + y²)). Far from the origin f is almost exactly
 * 0 and the gradient 2r·exp(−r²) almost vanishes (at the start, r = 2.5: ‖∇f‖ ≈ 0.01), so plain GD
 * crawls; near r = 1/√2 the surface drops steeply into the bowl around the minimum (0, 0).
 * Methods that rescale small gradients (Adam, RMSProp) or build up speed (momentum) leave it
 * much sooner. ∇f = 2 exp(−(x² + y²)) (x, y); the minimum is f(0, 0) = −1. (The plateau sits at
 * 0 rather than 1 so that finite differences there do not lose digits to cancellation.)
 */
export const plateau: TestFunction2D = define({
  name: "plateau",
  description: "flat plateau f ≈ 0 with a steep drop into a well at the origin",
  start: [2, 1.5],
  range: { x: [-3, 3], y: [-3, 3] },
  minimum: [0, 0],
  value: (x, y) => -Math.exp(-(x * x + y * y)),
  grad(x, y, out) {
    const e = 2 * Math.exp(-(x * x + y * y));
    out[0] = e * x;
    out[1] = e * y;
  },
});

/** The ill-conditioned valley with its defaults, f = 0.1x² + 2y² (κ = 20). */
export const valley: TestFunction2D = quadraticValley();

/** Rosenbrock's function with a = 1, b = 100. */
export const rosenbrock: TestFunction2D = rosenbrockFunction();

/** The test functions by name, for a demo that loops over them. */
export const testFunctions2d: Readonly<Record<"valley" | "rosenbrock" | "saddle" | "plateau", TestFunction2D>> = Object.freeze({
  valley,
  rosenbrock,
  saddle,
  plateau,
});
