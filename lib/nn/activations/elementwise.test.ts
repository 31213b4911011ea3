import { ElementwiseActivation, Rng, Tensor, gradcheck } from "gradlab";

/** A student-style activation written on the base class: g(a) = a², g'(a) = 2a. */
class Square extends ElementwiseActivation {
  protected forward(x: Float64Array, y: Float64Array): void {
    for (let i = 0; i < x.length; i++) y[i] = x[i] * x[i];
  }

  protected backward(x: Float64Array, _y: Float64Array, dy: Float64Array, dx: Float64Array): void {
    for (let i = 0; i < x.length; i++) dx[i] = 2 * x[i] * dy[i];
  }
}

describe("ElementwiseActivation", () => {
  test("a subclass gets fprop/bprop for any shape, including 0-D and 1-D", () => {
    const sq = new Square();
    expect(sq.fprop(Tensor.from([[1, -2], [3, 0.5]])).toArray()).toEqual([[1, 4], [9, 0.25]]);
    expect(sq.bprop(Tensor.from([[1, 1], [2, -1]])).toArray()).toEqual([[2, -4], [12, -1]]);
    expect(sq.fprop(Tensor.from(3)).toArray()).toBe(9);
    expect(sq.fprop(Tensor.from([-1, 2])).shape).toEqual([2]);
  });

  test("gradcheck passes on a 4-D input", () => {
    const rng = new Rng(3);
    const report = gradcheck(new Square(), Tensor.randn([2, 3, 2, 2], rng));
    expect(report.entries.map((e) => e.name)).toEqual(["x"]);
    expect(report.entries[0].relError).toBeLessThan(1e-7);
  });

  test("fprop neither mutates nor returns its input; bprop returns a fresh tensor", () => {
    const sq = new Square();
    const x = Tensor.from([1, 2, 3]);
    const y = sq.fprop(x);
    expect(y).not.toBe(x);
    expect(x.toArray()).toEqual([1, 2, 3]);
    const dy = Tensor.ones([3]);
    expect(sq.bprop(dy)).not.toBe(dy);
  });

  test("bprop before fprop, and dy of another shape than x, are errors naming both shapes", () => {
    const sq = new Square();
    expect(() => sq.bprop(Tensor.zeros([2]))).toThrow("Square.bprop: called before fprop");
    sq.fprop(Tensor.zeros([2, 3]));
    expect(() => sq.bprop(Tensor.zeros([3, 2]))).toThrow(
      "Square.bprop: dy has shape [3, 2] but the cached input x has shape [2, 3]; they must be equal",
    );
  });

  test("has no parameters and prints its kind", () => {
    const sq = new Square();
    expect(sq.params()).toEqual([]);
    expect(String(sq)).toBe("Square");
  });
});
