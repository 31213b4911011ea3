import { Linear, Param, ParameterEMA, Tensor } from "gradlab";

function param(name: string, values: number[]): Param {
  return { name, value: new Tensor(Float64Array.from(values), [values.length]), grad: Tensor.zeros([values.length]), regularize: true };
}

describe("ParameterEMA", () => {
  test("θ'_t = γθ'_{t−1} + (1 − γ)θ_t by hand, starting from the initial weights", () => {
    const w = param("w", [0, 10]);
    const ema = new ParameterEMA([w], { decay: 0.5 });
    expect(Array.from(ema.average("w"))).toEqual([0, 10]); // θ'_0 = θ_0
    w.value.data.set([2, 2]);
    ema.update(); // 0.5·[0, 10] + 0.5·[2, 2] = [1, 6]
    expect(Array.from(ema.average("w"))).toEqual([1, 6]);
    w.value.data.set([4, 0]);
    ema.update(); // 0.5·[1, 6] + 0.5·[4, 0] = [2.5, 3]
    expect(Array.from(ema.average("w"))).toEqual([2.5, 3]);
    expect(ema.updates).toBe(2);
  });

  test("γ = 0.9 over three steps by hand", () => {
    const w = param("w", [1]);
    const ema = new ParameterEMA([w], { decay: 0.9 });
    for (const v of [2, 3, 4]) {
      w.value.data[0] = v;
      ema.update();
    }
    // 1 → 0.9 + 0.2 = 1.1 → 0.99 + 0.3 = 1.29 → 1.161 + 0.4 = 1.561
    expect(Math.abs(ema.average("w")[0] - 1.561)).toBeLessThan(1e-15);
  });

  test("swapIn puts the average in the parameters, swapOut restores the trained weights", () => {
    const w = param("w", [0, 10]);
    const ema = new ParameterEMA([w], { decay: 0.5 });
    w.value.data.set([4, 0]);
    ema.update(); // average [2, 5]
    ema.swapIn();
    expect(ema.swappedIn).toBe(true);
    expect(Array.from(w.value.data)).toEqual([2, 5]);
    expect(Array.from(ema.average("w"))).toEqual([2, 5]);
    expect(() => ema.update()).toThrow("ParameterEMA.update: the averaged weights are swapped in; call swapOut() first");
    expect(() => ema.swapIn()).toThrow("already swapped in");
    ema.swapOut();
    expect(Array.from(w.value.data)).toEqual([4, 0]);
    expect(() => ema.swapOut()).toThrow("ParameterEMA.swapOut: nothing to restore; call swapIn() first");
  });

  test("copyTo writes the average into another model's parameters", () => {
    const trained = new Linear(2, 1);
    trained.W.value.data.set([1, 1]);
    trained.b!.value.data.set([0]);
    const ema = new ParameterEMA(trained.params(), { decay: 0.75 });
    trained.W.value.data.set([5, -3]);
    trained.b!.value.data.set([4]);
    ema.update(); // 0.75·[1, 1, 0] + 0.25·[5, −3, 4] = [2, 0, 1]
    const evalCopy = new Linear(2, 1);
    ema.copyTo(evalCopy.params());
    expect(Array.from(evalCopy.W.value.data)).toEqual([2, 0]);
    expect(Array.from(evalCopy.b!.value.data)).toEqual([1]);
    expect(Array.from(trained.W.value.data)).toEqual([5, -3]); // untouched
    expect(() => ema.copyTo(new Linear(3, 1).params())).toThrow(
      'ParameterEMA.copyTo: param 0 ("W"): target has shape [1, 3] but source has shape [1, 2]; they must be equal',
    );
  });

  test("bad options are rejected", () => {
    const w = param("w", [1]);
    expect(() => new ParameterEMA([w], { decay: 1 })).toThrow("ParameterEMA: decay must be a finite number >= 0 and < 1, got 1");
    expect(() => new ParameterEMA([w], { gamma: 0.9 } as never)).toThrow('ParameterEMA: unknown option "gamma"; known options are "decay"');
    expect(() => new ParameterEMA([], { decay: 0.9 })).toThrow("ParameterEMA: params must be a non-empty array of Param");
    expect(() => new ParameterEMA([w]).average("W")).toThrow('ParameterEMA.average: no parameter named "W"; known: "w"');
  });
});
