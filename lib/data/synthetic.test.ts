import { Rng, Tensor, blobs, moons, noisyLinear, spiral, toyRegression, xor } from "gradlab";

function labelCounts(y: Int32Array, classes: number): number[] {
  const counts = new Array(classes).fill(0);
  for (const c of y) counts[c]++;
  return counts;
}

function sameData(a: { x: Tensor; y: Int32Array | Tensor }, b: { x: Tensor; y: Int32Array | Tensor }): boolean {
  const yA = a.y instanceof Tensor ? a.y.data : a.y;
  const yB = b.y instanceof Tensor ? b.y.data : b.y;
  return a.x.data.every((v, i) => v === b.x.data[i]) && yA.every((v, i) => v === yB[i]);
}

describe("seeding", () => {
  const generators: [string, (rng: Rng) => { x: Tensor; y: Int32Array | Tensor }][] = [
    ["spiral", (rng) => spiral({ n: 20, rng })],
    ["moons", (rng) => moons({ n: 20, rng })],
    ["xor", (rng) => xor({ n: 10, rng })],
    ["blobs", (rng) => blobs({ k: 3, n: 10, rng })],
    ["noisyLinear", (rng) => noisyLinear({ n: 20, rng })],
  ];
  test.each(generators)("%s: same seed gives identical data, another seed different data", (_, make) => {
    expect(sameData(make(new Rng(1)), make(new Rng(1)))).toBe(true);
    expect(sameData(make(new Rng(1)), make(new Rng(2)))).toBe(false);
  });
});

describe("spiral", () => {
  test("shapes and label counts (n per class, K classes)", () => {
    const d = spiral({ n: 50, classes: 4, rng: new Rng(0) });
    expect(d.x.shape).toEqual([200, 2]);
    expect(d.classes).toBe(4);
    expect(labelCounts(d.y, 4)).toEqual([50, 50, 50, 50]);
    expect(spiral({ n: 5, classes: 2, rng: new Rng(0) }).x.shape).toEqual([10, 2]); // two spirals
  });

  test("radii grow linearly from 0 to 1 along each arm (noise only moves the angle)", () => {
    const n = 11;
    const d = spiral({ n, rng: new Rng(3), noise: 0.5 });
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < n; i++) {
        const r = Math.hypot(d.x.get(j * n + i, 0), d.x.get(j * n + i, 1));
        expect(Math.abs(r - i / (n - 1))).toBeLessThan(1e-15);
      }
    }
  });

  test("without noise, point i of class j is at angle 4j + 4i/(n−1): (r sin t, r cos t)", () => {
    const d = spiral({ n: 3, classes: 2, noise: 0, rng: new Rng(0) });
    // Class 1, i = 1: r = 0.5, t = 4 + 2 = 6; class 0, i = 2: r = 1, t = 4.
    expect(d.x.get(4, 0)).toBeCloseTo(0.5 * Math.sin(6), 15);
    expect(d.x.get(4, 1)).toBeCloseTo(0.5 * Math.cos(6), 15);
    expect(d.x.get(2, 0)).toBeCloseTo(Math.sin(4), 15);
    expect(d.x.get(2, 1)).toBeCloseTo(Math.cos(4), 15);
    expect(d.x.get(0, 0)).toBe(0); // every arm starts at the origin
  });
});

describe("moons", () => {
  test("shapes, labels and the two half-circles (no noise)", () => {
    const n = 25;
    const d = moons({ n, noise: 0, rng: new Rng(0) });
    expect(d.x.shape).toEqual([50, 2]);
    expect(labelCounts(d.y, 2)).toEqual([25, 25]);
    for (let i = 0; i < n; i++) {
      // Class 0: upper half of the unit circle around (0, 0).
      const [x0, y0] = [d.x.get(i, 0), d.x.get(i, 1)];
      expect(Math.abs(Math.hypot(x0, y0) - 1)).toBeLessThan(1e-15);
      expect(y0).toBeGreaterThanOrEqual(0);
      // Class 1: lower half of the unit circle around (1, 0.5).
      const [x1, y1] = [d.x.get(n + i, 0), d.x.get(n + i, 1)];
      expect(Math.abs(Math.hypot(x1 - 1, y1 - 0.5) - 1)).toBeLessThan(1e-15);
      expect(y1).toBeLessThanOrEqual(0.5);
    }
    // End points: (1, 0) and (−1, 0); (0, 0.5) and (2, 0.5).
    expect([d.x.get(0, 0), d.x.get(0, 1)]).toEqual([1, 0]);
    expect([d.x.get(n, 0), d.x.get(n, 1)]).toEqual([0, 0.5]);
    expect(d.x.get(n - 1, 0)).toBeCloseTo(-1, 15);
    expect(d.x.get(2 * n - 1, 0)).toBeCloseTo(2, 15);
  });

  test("noise has the requested standard deviation", () => {
    const clean = moons({ n: 2000, noise: 0, rng: new Rng(0) });
    const noisy = moons({ n: 2000, noise: 0.1, rng: new Rng(0) });
    const diff = noisy.x.sub(clean.x);
    const std = Math.sqrt(diff.mul(diff).mean());
    expect(Math.abs(std - 0.1)).toBeLessThan(0.005); // 8000 samples: standard error ≈ 0.0008
  });
});

