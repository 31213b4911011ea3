import { PCAWhitening, Rng, Standardizer, Tensor, ZCAWhitening, loadDigits, relError, symmetricEigen } from "gradlab";

/** Sample covariance 1/N Σ (x − x̄)(x − x̄)ᵀ by plain loops (not through the code under test). */
function covariance(x: Tensor): number[][] {
  const [N, D] = x.shape;
  const v = x.data;
  const mean = new Array(D).fill(0);
  for (let n = 0; n < N; n++) for (let j = 0; j < D; j++) mean[j] += v[n * D + j] / N;
  const c = Array.from({ length: D }, () => new Array(D).fill(0));
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) c[i][j] += ((v[n * D + i] - mean[i]) * (v[n * D + j] - mean[j])) / N;
  }
  return c;
}

function maxDistanceFromIdentity(c: number[][]): number {
  return Math.max(...c.flatMap((row, i) => row.map((v, j) => Math.abs(v - (i === j ? 1 : 0)))));
}

/** A correlated Gaussian sample: x = z Aᵀ + m with z ~ N(0, I). */
function correlatedSample(N: number, D: number, rng: Rng): Tensor {
  const z = Tensor.randn([N, D], rng);
  const A = Tensor.randn([D, D], rng);
  const m = Tensor.randn([1, D], rng, 3, 1);
  const x = z.matmul(A.transpose());
  for (let n = 0; n < N; n++) for (let j = 0; j < D; j++) x.data[n * D + j] += m.data[j];
  return x;
}

/** Four points with mean 0 and covariance [[2, 1], [1, 2]] (eigenvalues 3 along (1, 1), 1 along (1, −1)). */
const s3 = Math.sqrt(3);
const fourPoints = Tensor.from([[s3, s3], [-s3, -s3], [1, -1], [-1, 1]]);

describe("Standardizer", () => {
  test("hand-worked: (x − μ)/σ per feature; a constant feature becomes 0", () => {
    const st = new Standardizer().fit(Tensor.from([[0, 10, 1], [2, 10, 3]]));
    expect(Array.from(st.mean!.data)).toEqual([1, 10, 2]);
    expect(Array.from(st.std!.data)).toEqual([1, 0, 1]);
    expect(st.transform(Tensor.from([[0, 10, 1], [2, 10, 3]])).toArray()).toEqual([[-1, 0, -1], [1, 0, 1]]);
    // Test data uses the training statistics: (5 − 1)/1, (12 − 10)/1, (2 − 2)/1.
    expect(st.transform(Tensor.from([[5, 12, 2]])).toArray()).toEqual([[4, 2, 0]]);
  });

  test("a constant feature whose mean rounds is still exactly 0, never NaN", () => {
    const out = new Standardizer().fitTransform(Tensor.from([[0.1, 1], [0.1, 2], [0.1, 3]]));
    expect([out.get(0, 0), out.get(1, 0), out.get(2, 0)]).toEqual([0, 0, 0]);
  });

  test("gives mean 0 and variance 1 per feature on random data, for any rank", () => {
    const rng = new Rng(1);
    const x = correlatedSample(300, 4, rng);
    const st = new Standardizer();
    const y = st.fitTransform(x);
    const c = covariance(y);
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(c[j][j] - 1)).toBeLessThan(1e-12);
      expect(Math.abs(y.mean(0).data[j])).toBeLessThan(1e-12);
    }
    expect(relError(st.inverseTransform(y), x)).toBeLessThan(1e-15);
    const images = Tensor.randn([10, 1, 2, 3], rng, 5, 2);
    const out = new Standardizer().fitTransform(images);
    expect(out.shape).toEqual([10, 1, 2, 3]);
    expect(Math.abs(covariance(out.reshape([10, 6]))[4][4] - 1)).toBeLessThan(1e-12);
  });

  test("misuse is rejected", () => {
    const st = new Standardizer();
    expect(() => st.transform(Tensor.zeros([2, 2]))).toThrow("Standardizer.transform: call fit(xTrain) first");
    st.fit(Tensor.from([[1, 2], [3, 4]]));
    expect(() => st.transform(Tensor.zeros([2, 3]))).toThrow("Standardizer.transform: x has shape [2, 3], expected [N, 2] as in fit");
    expect(() => st.fit(Tensor.zeros([4]))).toThrow("Standardizer.fit: x has shape [4], expected [N, D]");
    expect(() => st.fit(Tensor.from([[NaN]]))).toThrow("Standardizer.fit: x contains NaN or Infinity");
  });
});

