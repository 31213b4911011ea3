import { Rng, Tensor } from "gradlab";
import { diagnoseSignFlipped } from "./sign_flipped";

describe("diagnoseSignFlipped", () => {
  const rng = new Rng(11);

  it("finds −r", () => {
    const r = Tensor.randn([3, 4], rng);
    const d = diagnoseSignFlipped("dx", r.neg(), r, 1e-7);
    expect(d?.id).toBe("sign-flipped");
    expect(d?.evidence.relErrorAgainstNegated).toBe(0);
    expect(d?.message).toBe("dx has the opposite sign of the expected value in every entry (relError 0 against −expected).");
  });

  it("refuses a value that is −r in only some entries", () => {
    const r = Tensor.randn([3, 4], rng);
    const half = r.map((v, i) => (i < 6 ? -v : v));
    expect(diagnoseSignFlipped("dx", half, r, 1e-7)).toBeNull();
  });

  it("refuses a correct value, an all-zero reference, noise and another shape", () => {
    const r = Tensor.randn([3, 4], rng);
    expect(diagnoseSignFlipped("dx", r.clone(), r, 1e-7)).toBeNull();
    const zero = Tensor.zeros([3, 4]);
    expect(diagnoseSignFlipped("dx", zero.clone(), zero, 1e-7)).toBeNull();
    expect(diagnoseSignFlipped("dx", Tensor.randn([3, 4], rng), r, 1e-7)).toBeNull();
    expect(diagnoseSignFlipped("dx", r.neg().reshape([4, 3]), r, 1e-7)).toBeNull();
  });
});
