import {
  Linear,
  Optimizer,
  Param,
  Rng,
  Sequential,
  Tensor,
  createOptimizer,
  getRule,
  mse,
  ruleNames,
  sgd,
  stepDecaySchedule,
} from "gradlab";

/** A tiny regression problem: y = x·[1, −2, 0.5] + 0.3, 16 examples. */
function regressionData(): { x: Tensor; y: Tensor } {
  const rng = new Rng(7);
  const x = Tensor.randn([16, 3], rng);
  const y = Tensor.zeros([16, 1]);
  for (let n = 0; n < 16; n++) {
    y.data[n] = 1 * x.data[3 * n] - 2 * x.data[3 * n + 1] + 0.5 * x.data[3 * n + 2] + 0.3;
  }
  return { x, y };
}

function train(opt: Optimizer, layer: Linear, steps: number): number {
  const { x, y } = regressionData();
  let loss = Infinity;
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const result = mse(layer.fprop(x), y);
    loss = result.loss;
    layer.bprop(result.grad);
    opt.step();
  }
  return loss;
}

describe("Optimizer", () => {
  test.each([
    ["sgd", { lr: 0.1 }],
    ["momentum", { lr: 0.05 }],
    ["nesterov", { lr: 0.05 }],
    ["adam", { lr: 0.05 }],
    // RMSProp's fixed-rate steps jitter near the minimum; a step decay (lecture 001) settles them.
    ["rmsprop", { lr: stepDecaySchedule(0.02, 200, 0.1) }],
  ])("%s trains a Linear layer on a tiny regression problem to a small loss", (name, options) => {
    const layer = new Linear(3, 1, { rng: new Rng(1) });
    const opt = createOptimizer(name, layer.params(), options);
    const first = train(opt, layer, 1);
    const last = train(opt, layer, 400);
    expect(first).toBeGreaterThan(1); // the untrained layer is far off
    expect(last).toBeLessThan(1e-4);
    expect(opt.t).toBe(401);
    // The fit recovers the generating weights.
    expect(Math.abs(layer.W.value.data[1] - -2)).toBeLessThan(1e-2);
    expect(Math.abs(layer.b!.value.data[0] - 0.3)).toBeLessThan(1e-2);
  });

  test("state slots are named after the parameters, and hold the rule's state (Adam by hand)", () => {
    const net = new Sequential([new Linear(2, 1, { rng: new Rng(3) })]);
    const opt = new Optimizer(net.params(), "adam", { lr: 0.01 });
    const [W, b] = net.params();
    const W0 = Array.from(W.value.data);
    W.grad.data.set([1, -2]);
    b.grad.data.set([0.5]);
    opt.step();
    const state = opt.state();
    expect(Object.keys(state)).toEqual(["0.W/m", "0.W/v", "0.b/m", "0.b/v"]);
    // m = (1 − β1) g, v = (1 − β2) g²
    expect(Math.abs(state["0.W/m"][0] - 0.1)).toBeLessThan(1e-16);
    expect(Math.abs(state["0.W/m"][1] - -0.2)).toBeLessThan(1e-16);
    expect(Math.abs(state["0.W/v"][1] - 0.004)).toBeLessThan(1e-17);
    expect(Math.abs(state["0.b/m"][0] - 0.05)).toBeLessThan(1e-16);
    // Adam's first step moves each weight by lr against the gradient's sign.
    expect(Math.abs(W.value.data[0] - (W0[0] - 0.01))).toBeLessThan(1e-9);
    expect(Math.abs(W.value.data[1] - (W0[1] + 0.01))).toBeLessThan(1e-9);
  });

  test("parameters with the same name get distinct slots", () => {
    const a = new Linear(2, 2);
    const b = new Linear(2, 1);
    const opt = new Optimizer([...a.params(), ...b.params()], "momentum");
    expect(Object.keys(opt.state())).toEqual(["W/v", "b/v", "W#2/v", "b#2/v"]);
  });

  test("lr may be a schedule: step t uses η(t), and the lr getter gives the next step's rate", () => {
    const w = new Tensor(Float64Array.from([0]), [1]);
    const param: Param = { name: "w", value: w, grad: Tensor.ones([1]), regularize: true };
    const opt = new Optimizer([param], sgd, { lr: (t: number) => 1 / t });
    expect(opt.lr).toBe(1);
    opt.step(); // w = 0 − 1·1
    expect(opt.lr).toBe(0.5);
    opt.step(); // w = −1 − 0.5
    opt.step(); // w = −1.5 − 1/3
    expect(Math.abs(w.data[0] - -(1 + 0.5 + 1 / 3))).toBeLessThan(1e-15);
    expect(opt.hyperparameters.lr).toBe(1 / 3);
    const fixed = new Optimizer([param], "sgd", { lr: 0.2 });
    expect(fixed.lr).toBe(0.2);
  });

  test("zeroGrad sets every gradient to 0", () => {
    const layer = new Linear(2, 2);
    layer.W.grad.data.fill(3);
    layer.b!.grad.data.fill(-1);
    new Optimizer(layer.params(), "sgd").zeroGrad();
    expect(Array.from(layer.W.grad.data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(layer.b!.grad.data)).toEqual([0, 0]);
  });

  test("unknown names, unknown options and bad hyperparameters are clear errors", () => {
    const params = new Linear(2, 1).params();
    expect(() => createOptimizer("adma", params)).toThrow('createOptimizer: unknown optimizer "adma"; known optimizers are "sgd"');
    expect(() => new Optimizer(params, "sgdd")).toThrow('Optimizer: unknown optimizer "sgdd"');
    expect(() => new Optimizer(params, "adam", { betas1: 0.9 } as never)).toThrow(
      'Optimizer(adam): unknown option "betas1"; known options are "lr", "beta1", "beta2", "eps"',
    );
    expect(() => new Optimizer(params, "adam", { lr: -0.001 })).toThrow("Optimizer(adam): lr must be a finite number >= 0, got -0.001");
    expect(() => new Optimizer(params, "adam", { beta1: 1 })).toThrow("adam: beta1 must be a finite number >= 0 and < 1, got 1");
    expect(() => new Optimizer(params, "momentum", { form: "torch" } as never)).toThrow(
      'momentum: form must be "lecture" or "pytorch", got "torch"',
    );
    expect(() => new Optimizer([], "sgd")).toThrow("Optimizer(sgd): the list of params is empty");
    expect(() => new Optimizer([params[0], params[0]], "sgd")).toThrow(
      'Optimizer(sgd): params[1] ("W") is the same Param as params[0]; it would be updated twice per step',
    );
    // A schedule is checked on every step: here it goes negative at step 3.
    const bad = new Optimizer(params, "sgd", { lr: (t: number) => (t < 3 ? 0.1 : -0.1) });
    bad.step();
    bad.step();
    expect(() => bad.step()).toThrow(
      "Optimizer(sgd): the learning-rate schedule returned -0.1 at step 3; expected a finite number >= 0",
    );
    expect(bad.t).toBe(2);
    expect(() => new Optimizer(params, "sgd", { lr: () => NaN })).toThrow("the learning-rate schedule returned NaN at step 1");
  });

  test("a warmed-up step allocates no Float64Array, for every registered rule", () => {
    const Original = globalThis.Float64Array;
    for (const name of ruleNames) {
      const net = new Sequential([new Linear(4, 3, { rng: new Rng(5) }), new Linear(3, 2, { rng: new Rng(6) })]);
      const opt = new Optimizer(net.params(), getRule(name), { lr: 0.01 });
      for (const p of net.params()) p.grad.data.fill(0.1);
      opt.step(); // warm-up
      let created = 0;
      globalThis.Float64Array = new Proxy(Original, {
        construct(target, args) {
          created++;
          return Reflect.construct(target, args);
        },
      });
      try {
        for (let i = 0; i < 3; i++) opt.step();
      } finally {
        globalThis.Float64Array = Original;
      }
      expect({ name, created }).toEqual({ name, created: 0 });
    }
    // The probe itself works: it sees an allocation.
    let seen = 0;
    globalThis.Float64Array = new Proxy(Original, {
      construct(target, args) {
        seen++;
        return Reflect.construct(target, args);
      },
    });
    try {
      Tensor.zeros([2]);
    } finally {
      globalThis.Float64Array = Original;
    }
    expect(seen).toBe(1);
  });
});
