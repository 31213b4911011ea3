import { Rng, Tensor, miniBatches, takeLabels, takeRows } from "gradlab";

/** Asserts that the batches use every index 0..n−1 exactly once. */
function expectPartition(batches: Int32Array[], n: number): void {
  const seen = new Int32Array(n);
  for (const b of batches) for (const i of b) seen[i]++;
  expect(Array.from(seen)).toEqual(new Array(n).fill(1));
}

describe("miniBatches", () => {
  test("one epoch covers every example once, in batches of the given size", () => {
    const batches = miniBatches(10, 3, new Rng(1));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expectPartition(batches, 10);
  });

  test("dropLast leaves out the short last batch", () => {
    const batches = miniBatches(10, 3, new Rng(1), { dropLast: true });
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3]);
    expect(new Set(batches.flatMap((b) => Array.from(b))).size).toBe(9);
    // Nothing to drop when the size divides n.
    expect(miniBatches(9, 3, new Rng(1), { dropLast: true }).length).toBe(3);
  });

  test("batchSize >= n is full-batch gradient descent, even with dropLast", () => {
    for (const size of [7, 8, 1000]) {
      const batches = miniBatches(7, size, new Rng(2), { dropLast: true });
      expect(batches.length).toBe(1);
      expectPartition(batches, 7);
    }
  });

  test("batchSize 1 is one-example SGD", () => {
    const batches = miniBatches(6, 1, new Rng(3));
    expect(batches.length).toBe(6);
    expect(batches.every((b) => b.length === 1)).toBe(true);
    expectPartition(batches, 6);
  });

  test("the order is reshuffled on every call and reproducible from the seed", () => {
    const rng = new Rng(4);
    const first = miniBatches(50, 50, rng)[0];
    const second = miniBatches(50, 50, rng)[0];
    expect(Array.from(first)).not.toEqual(Array.from(second));
    const again = new Rng(4);
    expect(Array.from(miniBatches(50, 50, again)[0])).toEqual(Array.from(first));
    expect(Array.from(miniBatches(50, 50, again)[0])).toEqual(Array.from(second));
  });

  test("shuffle: false gives the examples in order", () => {
    const batches = miniBatches(5, 2, new Rng(5), { shuffle: false });
    expect(batches.map((b) => Array.from(b))).toEqual([[0, 1], [2, 3], [4]]);
  });

  test("balanced batches keep the class proportions as closely as integers allow", () => {
    // Hand-worked: 6 of class 0 and 3 of class 1 in batches of 3 → every batch is 2 + 1.
    const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const batches = miniBatches(9, 3, new Rng(6), { labels, balanced: true });
    expect(batches.map((b) => Array.from(b).filter((i) => labels[i] === 1).length)).toEqual([1, 1, 1]);
    expectPartition(batches, 9);

    // Many random configurations: each batch of s holds ⌊s·n_c/n⌋ or ⌈s·n_c/n⌉ of class c.
    const rng = new Rng(7);
    const violations: string[] = [];
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(120);
      const classes = 1 + rng.int(5);
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) y[i] = rng.int(classes) === 0 ? 0 : rng.int(classes); // uneven classes
      const counts = new Array(classes).fill(0);
      for (const c of y) counts[c]++;
      const size = 1 + rng.int(n + 5);
      const dropLast = rng.int(2) === 1;
      const out = miniBatches(n, size, rng, { labels: y, balanced: true, dropLast });
      const s = Math.min(size, n);
      const where = `n=${n} size=${size} dropLast=${dropLast} counts=${counts}`;
      if (out.length !== (dropLast ? Math.floor(n / s) : Math.ceil(n / s))) violations.push(`${where}: ${out.length} batches`);
      const used = new Int32Array(n);
      for (const b of out) for (const i of b) used[i]++;
      const total = out.reduce((a, b) => a + b.length, 0);
      if (used.some((u) => u > 1) || total !== (dropLast ? n - (n % s) : n)) violations.push(`${where}: not a partition`);
      for (const batch of out) {
        const got = new Array(classes).fill(0);
        for (const i of batch) got[y[i]]++;
        for (let c = 0; c < classes; c++) {
          const ideal = (batch.length * counts[c]) / n;
          if (got[c] < Math.floor(ideal + 1e-9) || got[c] > Math.ceil(ideal - 1e-9)) {
            violations.push(`${where}: batch of ${batch.length} has ${got[c]} of class ${c}, ideal ${ideal}`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test("balanced batches are shuffled and reproducible", () => {
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const a = miniBatches(40, 8, new Rng(8), { labels, balanced: true });
    const b = miniBatches(40, 8, new Rng(8), { labels, balanced: true });
    const c = miniBatches(40, 8, new Rng(9), { labels, balanced: true });
    expect(a.map((x) => Array.from(x))).toEqual(b.map((x) => Array.from(x)));
    expect(a.map((x) => Array.from(x))).not.toEqual(c.map((x) => Array.from(x)));
  });

  test("bad arguments are rejected with what was expected", () => {
    const rng = new Rng(0);
    expect(() => miniBatches(0, 2, rng)).toThrow("miniBatches: n must be an integer >= 1, got 0");
    expect(() => miniBatches(10, 0, rng)).toThrow("miniBatches: batchSize must be an integer >= 1, got 0");
    expect(() => miniBatches(10, 2.5, rng)).toThrow("batchSize must be an integer >= 1, got 2.5");
    expect(() => miniBatches(10, 2, undefined as never)).toThrow("miniBatches: rng must be an Rng");
    expect(() => miniBatches(10, 2, rng, { shufle: false } as never)).toThrow('unknown option "shufle"');
    expect(() => miniBatches(3, 2, rng, { balanced: true })).toThrow("balanced batches need the labels option");
    expect(() => miniBatches(3, 2, rng, { labels: Int32Array.from([0, 1]), balanced: true })).toThrow(
      "labels has 2 entries, expected n = 3",
    );
    expect(() => miniBatches(2, 2, rng, { labels: Int32Array.from([0, -1]), balanced: true })).toThrow(
      "label -1 at position 1 is out of range",
    );
    expect(() => miniBatches(2, 2, rng, { labels: [0, 1] as never })).toThrow("labels must be an Int32Array");
    expect(() => miniBatches(2, 2, rng, { dropLast: "yes" as never })).toThrow("dropLast must be true or false");
  });
});

describe("takeRows and takeLabels", () => {
  test("gather rows of a 2-D tensor", () => {
    const x = Tensor.from([[1, 2], [3, 4], [5, 6]]);
    expect(takeRows(x, Int32Array.from([2, 0, 2])).toArray()).toEqual([[5, 6], [1, 2], [5, 6]]);
  });

  test("gather along axis 0 of rank 1 and rank 4 tensors", () => {
    expect(takeRows(Tensor.from([10, 20, 30]), Int32Array.from([1])).toArray()).toEqual([20]);
    const images = new Tensor(Float64Array.from({ length: 24 }, (_, i) => i), [3, 2, 2, 2]);
    const picked = takeRows(images, Int32Array.from([1]));
    expect(picked.shape).toEqual([1, 2, 2, 2]);
    expect(Array.from(picked.data)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(takeRows(images, new Int32Array(0)).shape).toEqual([0, 2, 2, 2]);
  });

  test("the result is a copy", () => {
    const x = Tensor.from([[1, 2]]);
    takeRows(x, Int32Array.from([0])).data[0] = 99;
    expect(x.get(0, 0)).toBe(1);
  });

  test("gather labels", () => {
    expect(Array.from(takeLabels(Int32Array.from([7, 8, 9]), Int32Array.from([2, 2, 0])))).toEqual([9, 9, 7]);
  });

  test("bad indices and inputs are rejected", () => {
    const x = Tensor.zeros([3, 2]);
    expect(() => takeRows(x, Int32Array.from([0, 3]))).toThrow("takeRows: index 3 at position 1 is out of range for 3 rows");
    expect(() => takeRows(x, [0] as never)).toThrow("takeRows: idx must be an Int32Array");
    expect(() => takeRows(Tensor.zeros([]), Int32Array.from([0]))).toThrow("takeRows: x must be a Tensor of rank >= 1, got shape []");
    expect(() => takeLabels(Int32Array.from([1]), Int32Array.from([-1]))).toThrow("takeLabels: index -1 at position 0 is out of range for 1 rows");
  });
});
