import { Rng, Tensor } from "gradlab";
import { diagnoseWrongReduction } from "./wrong_reduction";

describe("diagnoseWrongReduction", () => {
  const rng = new Rng(13);

  /** The bias gradient's alternatives for dy of shape [N, out], as a test builder would make them. */
  function biasAlternatives(dy: Tensor) {
    return [
      { label: "dy summed over axis 1", value: dy.sum(1) },
      { label: "dy not summed", value: dy, hint: "db = Σₙ dy[n, :]: sum over the batch" },
      { label: "the mean of dy over axis 0", value: dy.mean(0) },
    ];
  }

  it("finds a sum over the other axis, whose shape differs from the reference's", () => {
    const dy = Tensor.randn([5, 3], rng);
    const d = diagnoseWrongReduction("db", dy.sum(1), dy.sum(0), biasAlternatives(dy), 1e-7);
    expect(d?.id).toBe("wrong-reduction");
    expect(d?.evidence).toMatchObject({ matched: "dy summed over axis 1", relErrorAgainstMatched: 0, shape: [5], expectedShape: [3] });
    expect(d?.message).toBe("db matches dy summed over axis 1 (shape [5]; the expected value has shape [3]), not the expected value (relError 0 against it).");
  });

  it("finds dy not summed, with the alternative's own hint", () => {
    const dy = Tensor.randn([5, 3], rng);
    const d = diagnoseWrongReduction("db", dy.clone(), dy.sum(0), biasAlternatives(dy), 1e-7);
    expect(d?.evidence.matched).toBe("dy not summed");
    expect(d?.hint).toBe("db = Σₙ dy[n, :]: sum over the batch");
  });

  it("finds the other axis when both reductions have the same shape (square dy)", () => {
    const dy = Tensor.randn([4, 4], rng);
    const d = diagnoseWrongReduction("db", dy.sum(1), dy.sum(0), biasAlternatives(dy), 1e-7);
    expect(d?.message).toBe("db matches dy summed over axis 1, not the expected value (relError 0 against it).");
    expect(diagnoseWrongReduction("db", dy.mean(0), dy.sum(0), biasAlternatives(dy), 1e-7)?.evidence.matched).toBe("the mean of dy over axis 0");
  });

  it("says nothing for the right reduction, noise, or an alternative that equals the reference", () => {
    const dy = Tensor.randn([5, 3], rng);
    expect(diagnoseWrongReduction("db", dy.sum(0), dy.sum(0), biasAlternatives(dy), 1e-7)).toBeNull();
    expect(diagnoseWrongReduction("db", Tensor.randn([3], rng), dy.sum(0), biasAlternatives(dy), 1e-7)).toBeNull();
    // An alternative within the threshold of the reference (as "the mean over axis 0" is when N = 1) names
    // no mistake: a student value just outside the threshold that matches it is left to other diagnoses.
    const r = Tensor.from([1, 1, 1]);
    const nearReference = [{ label: "the mean over axis 0", value: r.mul(1 + 1.2e-7) }];
    expect(diagnoseWrongReduction("db", r.mul(1 + 2.4e-7), r, nearReference, 1e-7)).toBeNull();
  });
});
