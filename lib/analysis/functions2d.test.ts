import {
  Quadratic,
  Rng,
  Tensor,
  TestFunction2D,
  numericalGradient,
  plateau,
  quadraticValley,
  relError,
  rosenbrock,
  rosenbrockFunction,
  saddle,
  testFunctions2d,
  valley,
} from "gradlab";

/** Centred differences of f.value at w, compared with f.grad(w). */
function gradientError(f: TestFunction2D, w: [number, number]): number {
  const t = Tensor.from(w);
  const numeric = numericalGradient(() => f.value(t.data), t);
  return relError(new Tensor(f.grad(w), [2]), numeric);
}

describe("2-D test functions", () => {
  const all: TestFunction2D[] = [valley, rosenbrock, saddle, plateau, quadraticValley({ angle: 0.6, lambda1: 0.5, lambda2: 8 })];

  test.each(all.map((f) => [f.name + (f === all[4] ? " (rotated)" : ""), f] as const))(
    "%s: gradient matches centred finite differences at random points and at the start",
    (_name, f) => {
      const rng = new Rng(3);
      const points: [number, number][] = [[f.start[0], f.start[1]]];
      for (let k = 0; k < 20; k++) points.push([rng.uniformIn(f.range.x[0], f.range.x[1]), rng.uniformIn(f.range.y[0], f.range.y[1])]);
      for (const p of points) expect(gradientError(f, p)).toBeLessThan(1e-7);
    },
  );

  test("values at hand-worked points", () => {
    expect(valley.value([1, 1])).toBeCloseTo(0.1 + 2, 14); // 0.1x² + 2y²
    expect(rosenbrock.value([1, 1])).toBe(0);
    expect(rosenbrock.value([0, 0])).toBe(1); // (1 − 0)² + 100·0
    expect(rosenbrock.value([-1, 2])).toBe(4 + 100); // (1 + 1)² + 100(2 − 1)²
    expect(saddle.value([0, 1])).toBe(-0.25); // 0 − ½ + ¼
    expect(saddle.value([1, 0])).toBe(1);
    expect(plateau.value([0, 0])).toBe(-1);
    expect(plateau.value([1, 0])).toBeCloseTo(-Math.exp(-1), 15);
  });

  test("each minimum has zero gradient and no neighbour below it", () => {
    for (const f of all) {
      if (f.minimum === null) continue;
      const m = [...f.minimum] as [number, number];
      const g = f.grad(m);
      expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-12);
      for (const [dx, dy] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3]]) {
        expect(f.value([m[0] + dx, m[1] + dy])).toBeGreaterThan(f.value(m));
      }
    }
  });

  test("the saddle's origin has zero gradient but is not a minimum; the plateau's start is nearly flat", () => {
    expect(Array.from(saddle.grad([0, 0]))).toEqual([0, 0]);
    expect(saddle.value([0, 0.5])).toBeLessThan(saddle.value([0, 0]));
    const g = plateau.grad([...plateau.start]);
    expect(Math.hypot(g[0], g[1])).toBeCloseTo(5 * Math.exp(-6.25), 14); // 2r e^{−r²}, r = 2.5
    expect(plateau.value([...plateau.start])).toBeGreaterThan(-0.002); // e^{−6.25} ≈ 0.0019
  });

  test("the rotated valley equals the Quadratic with A = R diag(λ₁, λ₂) Rᵀ", () => {
    const a = 0.6;
    const c = Math.cos(a);
    const s = Math.sin(a);
    const A = [
      [0.5 * c * c + 8 * s * s, (0.5 - 8) * c * s],
      [(0.5 - 8) * c * s, 0.5 * s * s + 8 * c * c],
    ];
    const q = new Quadratic(A, [0, 0]);
    expect(q.conditionNumber).toBeCloseTo(16, 10);
    for (const w of [[1, 2], [-3, 0.5]]) expect(all[4].value(w)).toBeCloseTo(q.value(w), 12);
  });

  test("the grad writes into a given buffer; bad points and options are rejected", () => {
    const out = new Float64Array(2);
    expect(rosenbrock.grad([0, 0], out)).toBe(out);
    expect(Array.from(out)).toEqual([-2, 0]);
    expect(() => valley.grad([1, 2, 3])).toThrow("valley.grad: w must be a point (x, y) with 2 entries, got 3 entries");
    expect(() => quadraticValley({ lambda1: -1 })).toThrow("quadraticValley: lambda1 must be a finite number > 0, got -1");
    expect(() => rosenbrockFunction({ c: 1 } as never)).toThrow('rosenbrockFunction: unknown option "c"');
    expect(Object.keys(testFunctions2d)).toEqual(["valley", "rosenbrock", "saddle", "plateau"]);
  });
});
