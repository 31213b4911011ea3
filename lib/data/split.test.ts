import { ClassificationData, RegressionData, Rng, Tensor, roundMatrix, largestRemainder, subset, trainValTestSplit } from "gradlab";

/** N examples whose x row i is [i, -i], so every row says which example it is. */
function numbered(labels: number[], classes: number): ClassificationData {
  const n = labels.length;
  const x = Tensor.zeros([n, 2]);
  for (let i = 0; i < n; i++) x.data.set([i, -i], 2 * i);
  return { x, y: Int32Array.from(labels), classes };
}

function ids(d: { x: Tensor }): number[] {
  return Array.from({ length: d.x.shape[0] }, (_, i) => d.x.get(i, 0));
}

describe("subset", () => {
  test("takes the rows of x and y and keeps classes and extra fields", () => {
    const data = { ...numbered([0, 1, 2, 1], 3), name: "toy" };
    const s = subset(data, Int32Array.from([3, 0]));
    expect(s.x.toArray()).toEqual([[3, -3], [0, -0]]);
    expect(Array.from(s.y)).toEqual([1, 0]);
    expect(s.classes).toBe(3);
    expect(s.name).toBe("toy");
  });

  test("works for regression data", () => {
    const data: RegressionData = { x: Tensor.from([[1], [2], [3]]), y: Tensor.from([[10], [20], [30]]) };
    const s = subset(data, Int32Array.from([2, 1]));
    expect((s.y as Tensor).toArray()).toEqual([[30], [20]]);
  });

  test("inconsistent data sets are rejected", () => {
    const bad = { x: Tensor.zeros([3, 2]), y: Int32Array.from([0, 1]), classes: 2 };
    expect(() => subset(bad, Int32Array.from([0]))).toThrow("subset: x has 3 rows but y has 2 labels");
    const outOfRange = { x: Tensor.zeros([2, 2]), y: Int32Array.from([0, 2]), classes: 2 };
    expect(() => subset(outOfRange, Int32Array.from([0]))).toThrow("subset: label 2 at position 1 is out of range; labels must be in [0, 2)");
  });
});

