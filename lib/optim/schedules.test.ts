import {
  Optimizer,
  Param,
  Tensor,
  constantSchedule,
  exponentialSchedule,
  inverseTimeSchedule,
  linearDecaySchedule,
  piecewiseSchedule,
  powerSchedule,
  schedules,
  stepDecaySchedule,
  withWarmup,
  zeroBased,
} from "gradlab";

function close(a: number, b: number, tol = 1e-15): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);
}

function closeAll(actual: number[], expected: number[], tol = 1e-15): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => close(a, expected[i], tol));
}

const steps = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe("learning-rate schedules: the formula at the update number t = 1, 2, ...", () => {
  test("constant: η(t) = η", () => {
    const s = constantSchedule(0.1);
    expect([1, 2, 1000].map(s)).toEqual([0.1, 0.1, 0.1]);
  });

  test("piecewise: η_i for t_i ≤ t < t_{i+1}", () => {
    const s = piecewiseSchedule([10, 20], [0.1, 0.01, 0.001]);
    expect([1, 9, 10, 19, 20, 500].map(s)).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
  });

  test("step decay: η·γ^⌊t/stepSize⌋, the piecewise schedule with boundaries s, 2s, ...", () => {
    const s = stepDecaySchedule(0.1, 3, 0.5);
    expect(steps(7).map(s)).toEqual([0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]);
    const piecewise = piecewiseSchedule([3, 6, 9], [0.1, 0.05, 0.025, 0.0125]);
    expect(steps(10).map(s)).toEqual(steps(10).map(piecewise));
    expect(stepDecaySchedule(1, 2)(2)).toBe(0.1); // γ defaults to 0.1
  });

  test("exponential: η₀e^(−λt), so step 1 already uses η₀e^(−λ)", () => {
    const s = exponentialSchedule(1, Math.LN2); // e^(−t ln 2) = 2^(−t)
    close(s(1), 0.5);
    close(s(3), 0.125);
    expect(exponentialSchedule(0.3, 0)(50)).toBe(0.3);
  });

  test("inverse time: η/(1 + δt)", () => {
    const s = inverseTimeSchedule(0.3, 0.5);
    close(s(4), 0.1); // 0.3 / 3
    close(s(1), 0.2); // 0.3 / 1.5
  });

  test("power: η/t^δ with 0.5 < δ ≤ 1", () => {
    close(powerSchedule(1, 1)(4), 0.25);
    close(powerSchedule(1, 0.75)(16), 0.125); // 16^0.75 = 8
  });

  test("linear decay (Goodfellow et al. §8.3.1): (1 − t/τ)η₀ + (t/τ)η_τ up to τ, then η_τ", () => {
    const s = linearDecaySchedule(0.1, 0.001, 100);
    // t = 1: 0.99·0.1 + 0.01·0.001; t = 50: the midpoint; from τ = 100 on: η_τ.
    closeAll([1, 50, 99, 100, 101, 5000].map(s), [0.09901, 0.0505, 0.00199, 0.001, 0.001, 0.001], 2e-17);
    expect(linearDecaySchedule(0.1, 0.001, 100)(100)).toBe(0.001);
    expect(linearDecaySchedule(0.5, 0, 2)(1)).toBe(0.25); // decay to 0 is allowed
  });

  test("linear warm-up: (t/W)·η(t) for t ≤ W, then η(t)", () => {
    const s = withWarmup(constantSchedule(0.1), 4);
    [0.025, 0.05, 0.075, 0.1, 0.1, 0.1].forEach((expected, i) => close(s(i + 1), expected, 2e-17));
    // The wrapped schedule keeps its own clock: at t = 2 of a 1/t schedule, (2/4)·(1/2).
    const decayed = withWarmup(powerSchedule(1, 1), 4);
    close(decayed(2), 0.25);
    close(decayed(8), 0.125);
  });

  test("the Optimizer's first step uses η(1): SGD on a constant gradient 1 moves by η(1) + η(2) + η(3)", () => {
    const w = Tensor.zeros([1]);
    const param: Param = { name: "w", value: w, grad: Tensor.ones([1]), regularize: true };
    const opt = new Optimizer([param], "sgd", { lr: stepDecaySchedule(1, 2, 0.5) });
    for (let k = 0; k < 3; k++) opt.step();
    expect(w.data[0]).toBe(-(1 + 0.5 + 0.5));
  });
});

