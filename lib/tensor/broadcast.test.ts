import { Rng, Tensor, broadcastShapes } from "gradlab";

const RULE = "(numpy's rule: aligned from the right, each pair of sizes equal or one of them 1)";

describe("broadcastShapes: numpy's rule", () => {
  test("aligns from the right and stretches sizes of 1", () => {
    expect(broadcastShapes([2, 1], [3])).toEqual([2, 3]);
    expect(broadcastShapes([5, 4], [4])).toEqual([5, 4]);
    expect(broadcastShapes([8, 1, 6, 1], [7, 1, 5])).toEqual([8, 7, 6, 5]); // numpy's documentation example
    expect(broadcastShapes([], [3, 2])).toEqual([3, 2]);
    expect(broadcastShapes([3, 1], [1, 0])).toEqual([3, 0]); // 1 stretches to 0 as well
    expect(broadcastShapes([], [])).toEqual([]);
  });

  test("sizes that differ and are not 1 are an error naming both shapes and the rule", () => {
    expect(() => broadcastShapes([3, 4], [3])).toThrow(`broadcastShapes: shapes [3, 4] and [3] do not broadcast ${RULE}`);
    expect(() => broadcastShapes([2, 1], [8, 4, 3], "here")).toThrow("here: shapes [2, 1] and [8, 4, 3] do not broadcast");
    expect(() => broadcastShapes([0], [2])).toThrow("shapes [0] and [2] do not broadcast");
  });
});

