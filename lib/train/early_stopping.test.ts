import { ClassificationData, EarlyStopping, Tensor } from "gradlab";

const val: ClassificationData = { x: Tensor.zeros([2, 1]), y: Int32Array.from([0, 1]), classes: 2 };

/** Feeds the values epoch by epoch; returns which epochs were a new best. */
function improvements(stopper: EarlyStopping, values: number[]): boolean[] {
  return values.map((v, i) => stopper.update(i + 1, v));
}

describe("EarlyStopping", () => {
  test("minDelta on a loss: an epoch counts only if it is below best − minDelta (hand-worked)", () => {
    const s = new EarlyStopping({ minDelta: 0.1, patience: 10 }, val, "test");
    // best 1.0; 0.95 is not < 0.9; 0.85 is (best 0.85); 0.76 is not < 0.75; 0.70 is.
    expect(improvements(s, [1.0, 0.95, 0.85, 0.76, 0.7])).toEqual([true, false, true, false, true]);
    expect([s.bestEpoch, s.bestValue, s.wait]).toEqual([5, 0.7, 0]);
    // Exactly minDelta better is not "more than minDelta" (steps of 0.25 are exact in binary).
    const exact = new EarlyStopping({ minDelta: 0.25, patience: 10 }, val, "test");
    expect(improvements(exact, [1, 0.75, 0.5])).toEqual([true, false, true]);
  });

  test("minDelta on an accuracy: an epoch counts only if it is above best + minDelta", () => {
    const s = new EarlyStopping({ monitor: "valAccuracy", minDelta: 0.02, patience: 10 }, val, "test");
    expect(improvements(s, [0.5, 0.51, 0.53, 0.545, 0.56])).toEqual([true, false, true, false, true]);
    expect([s.bestEpoch, s.bestValue]).toEqual([5, 0.56]);
  });

  test("without minDelta any improvement counts; shouldStop after patience epochs without one", () => {
    const s = new EarlyStopping({ patience: 2 }, val, "test");
    expect(improvements(s, [1, 0.999, 0.999])).toEqual([true, true, false]);
    expect(s.shouldStop).toBe(false);
    s.update(4, 1.5);
    expect([s.wait, s.shouldStop]).toEqual([2, true]);
  });

  test("a minDelta larger than the gains per epoch makes them stalls, so training stops", () => {
    const losses = [1, 0.98, 0.96, 0.94];
    const patient = new EarlyStopping({ patience: 3 }, val, "test");
    const strict = new EarlyStopping({ patience: 3, minDelta: 0.07 }, val, "test");
    expect(improvements(patient, losses)).toEqual([true, true, true, true]);
    expect([patient.shouldStop, patient.bestEpoch]).toEqual([false, 4]);
    // 0.98, 0.96 and 0.94 are all above 1 − 0.07 = 0.93: three epochs without improvement.
    expect(improvements(strict, losses)).toEqual([true, false, false, false]);
    expect([strict.shouldStop, strict.bestEpoch, strict.wait]).toEqual([true, 1, 3]);
  });

  test("minDelta must be ≥ 0", () => {
    expect(() => new EarlyStopping({ minDelta: -0.1 }, val, "fit")).toThrow("fit: earlyStopping: minDelta must be a finite number >= 0, got -0.1");
  });
});
