import {
  constantSchedule,
  exponentialSchedule,
  inverseTimeSchedule,
  piecewiseSchedule,
  powerSchedule,
  schedules,
  stepDecaySchedule,
  withWarmup,
} from "gradlab";

function close(a: number, b: number, tol = 1e-15): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);
}

describe("learning-rate schedules", () => {
  test("constant: η(t) = η", () => {
    const s = constantSchedule(0.1);
    expect([1, 2, 1000].map(s)).toEqual([0.1, 0.1, 0.1]);
  });

  test("piecewise: η_i for t_i ≤ t < t_{i+1}", () => {
    const s = piecewiseSchedule([10, 20], [0.1, 0.01, 0.001]);
    expect([1, 9, 10, 19, 20, 500].map(s)).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
  });

  test("step decay: η·γ^⌊(t − 1)/stepSize⌋", () => {
    const s = stepDecaySchedule(0.1, 3, 0.5);
    expect([1, 3, 4, 6, 7].map(s)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(stepDecaySchedule(1, 2)(3)).toBe(0.1); // γ defaults to 0.1
  });

  test("exponential: η₀e^(−λt)", () => {
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

  test("linear warm-up: (t/W)·η(t) for t ≤ W, then η(t)", () => {
    const s = withWarmup(constantSchedule(0.1), 4);
    [0.025, 0.05, 0.075, 0.1, 0.1, 0.1].forEach((expected, i) => close(s(i + 1), expected, 2e-17));
    // The wrapped schedule keeps its own clock: at t = 2 of a 1/t schedule, (2/4)·(1/2).
    const decayed = withWarmup(powerSchedule(1, 1), 4);
    close(decayed(2), 0.25);
    close(decayed(8), 0.125);
  });

  test("the short names are the same factories", () => {
    expect(schedules.power).toBe(powerSchedule);
    expect(schedules.withWarmup).toBe(withWarmup);
  });

  test("bad arguments are clear errors", () => {
    expect(() => constantSchedule(-0.1)).toThrow("constantSchedule: lr must be a finite number > 0, got -0.1");
    expect(() => powerSchedule(0.1, 0.5)).toThrow("powerSchedule: delta must be a finite number > 0.5 and <= 1, got 0.5");
    expect(() => powerSchedule(0.1, 1.5)).toThrow("powerSchedule: delta must be a finite number > 0.5 and <= 1, got 1.5");
    expect(() => piecewiseSchedule([10], [0.1])).toThrow(
      "piecewiseSchedule: expected k boundaries and k + 1 values, e.g. piecewiseSchedule([100, 200], [0.1, 0.01, 0.001]); got 1 boundaries and 1 values",
    );
    expect(() => piecewiseSchedule([20, 10], [0.1, 0.01, 0.001])).toThrow(
      "piecewiseSchedule: boundaries[1] must be an integer >= 21, got 10",
    );
    expect(() => stepDecaySchedule(0.1, 0)).toThrow("stepDecaySchedule: stepSize must be an integer >= 1, got 0");
    expect(() => stepDecaySchedule(0.1, 5, 1.5)).toThrow("stepDecaySchedule: gamma must be a finite number > 0 and <= 1, got 1.5");
    expect(() => withWarmup(constantSchedule(0.1), 0)).toThrow("withWarmup: warmupSteps must be an integer >= 1, got 0");
    expect(() => withWarmup(0.1 as never, 5)).toThrow("withWarmup: schedule must be a function (t) => η");
    expect(() => constantSchedule(0.1)(0)).toThrow("constantSchedule: t must be a 1-based step number (1, 2, ...), got 0");
    expect(() => inverseTimeSchedule(0.1, 1)(1.5)).toThrow("inverseTimeSchedule: t must be a 1-based step number");
  });
});
