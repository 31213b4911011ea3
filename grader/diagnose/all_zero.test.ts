import { Rng, Tensor } from "gradlab";
import { diagnoseAllZero } from "./all_zero";

describe("diagnoseAllZero", () => {
  const r = Tensor.randn([3, 4], new Rng(3));

  it("finds a zero value where the reference is not zero", () => {
    const d = diagnoseAllZero("dx", Tensor.zeros([3, 4]), r, 1e-7);
    expect(d?.id).toBe("all-zero");
    expect(d?.message).toMatch(/^dx is all zeros, but the expected value is not/);
    expect(d?.evidence.maxAbsStudent).toBe(0);
  });

  it("counts round-off-sized values as zero, and nothing larger", () => {
    const tiny = Tensor.full([3, 4], 1e-12);
    expect(diagnoseAllZero("dx", tiny, r, 1e-7)?.message).toContain("zero up to round-off (its largest entry is 1e-12 in size)");
    expect(diagnoseAllZero("dx", Tensor.full([3, 4], 1e-3), r, 1e-7)).toBeNull();
  });

  it("says nothing when the reference is zero too, or the shapes differ", () => {
    expect(diagnoseAllZero("dx", Tensor.zeros([3, 4]), Tensor.zeros([3, 4]), 1e-7)).toBeNull();
    expect(diagnoseAllZero("dx", Tensor.zeros([4, 3]), r, 1e-7)).toBeNull();
  });
});