describe("zeroBased: PyTorch's numbering, the formula at t − 1", () => {
  test("StepLR(step_size=3, gamma=0.5): the first 3 updates at η, then γη for 3, ...", () => {
    closeAll(steps(7).map(zeroBased(stepDecaySchedule(0.1, 3, 0.5))), [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
  });

  test("ExponentialLR(gamma=γ): η₀, η₀γ, η₀γ², ... with γ = e^(−λ)", () => {
    closeAll(steps(4).map(zeroBased(exponentialSchedule(0.8, Math.LN2))), [0.8, 0.4, 0.2, 0.1]);
  });

  test("MultiStepLR(milestones=[2, 4], gamma=0.1): updates 1–2 at η, 3–4 at 0.1η, then 0.01η", () => {
    expect(steps(5).map(zeroBased(piecewiseSchedule([2, 4], [1, 0.1, 0.01])))).toEqual([1, 1, 0.1, 0.1, 0.01]);
  });

  test("LinearLR(start_factor=1, end_factor=0.01, total_iters=4): η(1 + (0.01 − 1)·min(k, 4)/4)", () => {
    closeAll(steps(6).map(zeroBased(linearDecaySchedule(1, 0.01, 4))), [1, 0.7525, 0.505, 0.2575, 0.01, 0.01]);
  });

  test("inverse time starts at η itself", () => {
    closeAll(steps(3).map(zeroBased(inverseTimeSchedule(0.3, 0.5))), [0.3, 0.2, 0.15]);
  });

  test("the power schedule is undefined at t = 0, so it refuses to be wrapped", () => {
    expect(() => zeroBased(powerSchedule(1, 0.75))(1)).toThrow(
      "powerSchedule: η/t^δ is undefined at t = 0; it counts updates from 1, so do not wrap it in zeroBased",
    );
    expect(() => zeroBased(constantSchedule(0.1))(0)).toThrow("zeroBased: t must be a step number 1, 2, ... (the t-th update), got 0");
    expect(() => zeroBased(0.1 as never)).toThrow("zeroBased: schedule must be a function (t) => η");
  });
});

describe("schedules: names and errors", () => {
  test("the short names are the same factories", () => {
    expect(schedules.power).toBe(powerSchedule);
    expect(schedules.linearDecay).toBe(linearDecaySchedule);
    expect(schedules.withWarmup).toBe(withWarmup);
    expect(schedules.zeroBased).toBe(zeroBased);
  });

  test("the power schedule's δ outside (0.5, 1] names the Robbins–Monro conditions it protects", () => {
    for (const delta of [0.5, 1.5, NaN]) {
      expect(() => powerSchedule(0.1, delta)).toThrow(
        `powerSchedule: delta must be a number with 0.5 < delta <= 1, got ${delta}: the Robbins–Monro conditions under which SGD converges need Σ η_t = ∞ (delta <= 1) and Σ η_t² < ∞ (delta > 0.5)`,
      );
    }
    expect(() => powerSchedule(0.1, 1)).not.toThrow();
  });

  test("bad arguments are clear errors", () => {
    expect(() => constantSchedule(-0.1)).toThrow("constantSchedule: lr must be a finite number > 0, got -0.1");
    expect(() => piecewiseSchedule([10], [0.1])).toThrow(
      "piecewiseSchedule: expected k boundaries and k + 1 values, e.g. piecewiseSchedule([100, 200], [0.1, 0.01, 0.001]); got 1 boundaries and 1 values",
    );
    expect(() => piecewiseSchedule([20, 10], [0.1, 0.01, 0.001])).toThrow(
      "piecewiseSchedule: boundaries[1] must be an integer >= 21, got 10",
    );
    expect(() => piecewiseSchedule([0], [0.1, 0.01])).toThrow("piecewiseSchedule: boundaries[0] must be an integer >= 1, got 0");
    expect(() => stepDecaySchedule(0.1, 0)).toThrow("stepDecaySchedule: stepSize must be an integer >= 1, got 0");
    expect(() => stepDecaySchedule(0.1, 5, 1.5)).toThrow("stepDecaySchedule: gamma must be a finite number > 0 and <= 1, got 1.5");
    expect(() => linearDecaySchedule(0.1, -0.01, 10)).toThrow("linearDecaySchedule: lrTau must be a finite number >= 0, got -0.01");
    expect(() => linearDecaySchedule(0.1, 0.001, 0)).toThrow("linearDecaySchedule: tau must be an integer >= 1, got 0");
    expect(() => withWarmup(constantSchedule(0.1), 0)).toThrow("withWarmup: warmupSteps must be an integer >= 1, got 0");
    expect(() => withWarmup(0.1 as never, 5)).toThrow("withWarmup: schedule must be a function (t) => η");
    expect(() => constantSchedule(0.1)(-1)).toThrow(
      "constantSchedule: t must be a step number 1, 2, ... (the t-th update; 0 only through zeroBased), got -1",
    );
    expect(() => inverseTimeSchedule(0.1, 1)(1.5)).toThrow("inverseTimeSchedule: t must be a step number");
  });
});