describe("trainValTestSplit", () => {
  test("sizes are round(val·N), round(test·N) and the rest; every example in one part", () => {
    const data = numbered(new Array(101).fill(0), 1);
    const { train, val, test } = trainValTestSplit(data, { val: 0.2, test: 0.1, rng: new Rng(1) });
    expect([train.x.shape[0], val.x.shape[0], test.x.shape[0]]).toEqual([71, 20, 10]);
    const all = [...ids(train), ...ids(val), ...ids(test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 101 }, (_, i) => i));
    // Labels travel with their rows (here y = id mod 3).
    const labelled = numbered(Array.from({ length: 30 }, (_, i) => i % 3), 3);
    const parts = trainValTestSplit(labelled, { val: 0.3, test: 0.3, rng: new Rng(2) });
    for (const p of [parts.train, parts.val, parts.test]) {
      ids(p).forEach((id, i) => expect(p.y[i]).toBe(id % 3));
    }
  });

  test("same seed gives the same split, another seed another", () => {
    const data = numbered(new Array(50).fill(0), 1);
    const a = trainValTestSplit(data, { val: 0.2, test: 0.2, rng: new Rng(3) });
    const b = trainValTestSplit(data, { val: 0.2, test: 0.2, rng: new Rng(3) });
    const c = trainValTestSplit(data, { val: 0.2, test: 0.2, rng: new Rng(4) });
    expect(ids(a.val)).toEqual(ids(b.val));
    expect(ids(a.val)).not.toEqual(ids(c.val));
  });

  test("stratified parts keep the class proportions", () => {
    // Hand-worked: 60 of class 0, 30 of class 1, 10 of class 2; val 0.2 → 12, 6, 2; test 0.1 → 6, 3, 1.
    const labels = [...new Array(60).fill(0), ...new Array(30).fill(1), ...new Array(10).fill(2)];
    const { train, val, test } = trainValTestSplit(numbered(labels, 3), { val: 0.2, test: 0.1, rng: new Rng(5), stratify: true });
    const count = (y: Int32Array): number[] => [0, 1, 2].map((c) => y.filter((v) => v === c).length);
    expect(count(val.y)).toEqual([12, 6, 2]);
    expect(count(test.y)).toEqual([6, 3, 1]);
    expect(count(train.y)).toEqual([42, 21, 7]);

    // Uneven counts: each part's class count is the floor or ceiling of its ideal share.
    const rng = new Rng(6);
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + rng.int(60);
      const y = Array.from({ length: n }, () => rng.int(4));
      const counts = [0, 1, 2, 3].map((c) => y.filter((v) => v === c).length);
      const valFrac = rng.uniformIn(0, 0.4);
      const testFrac = rng.uniformIn(0, 0.4);
      const parts = trainValTestSplit(numbered(y, 4), { val: valFrac, test: testFrac, rng, stratify: true });
      expect(parts.val.x.shape[0]).toBe(Math.round(valFrac * n));
      expect(parts.test.x.shape[0]).toBe(Math.round(testFrac * n));
      for (const p of [parts.train, parts.val, parts.test]) {
        const size = p.y.length;
        for (let c = 0; c < 4; c++) {
          const got = p.y.filter((v) => v === c).length;
          expect(Math.abs(got - (size * counts[c]) / n)).toBeLessThan(1);
        }
      }
    }
  });

  test("bad fractions and options are rejected", () => {
    const data = numbered([0, 1, 0, 1], 2);
    const rng = new Rng(0);
    expect(() => trainValTestSplit(data, { val: -0.1, test: 0.2, rng })).toThrow("trainValTestSplit: val must be a finite number >= 0 and < 1, got -0.1");
    expect(() => trainValTestSplit(data, { val: 0.2, test: 1, rng })).toThrow("test must be a finite number >= 0 and < 1, got 1");
    expect(() => trainValTestSplit(data, { val: 0.6, test: 0.5, rng })).toThrow("val + test must be < 1");
    expect(() => trainValTestSplit(data, { val: 0.45, test: 0.45, rng })).toThrow("with 4 examples, val = 0.45 and test = 0.45 leave no example for training");
    expect(() => trainValTestSplit(data, { val: 0.2, test: 0.2, rng, strat: true } as never)).toThrow('unknown option "strat"');
    expect(() => trainValTestSplit(data, { test: 0.2, rng } as never)).toThrow("val must be a finite number");
    const reg: RegressionData = { x: Tensor.zeros([4, 1]), y: Tensor.zeros([4, 1]) };
    expect(() => trainValTestSplit(reg, { val: 0.25, test: 0.25, rng, stratify: true })).toThrow("stratify needs classification data");
  });
});

describe("apportionment", () => {
  test("largestRemainder splits a total by weights, floors plus the largest remainders", () => {
    // 10 by [1, 1, 1]: 3.33 each → 3, 3, 3 and the left-over unit to the first (ties by index).
    expect(Array.from(largestRemainder(10, [1, 1, 1]))).toEqual([4, 3, 3]);
    // 7 by [5, 3, 2]: 3.5, 2.1, 1.4 → 3, 2, 1 and one unit to the largest remainder (0.5).
    expect(Array.from(largestRemainder(7, [5, 3, 2]))).toEqual([4, 2, 1]);
    expect(() => largestRemainder(3, [0, 0])).toThrow("cannot share 3 among weights that are all 0");
  });

  test("roundMatrix keeps row and column sums with floor-or-ceiling entries", () => {
    // Rows sum to 1 and 2, columns to 1, 1, 1; a floor-only rounding would lose all three units.
    const target = [
      [1 / 3, 1 / 3, 1 / 3],
      [2 / 3, 2 / 3, 2 / 3],
    ];
    const out = roundMatrix(target);
    expect(out.map((r) => r.reduce((a, b) => a + b, 0))).toEqual([1, 2]);
    expect([0, 1, 2].map((c) => out[0][c] + out[1][c])).toEqual([1, 1, 1]);
    expect(out.flat().every((v) => v === 0 || v === 1)).toBe(true);
    expect(() => roundMatrix([[0.5]])).toThrow("row 0 sum is not an integer");
  });
});
