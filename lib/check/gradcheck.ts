import { Module } from "../nn/module";
import { Rng } from "../tensor/random";
import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { DEFAULT_STEP, dotWith, partialDerivative } from "./finite_diff";
import { relError } from "./rel_error";

export interface GradcheckOptions {
  /** Finite-difference step. */
  h: number;
  /** Largest relative error that passes. */
  tol: number;
  /** Seed of the random upstream gradient dy. */
  seed: number;
  /** Check at most this many coordinates per tensor, drawn at random (0 = every coordinate). */
  maxChecks: number;
  /** Called before every fprop, e.g. to replay a Dropout mask. */
  beforeForward: (() => void) | null;
}

export interface GradcheckEntry {
  /** "x" for the input, otherwise the parameter's name. */
  name: string;
  shape: readonly number[];
  relError: number;
  ok: boolean;
  /** Coordinates compared (all of them unless `maxChecks` limited it). */
  checked: number;
  /** Flat index of the largest disagreement, with both values there. */
  worst: { index: number; analytic: number; numeric: number };
  /**
   * Whether a second bprop ADDED to this parameter's gradient (giving twice one call's) rather
   * than overwriting it; always true for x. A failure here fails the entry even when
   * `relError` is small.
   */
  accumulates: boolean;
}

export interface GradcheckReport {
  ok: boolean;
  tol: number;
  entries: GradcheckEntry[];
  /** A table for people: one line per tensor. */
  toString(): string;
}

/**
 * Checks a module's bprop against centred finite differences of its own fprop.
 *
 * With a random upstream gradient dy, the scalar L = Σ fprop(x) ⊙ dy has ∂L/∂x = bprop(dy) and
 * ∂L/∂θ = the accumulated parameter gradients. Every parameter and the input are perturbed in
 * turn (in place, restored exactly). Parameter gradients are zeroed before and left holding
 * the analytic values afterwards.
 *
 * A second fprop/bprop with the same dy must double every parameter gradient: that catches a
 * bprop that overwrites `grad` instead of adding to it, which a single call from zero cannot
 * tell apart. A dx or parameter gradient of the wrong shape is an error naming both shapes.
 */
export function gradcheck(module: Module, x: Tensor, options?: Partial<GradcheckOptions>): GradcheckReport {
  const opts = withDefaults<GradcheckOptions>(
    "gradcheck",
    { h: DEFAULT_STEP, tol: 1e-7, seed: 0, maxChecks: 0, beforeForward: null },
    options,
  );
  checkNumber("gradcheck", "h", opts.h, { min: 0, minExclusive: true });
  checkNumber("gradcheck", "tol", opts.tol, { min: 0, minExclusive: true });
  checkNumber("gradcheck", "seed", opts.seed, { integer: true });
  checkNumber("gradcheck", "maxChecks", opts.maxChecks, { min: 0, integer: true });
  if (opts.beforeForward !== null && typeof opts.beforeForward !== "function") {
    throw new Error(`gradcheck: beforeForward must be a function or null, got ${typeof opts.beforeForward}`);
  }
  const rng = new Rng(opts.seed);
  const forward = (): Tensor => {
    opts.beforeForward?.();
    return module.fprop(x);
  };

  const y = forward();
  const dy = Tensor.randn(y.shape, rng);
  module.zeroGrad();
  // bprop gets a copy of dy, so that a bprop which writes into dy cannot change the loss below.
  const dx = module.bprop(dy.clone());
  const loss = (): number => dotWith(forward(), dy, "gradcheck");
  const params = module.params();
  const analytic = params.map((p) => p.grad.clone());

  // Accumulation: a second pass must add the same gradient again.
  forward();
  module.bprop(dy.clone());
  const accumulates = params.map((p, i) => relError(p.grad, analytic[i].mul(2)) < opts.tol);
  params.forEach((p, i) => p.grad.data.set(analytic[i].data));

  const targets: { name: string; value: Tensor; analytic: Tensor; accumulates: boolean }[] = [
    { name: "x", value: x, analytic: dx, accumulates: true },
    ...params.map((p, i) => ({ name: p.name, value: p.value, analytic: analytic[i], accumulates: accumulates[i] })),
  ];
  const entries = targets.map(({ name, value, analytic, accumulates }): GradcheckEntry => {
    if (!(analytic instanceof Tensor) || !sameShape(analytic.shape, value.shape)) {
      const got = analytic instanceof Tensor ? `shape ${formatShape(analytic.shape)}` : String(analytic);
      const what = name === "x" ? `${module.kind}.bprop returned dx with` : `the gradient of ${name} has`;
      throw new Error(`gradcheck: ${what} ${got}, expected ${formatShape(value.shape)} (the shape of ${name})`);
    }
    const indices = pickIndices(value.size, opts.maxChecks, rng);
    const numeric = new Float64Array(indices.length);
    const picked = new Float64Array(indices.length);
    indices.forEach((index, k) => {
      numeric[k] = partialDerivative(loss, value, index, opts.h);
      picked[k] = analytic.data[index];
    });
    let worstK = 0;
    for (let k = 1; k < indices.length; k++) {
      if (Math.abs(numeric[k] - picked[k]) > Math.abs(numeric[worstK] - picked[worstK])) worstK = k;
    }
    const err = relError(picked, numeric);
    return {
      name,
      shape: value.shape,
      relError: err,
      ok: err < opts.tol && accumulates,
      checked: indices.length,
      worst: { index: indices[worstK] ?? 0, analytic: picked[worstK] ?? 0, numeric: numeric[worstK] ?? 0 },
      accumulates,
    };
  });
  return makeReport(entries, opts.tol, module.kind);
}

function pickIndices(size: number, maxChecks: number, rng: Rng): number[] {
  if (maxChecks <= 0 || maxChecks >= size) return Array.from({ length: size }, (_, i) => i);
  const perm = rng.permutation(size);
  return Array.from(perm.subarray(0, maxChecks)).sort((a, b) => a - b);
}

function makeReport(entries: GradcheckEntry[], tol: number, kind: string): GradcheckReport {
  const ok = entries.every((e) => e.ok);
  return {
    ok,
    tol,
    entries,
    toString(): string {
      const rows = entries.map((e) => {
        const mark = e.ok ? "ok  " : "FAIL";
        const wrong = !(e.relError < tol);
        const where = wrong ? `  worst at ${e.worst.index}: bprop ${e.worst.analytic.toPrecision(6)} vs numeric ${e.worst.numeric.toPrecision(6)}` : "";
        const overwrite = e.accumulates ? "" : `  bprop overwrites ${e.name}'s grad instead of adding to it (+=)`;
        return `  ${mark} ${e.name.padEnd(12)} ${formatShape(e.shape).padEnd(16)} relError ${e.relError.toExponential(2)}${where}${overwrite}`;
      });
      const head = `gradcheck ${kind}: ${ok ? "passed" : "FAILED"} (tolerance ${tol.toExponential(0)})`;
      return [head, ...rows].join("\n");
    },
  };
}
