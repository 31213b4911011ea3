import { Optimizer, Tensor, makeParam, momentum, tensorRule } from "gradlab";

// Heavy ball in the lectures' form, written on tensors: v ← αv − ηg, w ← w + v.
const momentumStep = (w: Tensor, g: Tensor, state: { v: Tensor } | null, hp: { lr: number; momentum: number }) => {
  const v = (state?.v ?? Tensor.zerosLike(w)).mul(hp.momentum).sub(g.mul(hp.lr));
  return { w: w.add(v), state: { v } };
};

describe("tensorRule", () => {
  test("drives an Optimizer step by step, state carried, against a hand-worked momentum", () => {
    const p = makeParam("W", Tensor.from([[1, -2]]), true);
    const opt = new Optimizer([p], tensorRule("mine", momentumStep, { lr: 0.1, momentum: 0.5 }));
    p.grad.data.set([2, 4]);
    opt.step(); // v = −0.1·g = (−0.2, −0.4); w = (0.8, −2.4)
    expect(Array.from(p.value.data)).toEqual([0.8, -2.4]);
    p.grad.data.set([1, 1]);
    opt.step(); // v = 0.5·(−0.2, −0.4) − 0.1·(1, 1) = (−0.2, −0.3); w = (0.6, −2.7)
    expect(p.value.data[0]).toBeCloseTo(0.6, 15);
    expect(p.value.data[1]).toBeCloseTo(-2.7, 15);
  });

  test("agrees with the library's momentum rule over many steps", () => {
    const a = makeParam("W", Tensor.from([[0.3, -1.2, 2]]), true);
    const b = makeParam("W", Tensor.from([[0.3, -1.2, 2]]), true);
    const mine = new Optimizer([a], tensorRule("mine", momentumStep, { lr: 0.05, momentum: 0.9 }));
    const lib = new Optimizer([b], momentum, { lr: 0.05, momentum: 0.9 });
    for (let k = 0; k < 50; k++) {
      for (const p of [a, b]) p.grad.data.set(p.value.data.map((w) => 2 * w - 1)); // ∇ of Σ (w² − w)
      mine.step();
      lib.step();
    }
    for (let i = 0; i < 3; i++) expect(a.value.data[i]).toBeCloseTo(b.value.data[i], 12);
  });

  test("a rule returning something else is an error naming the rule", () => {
    const bad = tensorRule("broken", (() => ({ w: 3, state: null })) as never, { lr: 0.1 });
    const p = makeParam("W", Tensor.zeros([2]), true);
    expect(() => new Optimizer([p], bad).step()).toThrow("broken: the rule must return { w, state } with w a Tensor of 2 values, got number");
  });
});
