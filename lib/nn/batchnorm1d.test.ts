import { BatchNorm1d, Rng, Tensor, gradcheck } from "gradlab";
import { expectGradcheckPasses } from "../../test/support/gradcheck";

/** Per-column mean and biased variance, computed here independently of the layer. */
function columnStats(t: Tensor): { mean: number[]; variance: number[] } {
  const [N, C] = t.shape;
  const mean: number[] = [];
  const variance: number[] = [];
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let n = 0; n < N; n++) s += t.get(n, c);
    const m = s / N;
    let v = 0;
    for (let n = 0; n < N; n++) v += (t.get(n, c) - m) ** 2;
    mean.push(m);
    variance.push(v / N);
  }
  return { mean, variance };
}

/** Two batches with easy statistics. Feature 0: [1, 5] (μ 3, σ² 4), then [0, 2, 4] (μ 2, σ² 8/3).
 *  Feature 1: [−2, 0] (μ −1, σ² 1), then [1, 1, 4] (μ 2, σ² 2). */
const batch1 = Tensor.from([[1, -2], [5, 0]]);
const batch2 = Tensor.from([[0, 1], [2, 1], [4, 4]]);

describe("BatchNorm1d", () => {
  test("training output is (x − μ)/√(σ² + ε) per feature (hand-worked)", () => {
    const bn = new BatchNorm1d(1);
    const y = bn.fprop(Tensor.from([[1], [2], [3], [4]]));
    // μ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25
    const s = Math.sqrt(1.25 + 1e-5);
    const expected = [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s];
    expected.forEach((v, n) => expect(y.get(n, 0)).toBeCloseTo(v, 14));
  });

  test("training output has per-feature mean β and variance γ²σ²/(σ²+ε) (closed form)", () => {
    const rng = new Rng(3);
    const bn = new BatchNorm1d(4);
    const x = Tensor.randn([16, 4], rng, 3, 2); // mean 3, std 2: far from what the layer outputs
    const plain = columnStats(bn.fprop(x));
    const xs = columnStats(x);
    for (let c = 0; c < 4; c++) {
      expect(Math.abs(plain.mean[c])).toBeLessThan(1e-14);
      expect(plain.variance[c]).toBeCloseTo(xs.variance[c] / (xs.variance[c] + 1e-5), 12);
      expect(Math.abs(plain.variance[c] - 1)).toBeLessThan(1e-5);
    }
    bn.gamma.value.data.set([2, -1, 0.5, 3]);
    bn.beta.value.data.set([1, 0, -2, 0.25]);
    const scaled = columnStats(bn.fprop(x));
    [2, -1, 0.5, 3].forEach((g, c) => {
      expect(scaled.mean[c]).toBeCloseTo([1, 0, -2, 0.25][c], 12);
      expect(scaled.variance[c]).toBeCloseTo((g * g * xs.variance[c]) / (xs.variance[c] + 1e-5), 12);
    });
  });

  test("running statistics after two batches follow the lecture's update (biased, default)", () => {
    const bn = new BatchNorm1d(2);
    bn.fprop(batch1);
    // μ̄ = 0.9·0 + 0.1·[3, −1]; σ̄² = 0.9·1 + 0.1·[4, 1]
    expect(Array.from(bn.runningMean.data)).toEqual([0.3, -0.1].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(bn.runningVar.data)).toEqual([1.3, 1.0].map((v) => expect.closeTo(v, 14)));
    bn.fprop(batch2);
    // μ̄ = 0.9·[0.3, −0.1] + 0.1·[2, 2] = [0.47, 0.11]; σ̄² = 0.9·[1.3, 1] + 0.1·[8/3, 2] = [1.17 + 0.8/3, 1.1]
    expect(Array.from(bn.runningMean.data)).toEqual([0.47, 0.11].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(bn.runningVar.data)).toEqual([1.17 + 0.8 / 3, 1.1].map((v) => expect.closeTo(v, 14)));
  });

  test('runningVar: "unbiased" uses N/(N−1)·σ² in the running update only', () => {
    const bn = new BatchNorm1d(2, { runningVar: "unbiased" });
    const y = bn.fprop(batch1);
    // unbiased σ² of batch 1 = [8, 2]: σ̄² = 0.9 + 0.1·[8, 2] = [1.7, 1.1]
    expect(Array.from(bn.runningVar.data)).toEqual([1.7, 1.1].map((v) => expect.closeTo(v, 14)));
    bn.fprop(batch2);
    // unbiased σ² of batch 2 = [4, 3]: σ̄² = 0.9·[1.7, 1.1] + 0.1·[4, 3] = [1.93, 1.29]
    expect(Array.from(bn.runningVar.data)).toEqual([1.93, 1.29].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(bn.runningMean.data)).toEqual([0.47, 0.11].map((v) => expect.closeTo(v, 14)));
    // ...while the batch itself is still normalized with the biased σ² = [4, 1].
    expect(y.get(0, 0)).toBeCloseTo(-2 / Math.sqrt(4 + 1e-5), 14);
    expect(y.get(0, 1)).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 14);
  });

  test("eval uses the running statistics and does not update them", () => {
    const bn = new BatchNorm1d(2, { momentum: 0.5 });
    // Before any training: μ̄ = 0, σ̄² = 1, so eval is x/√(1 + ε).
    bn.eval();
    const y0 = bn.fprop(Tensor.from([[2, -4]]));
    expect(y0.get(0, 0)).toBeCloseTo(2 / Math.sqrt(1 + 1e-5), 14);
    expect(y0.get(0, 1)).toBeCloseTo(-4 / Math.sqrt(1 + 1e-5), 14);
    bn.train();
    bn.fprop(batch1); // μ̄ = 0.5·[3, −1] = [1.5, −0.5]; σ̄² = 0.5 + 0.5·[4, 1] = [2.5, 1]
    bn.eval();
    bn.gamma.value.data.set([2, 3]);
    bn.beta.value.data.set([-1, 0.5]);
    const y = bn.fprop(Tensor.from([[2, 1], [0, -0.5]])); // a batch of 2; eval treats rows independently
    expect(y.get(0, 0)).toBeCloseTo((2 * (2 - 1.5)) / Math.sqrt(2.5 + 1e-5) - 1, 14);
    expect(y.get(0, 1)).toBeCloseTo((3 * (1 + 0.5)) / Math.sqrt(1 + 1e-5) + 0.5, 14);
    expect(y.get(1, 0)).toBeCloseTo((2 * (0 - 1.5)) / Math.sqrt(2.5 + 1e-5) - 1, 14);
    expect(y.get(1, 1)).toBeCloseTo(0.5, 14);
    expect(Array.from(bn.runningMean.data)).toEqual([1.5, -0.5]);
    expect(Array.from(bn.runningVar.data)).toEqual([2.5, 1]);
  });

  test("momentum 0 keeps the initial statistics and momentum 1 keeps the last batch's", () => {
    const frozen = new BatchNorm1d(2, { momentum: 0 });
    frozen.fprop(batch1);
    expect(Array.from(frozen.runningMean.data)).toEqual([0, 0]);
    expect(Array.from(frozen.runningVar.data)).toEqual([1, 1]);
    const last = new BatchNorm1d(2, { momentum: 1 });
    last.fprop(batch1);
    last.fprop(batch2);
    expect(Array.from(last.runningMean.data)).toEqual([2, 2]);
    expect(Array.from(last.runningVar.data)).toEqual([8 / 3, 2].map((v) => expect.closeTo(v, 14)));
  });

  test("bprop matches finite differences in training mode", () => {
    const rng = new Rng(5);
    const bn = new BatchNorm1d(3);
    bn.gamma.value.data.set([1.5, -0.7, 0.9]);
    bn.beta.value.data.set([0.2, -0.3, 1.1]);
    expectGradcheckPasses(gradcheck(bn, Tensor.randn([6, 3], rng, 1, 2)), ["x", "gamma", "beta"]);
  });

  test("bprop matches finite differences in eval mode (the affine map)", () => {
    const rng = new Rng(6);
    const bn = new BatchNorm1d(3);
    bn.fprop(Tensor.randn([8, 3], rng, 2, 3)); // move the running statistics away from 0 and 1
    bn.gamma.value.data.set([1.5, -0.7, 0.9]);
    bn.beta.value.data.set([0.2, -0.3, 1.1]);
    bn.eval();
    const before = bn.runningMean.clone();
    expectGradcheckPasses(gradcheck(bn, Tensor.randn([5, 3], rng)), ["x", "gamma", "beta"]);
    expect(Array.from(bn.runningMean.data)).toEqual(Array.from(before.data));
  });

  test("training gradient sums to zero over the batch, the eval gradient does not", () => {
    // Shifting every row of x by the same amount does not change a training output, so Σₙ dx = 0.
    const rng = new Rng(7);
    const bn = new BatchNorm1d(2);
    const x = Tensor.randn([5, 2], rng);
    const dy = Tensor.randn([5, 2], rng);
    bn.fprop(x);
    const sums = bn.bprop(dy).sum(0);
    for (const s of sums.data) expect(Math.abs(s)).toBeLessThan(1e-12);
    bn.eval();
    bn.fprop(x);
    const evalSums = bn.bprop(dy).sum(0);
    const dySums = dy.sum(0);
    const rv = bn.runningVar.data; // moved by the one training batch (checked by the tests above)
    for (let c = 0; c < 2; c++) {
      expect(Math.abs(evalSums.data[c])).toBeGreaterThan(0.01);
      expect(evalSums.data[c]).toBeCloseTo(dySums.data[c] / Math.sqrt(rv[c] + 1e-5), 12);
    }
  });

  test("bad inputs and options give clear errors", () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.fprop(Tensor.zeros([4, 2]))).toThrow("BatchNorm1d.fprop: x has shape [4, 2], expected [N, 3]");
    expect(() => bn.fprop(Tensor.zeros([1, 3]))).toThrow("at least 2 rows to compute a variance, got N = 1");
    expect(() => bn.bprop(Tensor.zeros([4, 3]))).toThrow("BatchNorm1d.bprop: called before fprop");
    bn.fprop(Tensor.randn([4, 3], new Rng(1)));
    expect(() => bn.bprop(Tensor.zeros([4, 2]))).toThrow("BatchNorm1d.bprop: dy has shape [4, 2], expected [4, 3]");
    expect(bn.eval().fprop(Tensor.zeros([1, 3])).shape).toEqual([1, 3]); // one example is fine in eval mode
    expect(() => new BatchNorm1d(0)).toThrow("BatchNorm1d: features must be an integer >= 1, got 0");
    expect(() => new BatchNorm1d(2, { eps: 0 })).toThrow("BatchNorm1d: eps must be a finite number > 0, got 0");
    expect(() => new BatchNorm1d(2, { momentum: 1.5 })).toThrow("momentum must be a finite number >= 0 and <= 1, got 1.5");
    expect(() => new BatchNorm1d(2, { runningVar: "sample" as never })).toThrow('runningVar must be "biased" or "unbiased", got "sample"');
    expect(() => new BatchNorm1d(2, { moment: 0.1 } as never)).toThrow('unknown option "moment"');
  });

  test("gamma and beta are not regularized", () => {
    const bn = new BatchNorm1d(2);
    expect(bn.params().map((p) => [p.name, p.regularize, Array.from(p.value.data)])).toEqual([
      ["gamma", false, [1, 1]],
      ["beta", false, [0, 0]],
    ]);
  });
});

