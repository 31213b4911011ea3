import { formatShape, sameShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";

type Numbers = Tensor | Float64Array | readonly number[] | number;

function valuesOf(v: Numbers): ArrayLike<number> {
  if (typeof v === "number") return [v];
  if (v instanceof Tensor) return v.data;
  return v;
}

function checkComparable(a: Numbers, b: Numbers, where: string): [ArrayLike<number>, ArrayLike<number>] {
  if (a instanceof Tensor && b instanceof Tensor && !sameShape(a.shape, b.shape)) {
    throw new Error(`${where}: a has shape ${formatShape(a.shape)} but b has shape ${formatShape(b.shape)}`);
  }
  const x = valuesOf(a);
  const y = valuesOf(b);
  if (x.length !== y.length) throw new Error(`${where}: a has ${x.length} values but b has ${y.length}`);
  return [x, y];
}

/**
 * Relative error of two arrays: max|a−b| / max(1e-8, max(|a|+|b|)).
 *
 * The numerator and the scale are each taken over the whole array. For one number this is
 * CS231n's `|a−b| / max(1e-8, |a|+|b|)`; for an array it judges every element against the
 * array's scale, so a gradient entry that is exactly 0 in one and 1e-11 (finite-difference
 * round-off) in the other does not count as a 100% error, while a transposed or mis-scaled
 * gradient still gives an error near 1. NaN anywhere gives NaN, which fails every threshold.
 */
export function relError(a: Numbers, b: Numbers): number {
  const [x, y] = checkComparable(a, b, "relError");
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    const s = Math.abs(x[i]) + Math.abs(y[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > diff) diff = d;
    if (s > scale) scale = s;
  }
  return diff / Math.max(1e-8, scale);
}

/** CS231n's element-wise form, max over i of |aᵢ−bᵢ| / max(1e-8, |aᵢ|+|bᵢ|): stricter on tiny entries. */
export function relErrorElementwise(a: Numbers, b: Numbers): number {
  const [x, y] = checkComparable(a, b, "relErrorElementwise");
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const r = Math.abs(x[i] - y[i]) / Math.max(1e-8, Math.abs(x[i]) + Math.abs(y[i]));
    if (Number.isNaN(r)) return NaN;
    if (r > worst) worst = r;
  }
  return worst;
}