describe("xor", () => {
  test("four clusters with XOR labels", () => {
    const n = 400;
    const d = xor({ n, std: 0.2, rng: new Rng(5) });
    expect(d.x.shape).toEqual([1600, 2]);
    expect(labelCounts(d.y, 2)).toEqual([800, 800]);
    const centres = [[1, 1], [-1, -1], [1, -1], [-1, 1]];
    centres.forEach(([cx, cy], k) => {
      let mx = 0;
      let my = 0;
      for (let i = 0; i < n; i++) {
        mx += d.x.get(k * n + i, 0) / n;
        my += d.x.get(k * n + i, 1) / n;
        expect(d.y[k * n + i]).toBe(cx * cy > 0 ? 0 : 1);
      }
      // Cluster means within 5 standard errors (0.2/√400 = 0.01) of the centres.
      expect(Math.abs(mx - cx)).toBeLessThan(0.05);
      expect(Math.abs(my - cy)).toBeLessThan(0.05);
    });
  });
});

describe("blobs", () => {
  test("given centres: shapes, labels and cluster means", () => {
    const centers = [[0, 0, 0], [5, -5, 2]];
    const d = blobs({ centers, std: 0.5, n: 500, rng: new Rng(9) });
    expect(d.x.shape).toEqual([1000, 3]);
    expect(labelCounts(d.y, 2)).toEqual([500, 500]);
    expect(d.centers.toArray()).toEqual(centers);
    for (let c = 0; c < 2; c++) {
      for (let j = 0; j < 3; j++) {
        let m = 0;
        for (let i = 0; i < 500; i++) m += d.x.get(c * 500 + i, j) / 500;
        expect(Math.abs(m - centers[c][j])).toBeLessThan(0.12); // 5 standard errors (0.5/√500)
      }
    }
  });

  test("k random centres in the box", () => {
    const d = blobs({ k: 4, dim: 3, box: 2, n: 7, rng: new Rng(1) });
    expect(d.x.shape).toEqual([28, 3]);
    expect(d.classes).toBe(4);
    expect(d.centers.shape).toEqual([4, 3]);
    expect(d.centers.data.every((v) => v >= -2 && v < 2)).toBe(true);
  });

  test("bad options are rejected", () => {
    expect(() => blobs({ k: 2, centers: [[0, 0]] })).toThrow("blobs: give either centers or k, not both");
    expect(() => blobs({ centers: [[0, 0]], dim: 3 })).toThrow("blobs: dim = 3 does not match centers of shape [1, 2]");
    expect(() => blobs({ centers: [1, 2] as never })).toThrow("centers has shape [2], expected [k, D]");
    expect(() => blobs({ std: -1 })).toThrow("blobs: std must be a finite number >= 0, got -1");
  });
});

describe("bad options", () => {
  test("are rejected with what was expected", () => {
    expect(() => spiral({ n: 0 })).toThrow("spiral: n must be an integer >= 1, got 0");
    expect(() => spiral({ classes: 1 })).toThrow("spiral: classes must be an integer >= 2, got 1");
    expect(() => spiral({ K: 3 } as never)).toThrow('spiral: unknown option "K"');
    expect(() => moons({ noise: NaN })).toThrow("moons: noise must be a finite number >= 0, got NaN");
    expect(() => xor({ rng: 3 as never })).toThrow("xor: rng must be an Rng");
    expect(() => noisyLinear({ w: [] })).toThrow("noisyLinear: w must be a non-empty array");
    expect(() => noisyLinear({ w: [1, NaN] })).toThrow("noisyLinear: w[1] must be a finite number, got NaN");
  });
});

describe("regression data", () => {
  test("toyRegression is lecture 001's data set exactly", () => {
    const d = toyRegression();
    expect(d.x.toArray()).toEqual([[2, 2], [2, 0]]);
    expect(d.y.toArray()).toEqual([[2], [0]]);
    d.x.data[0] = 7; // a fresh copy each call
    expect(toyRegression().x.get(0, 0)).toBe(2);
  });

  test("noisyLinear: y = wᵀx + b exactly without noise, and shapes", () => {
    const d = noisyLinear({ n: 5, w: [1, -2, 0.5], b: 3, noise: 0, rng: new Rng(4) });
    expect(d.x.shape).toEqual([5, 3]);
    expect(d.y.shape).toEqual([5, 1]);
    for (let i = 0; i < 5; i++) {
      const f = d.x.get(i, 0) - 2 * d.x.get(i, 1) + 0.5 * d.x.get(i, 2) + 3;
      expect(Math.abs(d.y.get(i, 0) - f)).toBeLessThan(1e-14);
    }
  });

  test("noisyLinear: residuals have the requested noise level", () => {
    const d = noisyLinear({ n: 4000, noise: 0.3, rng: new Rng(8) }); // default w = [2, −3.4], b = 4.2
    let ss = 0;
    for (let i = 0; i < 4000; i++) {
      const r = d.y.get(i, 0) - (2 * d.x.get(i, 0) - 3.4 * d.x.get(i, 1) + 4.2);
      ss += r * r;
    }
    expect(Math.abs(Math.sqrt(ss / 4000) - 0.3)).toBeLessThan(0.02); // standard error ≈ 0.0034
  });
});
