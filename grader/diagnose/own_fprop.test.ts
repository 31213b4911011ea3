import { Rng, Tensor } from "gradlab";
import { diagnoseInconsistentWithOwnFprop, diagnoseOwnFprop, fdFromSweep } from "./own_fprop";

/** What the runner's sweep returns for fprop at x: for each k, fprop(x + h·eₖ) then fprop(x − h·eₖ), flattened. */
function sweep(fprop: (x: Float64Array) => Float64Array, x: Float64Array, h: number): { outputs: Float64Array; size: number } {
  const rows: Float64Array[] = [];
  for (let k = 0; k < x.length; k++) {
    for (const sign of [1, -1]) {
      const xk = Float64Array.from(x);
      xk[k] += sign * h;
      rows.push(fprop(xk));
    }
  }
  const size = rows[0].length;
  const outputs = new Float64Array(rows.length * size);
  rows.forEach((r, i) => outputs.set(r, i * size));
  return { outputs, size };
}

describe("fdFromSweep", () => {
  it("gives 2·xₖ·dyₖ for y = x² (exact up to round-off: the centred difference of a quadratic has no truncation error)", () => {
    const x = Float64Array.of(0.5, -1.25, 2);
    const dy = Float64Array.of(1, -2, 0.5);
    const { outputs, size } = sweep((v) => v.map((t) => t * t), x, 1e-4);
    const fd = fdFromSweep(outputs, size, dy, 1e-4);
    const expected = [2 * 0.5 * 1, 2 * -1.25 * -2, 2 * 2 * 0.5];
    fd.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 9));
  });

  it("gives Wᵀdy for y = Wx, whose output has another size than x", () => {
    const W = [[1, 2, 3], [-1, 0.5, 4]]; // [2, 3]
    const fprop = (v: Float64Array) => Float64Array.from(W.map((row) => row.reduce((s, w, j) => s + w * v[j], 0)));
    const dy = Float64Array.of(0.3, -2);
    const { outputs, size } = sweep(fprop, Float64Array.of(0.1, 0.2, 0.3), 1e-5);
    expect(size).toBe(2);
    const fd = fdFromSweep(outputs, size, dy, 1e-5);
    [1 * 0.3 + -1 * -2, 2 * 0.3 + 0.5 * -2, 3 * 0.3 + 4 * -2].forEach((v, k) => expect(fd[k]).toBeCloseTo(v, 8));
  });

  it("refuses outputs that are not whole pairs, a dy of another size, and a bad h", () => {
    expect(() => fdFromSweep(new Float64Array(5), 2, new Float64Array(2), 1e-5)).toThrow(/multiple of 4/);
    expect(() => fdFromSweep(new Float64Array(4), 2, new Float64Array(3), 1e-5)).toThrow(/dy has 3 values/);
    expect(() => fdFromSweep(new Float64Array(4), 2, new Float64Array(2), 0)).toThrow(/h must be/);
  });
});

describe("diagnoseOwnFprop and diagnoseInconsistentWithOwnFprop", () => {
  // The reference fprop is y = 2x; the student's is y = 3x (wrong). dx for L = Σ y·dy is 2·dy, 3·dy for the student's.
  const rng = new Rng(19);
  const x = Tensor.randn([4], rng);
  const dy = Tensor.randn([4], rng);
  const h = 1e-5;
  const { outputs, size } = sweep((v) => v.map((t) => 3 * t), x.data, h);
  const fdOwn = new Tensor(fdFromSweep(outputs, size, dy.data, h), [4]);
  const reference = dy.mul(2);

  it("credits a bprop that is the gradient of the student's own (wrong) fprop, and says to look at fprop", () => {
    const d = diagnoseOwnFprop("dx", dy.mul(3), fdOwn, 1e-6, { fpropRelError: 0.2 });
    expect(d?.id).toBe("consistent-with-own-fprop");
    expect(d?.evidence.relErrorAgainstOwnFprop as number).toBeLessThan(1e-6);
    expect(d?.message).toContain("your bprop is consistent, but your fprop is wrong (your fprop's relError against the expected output is 0.2), so look at fprop.");
    expect(diagnoseInconsistentWithOwnFprop("dx", dy.mul(3), fdOwn, 1e-6, reference)).toBeNull();
  });

  it("does not credit a bprop that matches neither, and gives both errors", () => {
    const wrong = dy.mul(-1);
    expect(diagnoseOwnFprop("dx", wrong, fdOwn, 1e-6)).toBeNull();
    const d = diagnoseInconsistentWithOwnFprop("dx", wrong, fdOwn, 1e-6, reference);
    expect(d?.id).toBe("inconsistent-with-own-fprop");
    // -dy against 3dy: max|4dy| / max(4|dy|) = 1; against 2dy: max|3dy| / max(3|dy|) = 1.
    expect(d?.evidence.relErrorAgainstOwnFprop as number).toBeCloseTo(1, 6);
    expect(d?.evidence.relErrorAgainstExpected as number).toBeCloseTo(1, 12);
    expect(d?.message).toContain("your bprop does not match the gradient of your own fprop either");
  });

  it("does not call the reference gradient consistent with a fprop it is not the gradient of", () => {
    // 2dy against 3dy: relError 1/5.
    expect(diagnoseOwnFprop("dx", reference, fdOwn, 1e-6)).toBeNull();
    expect(diagnoseInconsistentWithOwnFprop("dx", reference, fdOwn, 1e-6)?.evidence.relErrorAgainstOwnFprop as number).toBeCloseTo(0.2, 6);
  });

  it("refuses gradients and differences of different shapes", () => {
    expect(() => diagnoseOwnFprop("dx", Tensor.zeros([3]), fdOwn, 1e-6)).toThrow(/shape/);
  });
});