describe("Tensor arithmetic broadcasts", () => {
  /**
   * numpy's rule written out for one output element: index the operands from the right, reading
   * index 0 along an axis of size 1. Independent of the library's strided walks and fast paths.
   */
  function byElement(a: Tensor, b: Tensor, f: (x: number, y: number) => number): { shape: number[]; data: number[] } {
    const shape = broadcastShapes(a.shape, b.shape);
    const size = shape.reduce((n, d) => n * d, 1);
    const offset = (t: Tensor, index: number[]): number => {
      let o = 0;
      for (let d = 0; d < t.ndim; d++) o = o * t.shape[d] + (t.shape[d] === 1 ? 0 : index[index.length - t.ndim + d]);
      return o;
    };
    const data: number[] = [];
    for (let flat = 0; flat < size; flat++) {
      const index: number[] = [];
      for (let d = shape.length - 1, rest = flat; d >= 0; d--) {
        index.unshift(rest % shape[d]);
        rest = Math.floor(rest / shape[d]);
      }
      data.push(f(a.data[offset(a, index)], b.data[offset(b, index)]));
    }
    return { shape, data };
  }

  test("rows, columns and everything else agree with numpy's rule element by element, both ways round", () => {
    // The pairs a layer and a loss use (a bias row, a keepdims column), which take a fast path,
    // around the shapes that must not: a column of another rank, a size-1 last axis, empty tensors.
    const pairs: [number[], number[]][] = [
      [[5, 4], [4]], [[5, 4], [1, 4]], [[3, 5, 4], [4]], [[3, 5, 4], [1, 1, 4]], [[5, 1], [1]],
      [[5, 4], [5, 1]], [[3, 5, 4], [3, 5, 1]], [[5, 4], [1]], [[3, 5, 4], [5, 1]], [[5, 1], [5, 1]],
      [[0, 4], [4]], [[0, 4], [0, 1]], [[2, 3], [4, 1, 3]], [[4], [4]],
    ];
    const rng = new Rng(7);
    const ops: [string, (t: Tensor, u: Tensor) => Tensor, (x: number, y: number) => number][] = [
      ["sub", (t, u) => t.sub(u), (x, y) => x - y],
      ["div", (t, u) => t.div(u), (x, y) => x / y],
      ["maximum", (t, u) => t.maximum(u), (x, y) => Math.max(x, y)],
    ];
    for (const [sa, sb] of pairs) {
      const a = Tensor.randn(sa, rng);
      const b = Tensor.randn(sb, rng);
      for (const [name, op, f] of ops) {
        for (const [x, y, g] of [[a, b, f], [b, a, f]] as const) {
          const want = byElement(x, y, g);
          const got = op(x, y);
          expect({ op: name, x: x.shape, y: y.shape, shape: got.shape, data: Array.from(got.data) }).toEqual({ op: name, x: x.shape, y: y.shape, ...want });
        }
      }
    }
  });

  test("[2, 1] + [3] worked by hand", () => {
    const col = Tensor.from([[10], [20]]);
    const row = Tensor.from([1, 2, 3]);
    expect(col.add(row).toArray()).toEqual([[11, 12, 13], [21, 22, 23]]);
    expect(row.add(col).toArray()).toEqual([[11, 12, 13], [21, 22, 23]]);
    expect(col.sub(row).toArray()).toEqual([[9, 8, 7], [19, 18, 17]]);
    expect(row.sub(col).toArray()).toEqual([[-9, -8, -7], [-19, -18, -17]]);
    expect(col.mul(row).toArray()).toEqual([[10, 20, 30], [20, 40, 60]]);
    expect(col.div(row.mul(2)).toArray()).toEqual([[5, 2.5, 10 / 6], [10, 5, 20 / 6]]);
  });

  test("a bias row on a batch, [N, out] + [out], as in y = x Wᵀ + b", () => {
    const x = Tensor.from([[1, 0], [0, 1], [2, -1]]); // [3, 2]
    const W = Tensor.from([[1, 2], [3, 4], [5, 6], [7, 8]]); // [4, 2]
    const b = Tensor.from([0.5, -0.5, 1, 0]);
    // Rows of x Wᵀ: [1, 3, 5, 7], [2, 4, 6, 8], [0, 2, 4, 6]
    expect(x.matmul(W.transpose()).add(b).toArray()).toEqual([
      [1.5, 2.5, 6, 7],
      [2.5, 3.5, 7, 8],
      [0.5, 1.5, 5, 6],
    ]);
  });

  test("3-D against a middle axis, [2, 3, 2] * [3, 1], each element by hand", () => {
    const x = Tensor.arange(12).reshape([2, 3, 2]);
    const s = Tensor.from([[1], [10], [100]]);
    expect(x.mul(s).toArray()).toEqual([
      [[0, 1], [20, 30], [400, 500]],
      [[6, 7], [80, 90], [1000, 1100]],
    ]);
    // [1, 3, 1] from the left and [2, 1, 1] + [1, 1, 2] give the full [2, 3, 2]
    expect(Tensor.from([[[0]], [[1]]]).add(Tensor.from([[[10, 20]]])).toArray()).toEqual([[[10, 20]], [[11, 21]]]);
    expect(Tensor.from([[[0]], [[1]]]).add(Tensor.from([[[10, 20]]])).shape).toEqual([2, 1, 2]);
  });

  test("a scalar, a 0-D tensor and a size-1 tensor broadcast alike", () => {
    const x = Tensor.from([[1, 2], [3, 4]]);
    expect(x.sub(Tensor.from(1)).toArray()).toEqual([[0, 1], [2, 3]]);
    expect(x.sub(Tensor.from([1])).toArray()).toEqual([[0, 1], [2, 3]]);
    expect(x.sub(1).toArray()).toEqual([[0, 1], [2, 3]]);
    expect(Tensor.from(2).mul(x).toArray()).toEqual([[2, 4], [6, 8]]);
    expect(Tensor.from(2).mul(Tensor.from(3)).shape).toEqual([]);
  });

  test("pow, maximum and minimum broadcast and follow numpy", () => {
    const x = Tensor.from([[-2, -0.5], [0.5, 3]]);
    expect(x.pow(2).toArray()).toEqual([[4, 0.25], [0.25, 9]]);
    expect(Tensor.from([4, 9]).pow(0.5).toArray()).toEqual([2, 3]);
    expect(Tensor.from([[2], [3]]).pow(Tensor.from([0, 1, 3])).toArray()).toEqual([[1, 2, 8], [1, 3, 27]]);
    expect(Number.isNaN(Tensor.from([-8]).pow(1 / 3).data[0])).toBe(true); // as numpy: a real power of a negative
    expect(x.maximum(0).toArray()).toEqual([[0, 0], [0.5, 3]]);
    expect(x.minimum(Tensor.from([0, 1])).toArray()).toEqual([[-2, -0.5], [0, 1]]);
    expect(Number.isNaN(Tensor.from([NaN, 1]).maximum(0).data[0])).toBe(true); // NaN propagates
  });

  test("every binary operation names itself when shapes do not broadcast", () => {
    const a = Tensor.zeros([3, 4]);
    const b = Tensor.zeros([3]);
    for (const op of ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "gt", "ge", "lt", "le", "eq", "ne"] as const) {
      expect(() => a[op](b)).toThrow(`Tensor.${op}: shapes [3, 4] and [3] do not broadcast ${RULE}`);
    }
  });

  test("an operand that is neither a tensor nor a number is an error saying so", () => {
    const a = Tensor.zeros([2]);
    expect(() => a.add([1, 2] as never)).toThrow("Tensor.add: other must be a Tensor or a number, got an array (use Tensor.from)");
    expect(() => a.gt("1" as never)).toThrow("Tensor.gt: other must be a Tensor or a number, got string 1");
    expect(() => a.addInPlace(undefined as never)).toThrow(/^Tensor.addInPlace: value must be a Tensor or a number, got undefined$/);
    expect(() => Tensor.where(1 as never, a, 0)).toThrow("Tensor.where: cond must be a Tensor, got number 1");
  });

  test("inputs are left unchanged", () => {
    const a = Tensor.from([[1], [2]]);
    const b = Tensor.from([3, 4]);
    a.add(b);
    a.maximum(b);
    expect(a.toArray()).toEqual([[1], [2]]);
    expect(b.toArray()).toEqual([3, 4]);
  });
});