describe("PCA and ZCA whitening", () => {
  test("whitened covariance is the identity within 1e-9 (correlated Gaussian sample, no eps)", () => {
    const x = correlatedSample(500, 6, new Rng(2));
    expect(maxDistanceFromIdentity(covariance(x))).toBeGreaterThan(0.5); // really correlated
    for (const w of [new PCAWhitening(), new ZCAWhitening()]) {
      const y = w.fitTransform(x);
      expect(y.shape).toEqual([500, 6]);
      expect(maxDistanceFromIdentity(covariance(y))).toBeLessThan(1e-9);
      for (let j = 0; j < 6; j++) expect(Math.abs(y.mean(0).data[j])).toBeLessThan(1e-12);
      expect(relError(w.inverseTransform(y), x)).toBeLessThan(1e-12);
    }
  });

  test("hand-worked: ZCA maps the four points to (±1, ±1); PCA to the principal axes", () => {
    const zca = new ZCAWhitening().fit(fourPoints);
    expect(relError(zca.transform(fourPoints), Tensor.from([[1, 1], [-1, -1], [1, -1], [-1, 1]]))).toBeLessThan(1e-15);
    // Train statistics on a new point: (2, 0) = (1, 1) + (1, −1) ↦ (1, 1)/√3 + (1, −1).
    expect(relError(zca.transform(Tensor.from([[2, 0]])), Tensor.from([[1 + 1 / s3, -1 + 1 / s3]]))).toBeLessThan(1e-15);
    const pca = new PCAWhitening().fit(fourPoints);
    expect(relError(pca.eigenvalues!, [3, 1])).toBeLessThan(1e-15);
    const r2 = Math.SQRT2;
    expect(relError(pca.transform(fourPoints), Tensor.from([[r2, 0], [-r2, 0], [0, r2], [0, -r2]]))).toBeLessThan(1e-15);
  });

  test("PCA with fewer components keeps the directions of largest variance", () => {
    const pca = new PCAWhitening({ components: 1 }).fit(fourPoints);
    const y = pca.transform(fourPoints);
    expect(y.shape).toEqual([4, 1]);
    expect(relError(y, Tensor.from([[Math.SQRT2], [-Math.SQRT2], [0], [0]]))).toBeLessThan(1e-15);
    // Inverse = projection onto (1, 1): the points on the minor axis go to the mean (0, 0).
    expect(relError(pca.inverseTransform(y), Tensor.from([[s3, s3], [-s3, -s3], [0, 0], [0, 0]]))).toBeLessThan(1e-15);
  });

  test("eps regularises the eigenvalues: λ ↦ λ + eps", () => {
    // eps = 1: the (1, 1) direction is scaled by 1/√(3+1), the (1, −1) direction by 1/√(1+1).
    const y = new ZCAWhitening({ eps: 1 }).fitTransform(fourPoints);
    expect(relError(y, Tensor.from([[s3 / 2, s3 / 2], [-s3 / 2, -s3 / 2], [Math.SQRT1_2, -Math.SQRT1_2], [-Math.SQRT1_2, Math.SQRT1_2]]))).toBeLessThan(1e-15);
  });

  test("ZCA is the whitening closest to the input; its matrix is symmetric", () => {
    const rng = new Rng(3);
    const [N, D] = [400, 5];
    const x = correlatedSample(N, D, rng);
    const zca = new ZCAWhitening().fit(x);
    const W = zca.matrix!;
    expect(relError(W, W.transpose())).toBe(0);
    // x − x̄, computed here by plain loops.
    const xc = x.clone();
    for (let j = 0; j < D; j++) {
      let m = 0;
      for (let n = 0; n < N; n++) m += x.data[n * D + j] / N;
      for (let n = 0; n < N; n++) xc.data[n * D + j] -= m;
    }
    const distance = (y: Tensor): number => y.sub(xc).mul(y.sub(xc)).sum() / N;
    const dZca = distance(zca.transform(x));
    expect(distance(new PCAWhitening().fitTransform(x))).toBeGreaterThan(dZca);
    // Every Q·W_ZCA with Q orthogonal also whitens; none is closer to the input.
    for (let t = 0; t < 5; t++) {
      const R = Tensor.randn([D, D], rng);
      const Q = symmetricEigen(R.add(R.transpose())).vectors;
      expect(maxDistanceFromIdentity(Q.matmul(Q.transpose()).toArray() as number[][])).toBeLessThan(1e-14);
      const y = xc.matmul(Q.matmul(W).transpose());
      expect(maxDistanceFromIdentity(covariance(y))).toBeLessThan(1e-9);
      expect(distance(y)).toBeGreaterThan(dZca);
    }
  });

  test("a singular covariance needs eps: the digits have blank pixels", () => {
    const digits = loadDigits().x;
    expect(() => new ZCAWhitening().fit(digits)).toThrow(/^ZCAWhitening.fit: the covariance is singular: .* pass eps > 0/);
    const y = new ZCAWhitening({ eps: 0.1 }).fitTransform(digits);
    expect(y.shape).toEqual([1797, 64]);
    expect(y.hasNonFinite()).toBe(false);
    // Whitening the top 20 components needs no eps: their eigenvalues are positive.
    const pcs = new PCAWhitening({ components: 20 }).fitTransform(digits);
    expect(maxDistanceFromIdentity(covariance(pcs))).toBeLessThan(1e-9);
  });

  test("misuse is rejected", () => {
    expect(() => new PCAWhitening({ components: 3 }).fit(fourPoints)).toThrow("PCAWhitening.fit: components = 3 but x has only 2 features");
    expect(() => new PCAWhitening({ components: 0 })).toThrow("PCAWhitening: components must be an integer >= 1, got 0");
    expect(() => new ZCAWhitening({ eps: -1 })).toThrow("ZCAWhitening: eps must be a finite number >= 0, got -1");
    expect(() => new ZCAWhitening({ epsilon: 1 } as never)).toThrow('ZCAWhitening: unknown option "epsilon"');
    expect(() => new ZCAWhitening().transform(fourPoints)).toThrow("ZCAWhitening.transform: call fit(xTrain) first");
    const zca = new ZCAWhitening().fit(fourPoints);
    expect(() => zca.transform(Tensor.zeros([1, 3]))).toThrow("ZCAWhitening.transform: x has shape [1, 3], expected [N, 2] as in fit");
    expect(() => new PCAWhitening({ components: 1 }).fit(fourPoints).inverseTransform(Tensor.zeros([1, 2]))).toThrow(
      "PCAWhitening.inverseTransform: x has shape [1, 2], expected [N, 1] as in fit",
    );
  });
});
