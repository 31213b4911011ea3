import { Tensor } from "gradlab";

describe("elementwise functions against closed forms", () => {
  test("exp, log, sqrt, tanh at points with known values", () => {
    expect(Tensor.from([0, 1, -1]).exp().toArray()).toEqual([1, Math.E, 1 / Math.E]);
    const logs = Tensor.from([1, Math.E, 0.5, 0, -1]).log().data;
    expect(logs[0]).toBe(0);
    expect(logs[1]).toBeCloseTo(1, 15);
    expect(logs[2]).toBeCloseTo(-0.6931471805599453, 15); // −ln 2
    expect(logs[3]).toBe(-Infinity);
    expect(Number.isNaN(logs[4])).toBe(true); // as numpy
    expect(Tensor.from([[4, 0.25], [0, 2]]).sqrt().toArray()).toEqual([[2, 0.5], [0, Math.SQRT2]]);
    // tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 3/5
    const t = Tensor.from([0, Math.log(2), -Math.log(2), 40]).tanh().data;
    expect(t[0]).toBe(0);
    expect(t[1]).toBeCloseTo(0.6, 15);
    expect(t[2]).toBeCloseTo(-0.6, 15);
    expect(t[3]).toBe(1);
  });

  test("abs, sign, square, neg keep the shape", () => {
    const x = Tensor.from([[-2.5, 0], [3, -0.5]]);
    expect(x.abs().toArray()).toEqual([[2.5, 0], [3, 0.5]]);
    expect(x.sign().toArray()).toEqual([[-1, 0], [1, -1]]);
    expect(x.square().toArray()).toEqual([[6.25, 0], [9, 0.25]]);
    expect(x.neg().toArray()).toEqual([[2.5, -0], [-3, 0.5]]);
    expect(x.square().shape).toEqual([2, 2]);
    expect(Number.isNaN(Tensor.from([NaN]).sign().data[0])).toBe(true);
  });

  test("the derivative identities a bprop uses hold elementwise", () => {
    // tanh' = 1 − tanh², checked against a centred difference at a few points
    const x = Tensor.from([-1.5, -0.2, 0.3, 2]);
    const h = 1e-5;
    const fd = x.add(h).tanh().sub(x.sub(h).tanh()).div(2 * h);
    const closed = x.tanh().square().neg().add(1);
    fd.data.forEach((v, i) => expect(v).toBeCloseTo(closed.data[i], 9));
  });

  test("clip limits to [low, high]; Infinity leaves a side open; bad bounds are errors", () => {
    const x = Tensor.from([-3, -1, 0, 2, 5]);
    expect(x.clip(-1, 2).toArray()).toEqual([-1, -1, 0, 2, 2]);
    expect(x.clip(0, Infinity).toArray()).toEqual([0, 0, 0, 2, 5]);
    expect(x.clip(-Infinity, 0).toArray()).toEqual([-3, -1, 0, 0, 0]);
    expect(() => x.clip(2, 1)).toThrow("Tensor.clip: expected numbers low <= high, got low 2 and high 1");
    expect(() => x.clip(NaN, 1)).toThrow("Tensor.clip: expected numbers low <= high, got low NaN");
  });

  test("new tensors: the input is unchanged", () => {
    const x = Tensor.from([1, 4]);
    x.sqrt();
    x.exp();
    x.clip(0, 1);
    expect(x.toArray()).toEqual([1, 4]);
  });
});
