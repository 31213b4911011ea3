import { Rng, Tensor } from "gradlab";
import { diagnoseMismatch } from "./index";

/**
 * Each case is a mistake a student makes in Linear's bprop (x [N, in], W [out, in], dy [N, out],
 * dW = dyᵀx, db = Σₙ dy, dx = dy W), built by making that mistake on the test's own inputs.
 */
describe("diagnoseMismatch", () => {
  const rng = new Rng(29);
  const N = 4;
  const x = Tensor.randn([N, 3], rng);
  const W = Tensor.randn([2, 3], rng);
  const dy = Tensor.randn([N, 2], rng);
  const dW = dy.transpose().matmul(x);
  const dx = dy.matmul(W);
  const db = dy.sum(0);
  const alternatives = [
    { label: "dy summed over axis 1", value: dy.sum(1) },
    { label: "dy not summed", value: dy },
  ];
  const diagnose = (what: string, student: Tensor, reference: Tensor) =>
    diagnoseMismatch({ what, student, reference, threshold: 1e-7, batchSize: N, alternatives });

  it("tries the explanations in order and returns the first that fits", () => {
    expect(diagnose("dW", x.transpose().matmul(dy), dW).id).toBe("transposed");
    expect(diagnose("dx", dx.neg(), dx).id).toBe("sign-flipped");
    expect(diagnose("dx", dx.div(N), dx)).toMatchObject({ id: "scaled", evidence: { named: "1/N" } });
    expect(diagnose("dx", Tensor.zerosLike(dx), dx).id).toBe("all-zero");
    expect(diagnose("db", dy.sum(1), db).id).toBe("wrong-reduction");
    expect(diagnose("db", dy.clone(), db).evidence.matched).toBe("dy not summed");
    const nan = dx.clone();
    nan.data[3] = NaN;
    // A NaN comes first: it would otherwise read as "some entries wrong".
    expect(diagnose("dx", nan, dx).id).toBe("non-finite");
  });

  it("falls back to the worst entries for equal shapes and to the shape for different ones", () => {
    const relu = dx.map((v, i) => (i % 3 === 0 ? 0 : v));
    const d = diagnose("dx", relu, dx);
    expect(d.id).toBe("some-entries-wrong");
    expect(d.evidence.wrong).toBe(4);
    const shape = diagnose("dW", Tensor.randn([3, 3], rng), dW);
    expect(shape).toMatchObject({ id: "wrong-shape", evidence: { got: [3, 3], expected: [2, 3] } });
  });

  it("does not call noise transposed, scaled or a reduction", () => {
    for (let k = 0; k < 5; k++) expect(diagnose("dx", Tensor.randn([N, 3], rng), dx).id).toBe("some-entries-wrong");
  });

  it("refuses a value that passes: nothing to diagnose", () => {
    expect(() => diagnose("dx", dx.clone(), dx)).toThrow(/matches the reference/);
  });
});
