import { Rng, Tensor } from "gradlab";
import { diagnoseScaled } from "./scaled";

describe("diagnoseScaled", () => {
  const rng = new Rng(5);
  const r = Tensor.randn([4, 3], rng);

  it("names 1/N with the batch size and says to divide once", () => {
    const d = diagnoseScaled("dx", r.div(4), r, 1e-7, { batchSize: 4 });
    expect(d?.id).toBe("scaled");
    expect(d?.evidence).toMatchObject({ named: "1/N", batchSize: 4 });
    expect(d?.evidence.factor).toBeCloseTo(0.25, 14);
    expect(d?.message).toBe(
      "dx is 1/N = 0.25 times the expected value (N = 4, the batch size): the loss is already a mean over the batch; divide by N once.",
    );
  });

  it("names N, 2, 1/2, N/(N−1) and a negative factor", () => {
    const named = (c: number, N?: number) => diagnoseScaled("dx", r.mul(c), r, 1e-7, { batchSize: N })?.evidence.named;
    expect(named(8, 8)).toBe("N");
    expect(diagnoseScaled("dx", r.mul(8), r, 1e-7, { batchSize: 8 })?.message).toBe(
      "dx is N = 8 times the expected value (N is the batch size): the 1/N of the mean over the batch is missing.",
    );
    expect(named(2, 8)).toBe("2");
    expect(named(0.5, 8)).toBe("1/2");
    expect(named(8 / 7, 8)).toBe("N/(N-1)");
    expect(named(7 / 8, 8)).toBe("(N-1)/N");
    expect(named(7, 8)).toBe("N-1");
    expect(named(-1 / 8, 8)).toBe("-1/N");
    // Without a batch size, 8 has no name.
    expect(named(8)).toBeNull();
    expect(diagnoseScaled("dx", r.mul(2), r, 1e-7)?.message).toBe("dx is 2 times the expected value: a factor 2 too many, or a term counted twice.");
  });

  it("gives an unnamed factor with 4 significant digits", () => {
    const d = diagnoseScaled("dx", r.mul(1 / Math.PI), r, 1e-7, { batchSize: 4 });
    expect(d?.evidence.named).toBeNull();
    expect(d?.message).toMatch(/^dx is the expected value scaled by c ≈ 0\.3183 \(relError \d(\.\d)?e-1[67] against c × expected\)\.$/);
    expect(d?.hint).toContain("same factor");
  });

  it("finds the factor by least squares when the scaled value carries round-off", () => {
    const noisy = r.map((v, i) => 3 * v * (1 + (i % 2 ? 1e-10 : -1e-10)));
    const d = diagnoseScaled("dx", noisy, r, 1e-7, { batchSize: 3 });
    expect(d?.evidence.factor as number).toBeCloseTo(3, 8);
    expect(d?.evidence.named).toBe("N");
  });

  it("refuses noise, a partly scaled value, a correct value, −r, zero and another shape", () => {
    expect(diagnoseScaled("dx", Tensor.randn([4, 3], rng), r, 1e-7)).toBeNull();
    expect(diagnoseScaled("dx", r.map((v, i) => (i < 6 ? 2 * v : v)), r, 1e-7)).toBeNull();
    expect(diagnoseScaled("dx", r.clone(), r, 1e-7)).toBeNull();
    expect(diagnoseScaled("dx", r.mul(1 + 1e-5), r, 1e-7)).toBeNull();
    expect(diagnoseScaled("dx", r.neg(), r, 1e-7)).toBeNull();
    expect(diagnoseScaled("dx", Tensor.zeros([4, 3]), r, 1e-7)).toBeNull();
    expect(diagnoseScaled("dx", r.mul(2).reshape([3, 4]), r, 1e-7)).toBeNull();
    expect(diagnoseScaled("dx", Tensor.randn([4, 3], rng), Tensor.zeros([4, 3]), 1e-7)).toBeNull();
  });
});
