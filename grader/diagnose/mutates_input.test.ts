import { Tensor } from "gradlab";
import { diagnoseMutatesInput } from "./mutates_input";

describe("diagnoseMutatesInput", () => {
  const x = Tensor.from([[0.5, -1.5, 2], [-0.25, 3, -4]]);

  it("finds an in-place ReLU: the negative entries of x set to 0", () => {
    const after = x.map((v) => Math.max(0, v));
    const d = diagnoseMutatesInput("fprop", [{ name: "x", before: x, after }]);
    expect(d?.id).toBe("mutates-input");
    // Negative entries at flat 1, 3 and 5; the first is [0, 1].
    expect(d?.evidence).toEqual({ input: "x", changed: 3, total: 6, firstIndex: [0, 1], before: -1.5, after: 0, alsoChanged: [] });
    expect(d?.message).toBe("fprop changed its input x: 3 of 6 entries differ after the call (the first at [0, 1]: -1.5 before, 0 after).");
  });

  it("reports the first changed input and names the others", () => {
    const dy = Tensor.from([1, 2, 3]);
    const d = diagnoseMutatesInput("bprop", [
      { name: "x", before: x, after: x.clone() },
      { name: "dy", before: dy, after: dy.mul(2) },
      { name: "cache", before: x, after: x.neg() },
    ]);
    expect(d?.evidence).toMatchObject({ input: "dy", changed: 3, firstIndex: [0], before: 1, after: 2, alsoChanged: ["cache"] });
    expect(d?.message).toContain("(cache changed too)");
  });

  it("counts any change, however small, and a changed shape", () => {
    const nudged = x.clone();
    nudged.data[4] += 1e-15;
    expect(diagnoseMutatesInput("fprop", [{ name: "x", before: x, after: nudged }])?.evidence.firstIndex).toEqual([1, 1]);
    const reshaped = diagnoseMutatesInput("fprop", [{ name: "x", before: x, after: x.reshape([3, 2]) }]);
    expect(reshaped?.message).toBe("fprop changed its input x: its shape went from [2, 3] to [3, 2].");
  });

  it("says nothing when every input is as sent, NaN included", () => {
    const withNaN = Tensor.from([NaN, 1]);
    expect(diagnoseMutatesInput("fprop", [{ name: "x", before: x, after: x.clone() }, { name: "m", before: withNaN, after: withNaN.clone() }])).toBeNull();
    expect(diagnoseMutatesInput("fprop", [])).toBeNull();
  });
});
