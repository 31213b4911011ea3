import {
  Linear,
  Param,
  Rng,
  Tensor,
  addL1Grad,
  addL2Grad,
  getRegularizer,
  l1Penalty,
  l2Penalty,
  numericalGradient,
  regularizers,
  relError,
} from "gradlab";

/** A Linear(2, 3) with W = [[1, −2], [3, 0], [−0.5, 4]], b = [10, −20, 30] set by hand. */
function tinyLayer(): Linear {
  const layer = new Linear(2, 3);
  layer.W.value.data.set([1, -2, 3, 0, -0.5, 4]);
  layer.b!.value.data.set([10, -20, 30]);
  return layer;
}

describe("L2 regularization", () => {
  test("penalty is λ Σ‖W‖_F² over weights only (hand-worked)", () => {
    // Σ W² = 1 + 4 + 9 + 0 + 0.25 + 16 = 30.25; the bias (Σ b² = 1400) does not count.
    expect(l2Penalty(tinyLayer().params(), 0.1)).toBeCloseTo(3.025, 14);
    expect(l2Penalty(tinyLayer().params(), 0)).toBe(0);
  });

  test("sums over layers: Ω = Σ_k ‖W⁽ᵏ⁾‖_F²", () => {
    const second = new Linear(1, 1);
    second.W.value.data.set([3]);
    expect(l2Penalty([...tinyLayer().params(), ...second.params()], 1)).toBeCloseTo(30.25 + 9, 13);
  });

  test("addL2Grad adds 2λW to W.grad and leaves the bias gradient alone", () => {
    const layer = tinyLayer();
    layer.W.grad.data.fill(1); // an existing data-loss gradient: the penalty must add to it
    layer.b!.grad.data.set([7, 8, 9]);
    addL2Grad(layer.params(), 0.5);
    expect(layer.W.grad.toArray()).toEqual([[2, -1], [4, 1], [0.5, 5]]); // 1 + W
    expect(layer.b!.grad.toArray()).toEqual([7, 8, 9]);
    expect(layer.W.value.toArray()).toEqual([[1, -2], [3, 0], [-0.5, 4]]);
  });

  test("gradient matches centred finite differences of the penalty", () => {
    const rng = new Rng(1);
    const layer = new Linear(4, 3, { rng });
    layer.b!.value.data.set([0.3, -0.2, 0.5]);
    const params = layer.params();
    addL2Grad(params, 0.3);
    for (const p of params) {
      const numeric = numericalGradient(() => l2Penalty(params, 0.3), p.value);
      expect(relError(p.grad, numeric)).toBeLessThan(1e-7);
    }
    expect(layer.b!.grad.toArray()).toEqual([0, 0, 0]);
  });
});

describe("L1 regularization", () => {
  test("penalty is λ Σ|W| over weights only (hand-worked)", () => {
    // Σ|W| = 1 + 2 + 3 + 0 + 0.5 + 4 = 10.5
    expect(l1Penalty(tinyLayer().params(), 0.1)).toBeCloseTo(1.05, 14);
  });

  test("addL1Grad adds λ sign(W), with sign(0) = 0, and leaves the bias gradient alone", () => {
    const layer = tinyLayer();
    layer.W.grad.data.fill(1);
    addL1Grad(layer.params(), 0.25);
    expect(layer.W.grad.toArray()).toEqual([[1.25, 0.75], [1.25, 1], [0.75, 1.25]]);
    expect(layer.b!.grad.toArray()).toEqual([0, 0, 0]);
  });

  test("gradient matches centred finite differences of the penalty (weights away from 0)", () => {
    const rng = new Rng(2);
    const layer = new Linear(5, 4, { rng });
    const params = layer.params();
    // |w| is not differentiable at 0; the differences of step 1e-5 must not cross it.
    for (const w of layer.W.value.data) expect(Math.abs(w)).toBeGreaterThan(1e-3);
    addL1Grad(params, 0.7);
    for (const p of params) {
      const numeric = numericalGradient(() => l1Penalty(params, 0.7), p.value);
      expect(relError(p.grad, numeric)).toBeLessThan(1e-7);
    }
  });
});

describe("regularizer registry and bad arguments", () => {
  test("by name: the same penalty and gradient as the functions", () => {
    const a = tinyLayer();
    const l2 = getRegularizer("l2");
    expect(l2.name).toBe("l2");
    expect(l2.penalty(a.params(), 0.1)).toBeCloseTo(3.025, 14);
    const l1 = regularizers.l1;
    l1.addGrad(a.params(), 1);
    expect(a.W.grad.toArray()).toEqual([[1, -1], [1, 0], [-1, 1]]);
    const custom = { name: "none", penalty: () => 0, addGrad: () => undefined };
    expect(getRegularizer(custom)).toBe(custom);
  });

  test("unknown names are rejected with the known ones", () => {
    expect(() => getRegularizer("l3")).toThrow('getRegularizer: unknown regularizer "l3"; known: "l1", "l2"');
    expect(() => getRegularizer("toString", "Trainer")).toThrow('Trainer: unknown regularizer "toString"');
  });

  test("λ must be a finite number ≥ 0", () => {
    const params = tinyLayer().params();
    expect(() => l2Penalty(params, -0.1)).toThrow("l2Penalty: lambda must be a finite number >= 0, got -0.1");
    expect(() => addL2Grad(params, NaN)).toThrow("addL2Grad: lambda must be a finite number >= 0, got NaN");
    expect(() => l1Penalty(params, Infinity)).toThrow("l1Penalty: lambda must be a finite number >= 0, got Infinity");
    expect(() => addL1Grad(params, "0.1" as never)).toThrow("addL1Grad: lambda must be a finite number >= 0, got 0.1");
  });

  test("params must be a list of Param with matching grad shapes", () => {
    const layer = tinyLayer();
    expect(() => l2Penalty(layer as never, 0.1)).toThrow("l2Penalty: params must be an array of Param, as module.params() returns");
    const broken: Param = { name: "W", value: Tensor.zeros([2, 2]), grad: Tensor.zeros([4]), regularize: true };
    expect(() => addL2Grad([broken], 0.1)).toThrow('addL2Grad: param "W": value has shape [2, 2] but grad has shape [4]');
  });
});
