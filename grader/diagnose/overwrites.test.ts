import { Rng, Tensor } from "gradlab";
import { diagnoseOverwrites } from "./overwrites";

describe("diagnoseOverwrites", () => {
  const rng = new Rng(17);
  const F = Tensor.randn([3, 2], rng);
  const g = Tensor.randn([3, 2], rng);

  it("finds a grad that holds g alone: overwritten", () => {
    const d = diagnoseOverwrites("W.grad", F, g.clone(), g, 1e-7);
    expect(d?.id).toBe("overwrites-grad");
    expect(d?.evidence.relErrorAgainstGradient).toBe(0);
    expect(d?.evidence.relErrorAgainstAccumulated as number).toBeGreaterThan(0.01);
    expect(d?.message).toMatch(/^W\.grad was overwritten: /);
  });

  it("finds a grad that still holds F: untouched", () => {
    const d = diagnoseOverwrites("W.grad", F, F.clone(), g, 1e-7);
    expect(d?.id).toBe("grad-untouched");
    expect(d?.evidence.relErrorAgainstBefore).toBe(0);
  });

  it("says nothing when the grad accumulated, or when neither explanation fits", () => {
    expect(diagnoseOverwrites("W.grad", F, F.add(g), g, 1e-7)).toBeNull();
    // F + 2g: accumulated twice, neither overwritten nor untouched.
    expect(diagnoseOverwrites("W.grad", F, F.add(g.mul(2)), g, 1e-7)).toBeNull();
    expect(diagnoseOverwrites("W.grad", F, g.reshape([2, 3]), g, 1e-7)).toBeNull();
  });

  it("does not call a grad overwritten when the fill was zero: then g is the accumulated value", () => {
    expect(diagnoseOverwrites("W.grad", Tensor.zeros([3, 2]), g.clone(), g, 1e-7)).toBeNull();
  });

  it("does not call a zero gradient untouched: then before and before + g are the same", () => {
    const zero = Tensor.zeros([3, 2]);
    expect(diagnoseOverwrites("W.grad", F, F.clone(), zero, 1e-7)).toBeNull();
  });

  it("refuses a fill and a gradient of different shapes (a mistake of the test)", () => {
    expect(() => diagnoseOverwrites("W.grad", F, F, Tensor.zeros([2, 3]), 1e-7)).toThrow(/the fill has shape \[3, 2\]/);
  });
});
