import { Rng, Tensor } from "gradlab";
import { diagnoseTransposed } from "./transposed";

describe("diagnoseTransposed", () => {
  const rng = new Rng(7);

  it("finds a square matrix given as its transpose, with both errors as evidence", () => {
    const r = Tensor.from([[1, 2], [3, 4]]);
    const s = Tensor.from([[1, 3], [2, 4]]);
    const d = diagnoseTransposed("dW", s, r, 1e-7);
    expect(d?.id).toBe("transposed");
    expect(d?.evidence.relErrorAgainstTranspose).toBe(0);
    // max|s − r| = 1 (entries [0, 1] and [1, 0]), scale max(|s|+|r|) = 8.
    expect(d?.evidence.relErrorAgainstExpected).toBeCloseTo(1 / 8, 15);
    expect(d?.message).toBe("dW is the transpose of the expected value (relError 0 against the transpose, 0.13 against the expected value).");
  });

  it("finds a reversed shape holding the entries of the transpose", () => {
    const r = Tensor.randn([3, 5], rng);
    const s = r.transpose();
    const d = diagnoseTransposed("dW", s, r, 1e-7);
    expect(d?.evidence).toMatchObject({ relErrorAgainstTranspose: 0, shape: [5, 3], expectedShape: [3, 5] });
    expect(d?.message).toContain("shape [5, 3], the expected [3, 5] reversed");
  });

  it("accepts round-off within the threshold and refuses it beyond", () => {
    const r = Tensor.randn([4, 4], rng);
    const near = r.transpose().map((v) => v * (1 + 1e-10));
    expect(diagnoseTransposed("dW", near, r, 1e-7)?.id).toBe("transposed");
    const far = r.transpose().map((v, i) => (i === 5 ? v + 0.1 : v));
    expect(diagnoseTransposed("dW", far, r, 1e-7)).toBeNull();
  });

  it("never calls a symmetric matrix transposed: its transpose is itself", () => {
    const a = Tensor.randn([4, 4], rng);
    const sym = a.add(a.transpose());
    expect(diagnoseTransposed("dW", sym, sym, 1e-7)).toBeNull();
    expect(diagnoseTransposed("dW", sym.clone(), sym, 1e-7)).toBeNull();
  });

  it("does not call a correct value, noise, a reshape or a non-2-D tensor transposed", () => {
    const r = Tensor.randn([3, 5], rng);
    expect(diagnoseTransposed("dW", r.clone(), r, 1e-7)).toBeNull();
    expect(diagnoseTransposed("dW", Tensor.randn([5, 3], rng), r, 1e-7)).toBeNull();
    // Right entries in row-major order with the shape relabelled is not a transpose.
    expect(diagnoseTransposed("dW", r.reshape([5, 3]), r, 1e-7)).toBeNull();
    const cube = Tensor.randn([2, 2, 2], rng);
    expect(diagnoseTransposed("y", cube.clone(), cube, 1e-7)).toBeNull();
  });
});
