/**
 * Scalar functions of a tensor with gradients known in closed form, to hand to a student's
 * gradient checker (`numericalGradient(f, x)`): the parent cannot send a function, so it names
 * one of these with its coefficients, and computes the exact gradient itself with `gradient`.
 */
import type { WireTensor } from "./protocol";

export type ProbeName = "quadratic" | "sinSum" | "logSumExp";

export interface ProbeFunction {
  value(x: Float64Array): number;
  gradient(x: Float64Array): Float64Array;
}

/**
 * - quadratic: f(x) = ½ xᵀAx + bᵀx with A symmetric, ∇f = Ax + b (coefficients [A, b]);
 * - sinSum: f(x) = Σᵢ sin(aᵢ xᵢ), ∂f/∂xᵢ = aᵢ cos(aᵢ xᵢ) (coefficients [a]);
 * - logSumExp: f(x) = log Σᵢ exp(xᵢ), ∇f = softmax(x) (no coefficients).
 */
export function probeFunction(name: ProbeName, params: readonly WireTensor[]): ProbeFunction {
  switch (name) {
    case "quadratic": {
      const [A, b] = params;
      const n = b.data.length;
      const Ax = (x: Float64Array): Float64Array => {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += A.data[i * n + j] * x[j];
          out[i] = s;
        }
        return out;
      };
      return {
        value(x) {
          const ax = Ax(x);
          let s = 0;
          for (let i = 0; i < n; i++) s += 0.5 * x[i] * ax[i] + b.data[i] * x[i];
          return s;
        },
        gradient(x) {
          const g = Ax(x);
          for (let i = 0; i < n; i++) g[i] += b.data[i];
          return g;
        },
      };
    }
    case "sinSum": {
      const a = params[0].data;
      return {
        value(x) {
          let s = 0;
          for (let i = 0; i < x.length; i++) s += Math.sin(a[i] * x[i]);
          return s;
        },
        gradient(x) {
          return Float64Array.from(x, (v, i) => a[i] * Math.cos(a[i] * v));
        },
      };
    }
    case "logSumExp":
      return {
        value(x) {
          let m = -Infinity;
          for (const v of x) m = Math.max(m, v);
          let s = 0;
          for (const v of x) s += Math.exp(v - m);
          return m + Math.log(s);
        },
        gradient(x) {
          let m = -Infinity;
          for (const v of x) m = Math.max(m, v);
          const e = Float64Array.from(x, (v) => Math.exp(v - m));
          const s = e.reduce((p, q) => p + q, 0);
          return e.map((v) => v / s);
        },
      };
  }
}