describe("BatchNorm1d: the last batch's μ, σ² and x̃, readable", () => {
  test("hand-worked on batch2: μ = [2, 2], σ² = [8/3, 2], x̃ = (x − μ)/√(σ² + ε)", () => {
    const bn = new BatchNorm1d(2);
    expect([bn.batchMean, bn.batchVar, bn.xhat]).toEqual([null, null, null]);
    bn.fprop(batch2);
    expect(Array.from(bn.batchMean!.data)).toEqual([2, 2]);
    expect(bn.batchMean!.shape).toEqual([2]);
    expect(Array.from(bn.batchVar!.data)).toEqual([8 / 3, 2].map((v) => expect.closeTo(v, 15)));
    const s0 = Math.sqrt(8 / 3 + 1e-5), s1 = Math.sqrt(2 + 1e-5);
    const expected = [[-2 / s0, -1 / s1], [0, -1 / s1], [2 / s0, 2 / s1]];
    expect(bn.xhat!.shape).toEqual([3, 2]);
    expected.forEach((row, n) => row.forEach((v, c) => expect(bn.xhat!.get(n, c)).toBeCloseTo(v, 14)));
  });

  test("σ² is the biased variance x̃ uses, also with runningVar \"unbiased\"; x̃ is γ- and β-free", () => {
    const bn = new BatchNorm1d(2, { runningVar: "unbiased" });
    bn.gamma.value.data.set([3, -2]);
    bn.beta.value.data.set([1, 5]);
    const y = bn.fprop(batch1);
    expect(Array.from(bn.batchVar!.data)).toEqual([4, 1]);
    // y = γ x̃ + β, entry by entry.
    for (let n = 0; n < 2; n++) for (let c = 0; c < 2; c++) expect(y.get(n, c)).toBeCloseTo([3, -2][c] * bn.xhat!.get(n, c) + [1, 5][c], 14);
  });

  test("they are copies, read-only, and the statistics survive bprop and an eval-mode fprop", () => {
    const bn = new BatchNorm1d(2);
    bn.fprop(batch1);
    bn.batchMean!.data[0] = 99; // changes a copy, not the layer
    bn.bprop(Tensor.from([[1, 2], [3, 4]]));
    expect(Array.from(bn.batchMean!.data)).toEqual([3, -1]);
    expect(Array.from(bn.batchVar!.data)).toEqual([4, 1]);
    expect(() => {
      (bn as { batchMean: unknown }).batchMean = null;
    }).toThrow(TypeError);
    bn.eval();
    const x = Tensor.from([[1.3, 0]]);
    bn.fprop(x);
    expect(Array.from(bn.batchMean!.data)).toEqual([3, -1]); // still the last training batch
    // x̃ now comes from the running statistics μ̄ = [0.3, −0.1], σ̄² = [1.3, 1].
    expect(bn.xhat!.shape).toEqual([1, 2]);
    expect(bn.xhat!.get(0, 0)).toBeCloseTo(1 / Math.sqrt(1.3 + 1e-5), 14);
    expect(bn.xhat!.get(0, 1)).toBeCloseTo(0.1 / Math.sqrt(1 + 1e-5), 14);
  });
});