describe("comparisons and where", () => {
  const x = Tensor.from([[-1, 0, 2], [3, 0, -4]]);

  test("comparisons are 0/1 masks, broadcasting", () => {
    expect(x.gt(0).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(x.ge(0).toArray()).toEqual([[0, 1, 1], [1, 1, 0]]);
    expect(x.lt(0).toArray()).toEqual([[1, 0, 0], [0, 0, 1]]);
    expect(x.le(0).toArray()).toEqual([[1, 1, 0], [0, 1, 1]]);
    expect(x.eq(0).toArray()).toEqual([[0, 1, 0], [0, 1, 0]]);
    expect(x.ne(0).toArray()).toEqual([[1, 0, 1], [1, 0, 1]]);
    // against a row [0, 0, 2]: broadcasting over the two rows
    expect(x.eq(Tensor.from([-1, 0, 2])).toArray()).toEqual([[1, 1, 1], [0, 1, 0]]);
    expect(x.gt(Tensor.from([[0], [2]])).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    // NaN compares false, except `ne`
    const nan = Tensor.from([NaN]);
    expect([nan.gt(0), nan.lt(0), nan.eq(nan), nan.ne(nan)].map((t) => t.data[0])).toEqual([0, 0, 0, 1]);
  });

  test("ReLU's bprop dy * (x > 0) as a mask product", () => {
    const dy = Tensor.from([[10, 20, 30], [40, 50, 60]]);
    expect(dy.mul(x.gt(0)).toArray()).toEqual([[0, 0, 30], [40, 0, 0]]);
  });

  test("where picks from a where cond is nonzero, else from b; all three broadcast", () => {
    expect(Tensor.where(x.gt(0), x, 0).toArray()).toEqual([[0, 0, 2], [3, 0, 0]]);
    expect(Tensor.where(x, 1, -1).toArray()).toEqual([[1, -1, 1], [1, -1, 1]]); // nonzero test
    const cond = Tensor.from([[1], [0]]); // [2, 1]
    const a = Tensor.from([1, 2, 3]); // [3]
    const b = Tensor.from([[-1], [-2]]); // [2, 1]
    expect(Tensor.where(cond, a, b).toArray()).toEqual([[1, 2, 3], [-2, -2, -2]]);
    expect(Tensor.where(Tensor.from([NaN]), 1, 0).data[0]).toBe(1); // NaN is nonzero
    expect(Tensor.where(cond, Tensor.zeros([4]), b).shape).toEqual([2, 4]);
    expect(() => Tensor.where(cond, a, Tensor.zeros([2, 2]))).toThrow(`Tensor.where: shapes [2, 1], [3] and [2, 2] do not broadcast ${RULE}`);
  });
});

describe("broadcastTo and in-place updates", () => {
  test("broadcastTo copies the stretched values", () => {
    const b = Tensor.from([[1], [2]]).broadcastTo([3, 2, 2]);
    expect(b.toArray()).toEqual([[[1, 1], [2, 2]], [[1, 1], [2, 2]], [[1, 1], [2, 2]]]);
    b.data[0] = 9;
    expect(b.data[1]).toBe(1); // a copy, not a view
    expect(() => Tensor.zeros([3, 4]).broadcastTo([3])).toThrow(`Tensor.broadcastTo: shape [3, 4] does not broadcast to [3] ${RULE}`);
    expect(() => Tensor.zeros([2]).broadcastTo([2, 3])).toThrow("shape [2] does not broadcast to [2, 3]");
    expect(() => Tensor.zeros([2]).broadcastTo([-2])).toThrow("Tensor.broadcastTo: invalid shape [-2]");
  });

  test("addInPlace, subInPlace, mulInPlace, divInPlace broadcast into a shape that never changes", () => {
    const g = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    const same = g.addInPlace(Tensor.from([10, 20, 30]));
    expect(same).toBe(g); // returns this for chaining
    expect(g.toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    g.subInPlace(Tensor.from([[1], [4]])).mulInPlace(2).divInPlace(Tensor.from([2, 4, 6]));
    // ((11, 22, 33) - 1) * 2 / (2, 4, 6) = (10, 10.5, 32/3); ((14, 25, 36) - 4) * 2 / (2, 4, 6) = (10, 10.5, 32/3)
    expect(g.toArray()).toEqual([[10, 10.5, 64 / 6], [10, 10.5, 64 / 6]]);
    expect(() => g.addInPlace(Tensor.zeros([3, 3]))).toThrow(
      "Tensor.addInPlace: a value of shape [3, 3] does not broadcast to this tensor's shape [2, 3]",
    );
    // [2, 1] + [3] would broadcast to [2, 3], but that is not the target's shape [2, 1]
    expect(() => Tensor.zeros([2, 1]).addInPlace(Tensor.zeros([3]))).toThrow("an in-place update keeps the target's shape");
  });

  test("in place with a number, a same-shape tensor and a broadcast one, element by element", () => {
    const rng = new Rng(3);
    const x = Tensor.randn([4, 3], rng);
    const same = Tensor.randn([4, 3], rng);
    const row = Tensor.randn([3], rng);
    const want = Array.from(x.data, (v, i) => ((v + same.data[i]) * 2.5 - row.data[i % 3]) / same.data[i]);
    x.addInPlace(same).mulInPlace(2.5).subInPlace(row).divInPlace(same);
    expect(Array.from(x.data)).toEqual(want);
    expect(() => x.addInPlace([1, 2, 3] as unknown as Tensor)).toThrow("Tensor.addInPlace: value must be a Tensor or a number, got an array (use Tensor.from)");
  });

  test("gradient accumulation: W.grad.addInPlace(dW) twice is the sum", () => {
    const grad = Tensor.zeros([2, 2]);
    grad.addInPlace(Tensor.from([[1, 2], [3, 4]])).addInPlace(Tensor.from([[0.5, 0.5], [0.5, 0.5]]));
    expect(grad.toArray()).toEqual([[1.5, 2.5], [3.5, 4.5]]);
  });

  test("adding a tensor to itself doubles it", () => {
    const x = Tensor.from([[1, 2], [3, 4]]);
    x.addInPlace(x).addInPlace(x.reshape([1, 2, 2]).squeeze(0));
    expect(x.toArray()).toEqual([[4, 8], [12, 16]]);
  });

  test("fill and copyFrom", () => {
    const t = Tensor.zeros([2, 2]).fill(3);
    expect(t.toArray()).toEqual([[3, 3], [3, 3]]);
    expect(t.copyFrom(Tensor.from([[1, 2], [3, 4]])).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => t.copyFrom(Tensor.zeros([4]))).toThrow("Tensor.copyFrom: this has shape [2, 2] but other has shape [4]; they must be equal");
  });
});
