/**
 * The gradient of a trajectory's problem. The runner uses it to feed the student's update rule,
 * and the grader the very same function to compute the reference trajectories, so the two see
 * the same gradients to the last bit.
 */
import type { Problem } from "./protocol";

export type TestFunctions2d = Record<string, { grad(w: ArrayLike<number>, out?: Float64Array): Float64Array }>;

/** ∇f at w, as a new array: Aw − b for a quadratic, the library's formula for a 2-D test function. */
export function problemGradient(problem: Problem, d: number, testFunctions2d: TestFunctions2d): (w: Float64Array) => Float64Array {
  if (problem.kind === "quadratic") {
    const { A, b } = problem;
    if (A.data.length !== d * d || b.data.length !== d) throw new Error(`quadratic problem: A must be [${d}, ${d}] and b [${d}]`);
    return (w) => {
      const g = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = -b.data[i];
        for (let j = 0; j < d; j++) s += A.data[i * d + j] * w[j];
        g[i] = s;
      }
      return g;
    };
  }
  const f = Object.prototype.hasOwnProperty.call(testFunctions2d, problem.name) ? testFunctions2d[problem.name] : undefined;
  if (!f) throw new Error(`unknown test function "${problem.name}"`);
  if (d !== 2) throw new Error(`${problem.name} is a function of 2 variables, w has ${d}`);
  return (w) => f.grad(w, new Float64Array(2));
}
