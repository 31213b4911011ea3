import { Quadratic, Trajectory, plateau, rosenbrock, saddle, sgd, train2d, valley } from "gradlab";

function distance(p: number[], q: readonly number[]): number {
  return Math.hypot(...p.map((v, i) => v - q[i]));
}

describe("train2d", () => {
  test("acceptance 1: GD (the sgd rule) on a quadratic converges at (κ−1)/(κ+1) at η*, and diverges above 2/λ_M", () => {
    // A = [[5, 3], [3, 5]]: eigenvalues 2 and 8 by hand (eigenvectors (1, −1) and (1, 1)), κ = 4,
    // η* = 2/10 = 0.2, predicted rate (4 − 1)/(4 + 1) = 0.6, divergence above 2/8 = 0.25.
    // A 3rd direction (λ = 5) makes a transient: A = diag(block, 5).
    const q = new Quadratic([[5, 3, 0], [3, 5, 0], [0, 0, 5]], [1, 2, 3]);
    expect(q.optimalLr).toBeCloseTo(0.2, 14);
    expect(q.divergenceLr).toBeCloseTo(0.25, 14);
    const run = train2d("sgd", q, { w0: [3, -1, 2], lr: 0.2, steps: 40 });
    const d = run.points.map((p) => distance(p, q.wStar));
    // The λ = 5 component shrinks by |1 − 0.2·5| = 0 at once; from then on the ratio is 0.6.
    for (let t = 5; t < 40; t++) expect(Math.abs(d[t + 1] / d[t] - 0.6) / 0.6).toBeLessThan(0.01);
    expect(Math.abs((d[40] / d[1]) ** (1 / 39) - 0.6) / 0.6).toBeLessThan(0.01);
    expect(run.diverged).toBe(false);

    const blowUp = train2d("sgd", q, { w0: [3, -1, 2], lr: 0.26, steps: 2000, divergeAt: 1e6 });
    expect(blowUp.diverged).toBe(true);
    expect(blowUp.steps).toBeLessThan(2000);
    const e = blowUp.points.map((p) => distance(p, q.wStar));
    // Growth per step |1 − 0.26·8| = 1.08 once the other directions have died out.
    expect(Math.abs(e[e.length - 1] / e[e.length - 2] - 1.08)).toBeLessThan(0.01 * 1.08);
    const stable = train2d("sgd", q, { w0: [3, -1, 2], lr: 0.24, steps: 2000 });
    expect(stable.diverged).toBe(false);
    expect(distance(stable.points[2000], q.wStar)).toBeLessThan(1e-10);
  });

  test("records w₀ and every iterate with its loss; momentum follows v ← αv − ηg, θ ← θ + v written by hand", () => {
    const run = train2d("momentum", valley, { lr: 0.05, momentum: 0.8, steps: 30 });
    expect(run.rule).toBe("momentum");
    expect(run.steps).toBe(30);
    // By hand: the valley is f = 0.1x² + 2y² from (−4, 1.5), ∇f = (0.2x, 4y).
    let [x, y] = [-4, 1.5];
    let vx = 0;
    let vy = 0;
    const points = [[x, y]];
    for (let t = 1; t <= 30; t++) {
      vx = 0.8 * vx - 0.05 * 0.2 * x;
      vy = 0.8 * vy - 0.05 * 4 * y;
      x += vx;
      y += vy;
      points.push([x, y]);
    }
    expect(run.points).toHaveLength(31);
    expect(run.points[0]).toEqual([-4, 1.5]);
    points.forEach(([px, py], t) => {
      expect(Math.abs(run.points[t][0] - px)).toBeLessThan(1e-12);
      expect(Math.abs(run.points[t][1] - py)).toBeLessThan(1e-12);
      expect(Math.abs(run.xs[t] - px)).toBeLessThan(1e-12);
      expect(Math.abs(run.ys[t] - py)).toBeLessThan(1e-12);
      expect(Math.abs(run.losses[t] - (0.1 * px * px + 2 * py * py))).toBeLessThan(1e-12);
    });
    expect(run.losses[0]).toBe(0.1 * 16 + 2 * 2.25);
  });

  test("nesterov records the lecture's θ, which follows the interim-update algorithm", () => {
    const run = train2d("nesterov", rosenbrock, { lr: 1e-3, momentum: 0.9, steps: 50 });
    let theta = [...rosenbrock.start];
    let v = [0, 0];
    for (let t = 1; t <= 50; t++) {
      const interim = [theta[0] + 0.9 * v[0], theta[1] + 0.9 * v[1]];
      const g = rosenbrock.grad(interim);
      v = [0.9 * v[0] - 1e-3 * g[0], 0.9 * v[1] - 1e-3 * g[1]];
      theta = [theta[0] + v[0], theta[1] + v[1]];
      expect(distance(run.points[t], theta)).toBeLessThan(1e-12);
    }
  });

  test("a learning-rate schedule gives η(t) to step t", () => {
    const lrs: number[] = [];
    const schedule = (t: number) => {
      lrs.push(t);
      return 0.1 / t;
    };
    const run = train2d("sgd", valley, { lr: schedule, steps: 5 });
    let [x, y] = valley.start;
    for (let t = 1; t <= 5; t++) {
      x -= (0.1 / t) * 0.2 * x;
      y -= (0.1 / t) * 4 * y;
    }
    expect(run.points[5][0]).toBeCloseTo(x, 14);
    expect(run.points[5][1]).toBeCloseTo(y, 14);
    expect(lrs).toEqual([1, 1, 2, 3, 4, 5]); // step 1's rate is also asked once to validate it
  });

  test("the demos behave as described: GD lingers at the saddle then escapes; Adam leaves the plateau, GD does not", () => {
    const s = train2d(sgd, saddle, { lr: 0.1, steps: 150 });
    // Near the saddle after 20 steps (x shrank by 0.8²⁰, y grew only by 1.1²⁰ from 0.01)...
    expect(distance(s.points[20], [0, 0])).toBeLessThan(0.1);
    // ...and at the minimum (0, 1) in the end.
    expect(distance(s.points[150], [0, 1])).toBeLessThan(1e-3);
    expect(s.losses[150]).toBeCloseTo(-0.25, 6);

    const gd: Trajectory = train2d("sgd", plateau, { lr: 0.1, steps: 200 });
    const adam: Trajectory = train2d("adam", plateau, { lr: 0.1, steps: 200 });
    expect(gd.losses[0]).toBeCloseTo(-Math.exp(-6.25), 15);
    expect(gd.losses[200]).toBeGreaterThan(-0.05); // still on the plateau, f ≈ 0
    expect(adam.losses[200]).toBeLessThan(-0.99); // in the well, f ≈ −1
  });

  test("tol stops once the gradient is small", () => {
    const run = train2d("sgd", valley, { lr: 0.4, steps: 10000, tol: 1e-6 });
    expect(run.converged).toBe(true);
    expect(run.steps).toBeLessThan(10000);
    const g = valley.grad(run.points[run.points.length - 1]);
    expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-6);
  });

  test("bad arguments are rejected with clear messages", () => {
    expect(() => train2d("sgd", valley, { momentum: 0.9 })).toThrow('train2d(sgd): unknown option "momentum"');
    expect(() => train2d("adma", valley)).toThrow('train2d: unknown optimizer "adma"');
    expect(() => train2d("sgd", valley, { w0: [1, 2, 3] })).toThrow("train2d: w0 must have 2 entries for valley");
    expect(() => train2d("sgd", valley, { lr: -1 })).toThrow("sgd: lr must be a finite number >= 0, got -1");
    expect(() => train2d("sgd", new Quadratic([[1]], [0]))).toThrow("train2d: give w0, the starting point (quadratic has no suggested start)");
    expect(() => train2d("sgd", {} as never)).toThrow("train2d: f must have value(w) and grad(w)");
  });
});
