import { Rng, Value, relError } from "gradlab";

/** Centred difference of a plain-Math function of several numbers along coordinate i. */
function centred(f: (xs: number[]) => number, xs: number[], i: number, h = 1e-5): number {
  const plus = [...xs];
  const minus = [...xs];
  plus[i] += h;
  minus[i] -= h;
  return (f(plus) - f(minus)) / (2 * h);
}

/**
 * Builds the expression with Values, backpropagates, and compares each input's grad with
 * centred differences of the same expression written with plain Math (an independent reference).
 */
function checkAgainstMath(
  build: (vs: Value[]) => Value,
  plain: (xs: number[]) => number,
  xs: number[],
): { value: number; grads: number[]; numeric: number[] } {
  const vs = xs.map((x, i) => new Value(x, `x${i}`));
  const out = build(vs);
  out.backward();
  expect(relError(out.data, plain(xs))).toBeLessThan(1e-14);
  const numeric = xs.map((_, i) => centred(plain, xs, i));
  const grads = vs.map((v) => v.grad);
  expect(relError(grads, numeric)).toBeLessThan(1e-7);
  return { value: out.data, grads, numeric };
}

describe("Value: the lecture's computational graph", () => {
  test("(x1 + x2) * x3 at (-2, 5, -4) gives -12 and gradients (-4, -4, 3)", () => {
    const x1 = new Value(-2, "x1");
    const x2 = new Value(5, "x2");
    const x3 = new Value(-4, "x3");
    const z = x1.add(x2);
    const f = z.mul(x3);
    expect(z.data).toBe(3);
    expect(f.data).toBe(-12);
    f.backward();
    // df/dz = x3 = -4, df/dx1 = df/dz · dz/dx1 = -4 · 1, df/dx3 = z = 3.
    expect(f.grad).toBe(1);
    expect(z.grad).toBe(-4);
    expect([x1.grad, x2.grad, x3.grad]).toEqual([-4, -4, 3]);
  });

  test("a node used twice accumulates the gradients of both paths", () => {
    const a = new Value(3, "a");
    const sq = a.mul(a);
    sq.backward();
    expect(sq.data).toBe(9);
    expect(a.grad).toBe(6); // d(a²)/da = 2a, not a

    // b feeds two branches: f = (b + 1)·(b − 2) = b² − b − 2, so df/db = 2b − 1 = 7 at b = 4.
    const b = new Value(4);
    const f = b.add(1).mul(b.sub(2));
    f.backward();
    expect(f.data).toBe(10);
    expect(b.grad).toBe(7);

    // x + x: both operands are the same node.
    const x = new Value(-1.5);
    x.add(x).backward();
    expect(x.grad).toBe(2);
  });

  test("leaf gradients accumulate across backward calls until zeroGrad", () => {
    const x = new Value(2);
    const sq = x.mul(x);
    const y = sq.mul(x); // x³, dy/dx = 3x² = 12
    y.backward();
    expect(x.grad).toBe(12);
    expect(sq.grad).toBe(2); // dy/d(x²) = x
    y.backward();
    expect(x.grad).toBe(24); // leaves add up; intermediate nodes restart from 0
    expect(sq.grad).toBe(2);
    y.zeroGrad();
    expect([x.grad, sq.grad, y.grad]).toEqual([0, 0, 0]);
    y.backward();
    expect(x.grad).toBe(12);

    // Two losses sharing a leaf: the leaf receives the sum, d(x³)/dx + d(5x)/dx = 12 + 5.
    const z = x.mul(5);
    y.zeroGrad();
    y.backward();
    z.backward();
    expect(x.grad).toBe(17);
  });

  test("a long chain does not overflow the stack", () => {
    // 12 000 nested additions: a recursive topological sort overflows Node's stack here.
    const xs = Array.from({ length: 12000 }, (_, i) => new Value(i));
    let s = new Value(0);
    for (const x of xs) s = s.add(x.mul(2));
    s.backward();
    expect(s.data).toBe(11999 * 12000); // 2 · Σ i
    expect(xs.every((x) => x.grad === 2)).toBe(true);
  });
});

describe("Value: every operation against finite differences of plain Math", () => {
  const rng = new Rng(7);
  const pick = (lo: number, hi: number): number => rng.uniformIn(lo, hi);

  test("binary operations with Value operands", () => {
    for (let trial = 0; trial < 20; trial++) {
      const a = pick(-3, 3);
      // Keep the divisor away from 0 so the difference quotient is well conditioned.
      const b = (rng.uniform() < 0.5 ? -1 : 1) * pick(0.5, 3);
      checkAgainstMath(([x, y]) => x.add(y), ([x, y]) => x + y, [a, b]);
      checkAgainstMath(([x, y]) => x.sub(y), ([x, y]) => x - y, [a, b]);
      checkAgainstMath(([x, y]) => x.mul(y), ([x, y]) => x * y, [a, b]);
      checkAgainstMath(([x, y]) => x.div(y), ([x, y]) => x / y, [a, b]);
    }
  });

  test("binary operations with plain-number operands", () => {
    const a = pick(0.5, 2);
    const { grads: add } = checkAgainstMath(([x]) => x.add(2.5), ([x]) => x + 2.5, [a]);
    const { grads: sub } = checkAgainstMath(([x]) => x.sub(2.5), ([x]) => x - 2.5, [a]);
    const { grads: mul } = checkAgainstMath(([x]) => x.mul(-3), ([x]) => x * -3, [a]);
    const { grads: div } = checkAgainstMath(([x]) => x.div(4), ([x]) => x / 4, [a]);
    expect([add[0], sub[0], mul[0], div[0]]).toEqual([1, 1, -3, 0.25]);
  });

  test("unary operations", () => {
    for (let trial = 0; trial < 20; trial++) {
      const a = pick(-2, 2);
      const positive = pick(0.2, 3);
      checkAgainstMath(([x]) => x.neg(), ([x]) => -x, [a]);
      checkAgainstMath(([x]) => x.exp(), ([x]) => Math.exp(x), [a]);
      checkAgainstMath(([x]) => x.log(), ([x]) => Math.log(x), [positive]);
      checkAgainstMath(([x]) => x.tanh(), ([x]) => Math.tanh(x), [a]);
      checkAgainstMath(([x]) => x.sigmoid(), ([x]) => 1 / (1 + Math.exp(-x)), [a]);
      // ReLU away from its kink at 0.
      const r = (rng.uniform() < 0.5 ? -1 : 1) * pick(0.1, 2);
      checkAgainstMath(([x]) => x.relu(), ([x]) => Math.max(0, x), [r]);
    }
  });

  test("pow with integer, negative and fractional exponents", () => {
    for (const k of [2, 3, -1, -2, 0.5, 1.7, 0]) {
      checkAgainstMath(([x]) => x.pow(k), ([x]) => x ** k, [pick(0.5, 2)]);
    }
    // A negative base is fine with an integer exponent: d/dx x³ = 3x² = 12 at x = -2.
    const { value, grads } = checkAgainstMath(([x]) => x.pow(3), ([x]) => x ** 3, [-2]);
    expect(value).toBe(-8);
    expect(grads[0]).toBe(12);
  });

  test("a composite expression of every operation", () => {
    const build = ([x, y, z]: Value[]): Value =>
      x.mul(y).add(z.exp().div(y)).tanh().sub(x.pow(2).log()).mul(z.sigmoid()).add(y.relu().neg());
    const plain = ([x, y, z]: number[]): number =>
      (Math.tanh(x * y + Math.exp(z) / y) - Math.log(x ** 2)) * (1 / (1 + Math.exp(-z))) - Math.max(0, y);
    for (let trial = 0; trial < 10; trial++) {
      checkAgainstMath(build, plain, [pick(0.3, 1.5), pick(0.5, 2), pick(-1, 1)]);
    }
  });

  test("sigmoid does not overflow for large |x|", () => {
    expect(new Value(-800).sigmoid().data).toBe(0);
    expect(new Value(800).sigmoid().data).toBe(1);
    const s = new Value(-30).sigmoid();
    expect(relError(s.data, 1 / (1 + Math.exp(30)))).toBeLessThan(1e-15);
  });
});

describe("Value: a neuron", () => {
  test("tanh(w1 x1 + w2 x2 + b) against the hand-derived derivative", () => {
    // b = atanh(1/√2) + 6, so n = w1 x1 + w2 x2 + b = atanh(1/√2) and o = 1/√2.
    const x1 = new Value(2, "x1");
    const x2 = new Value(0, "x2");
    const w1 = new Value(-3, "w1");
    const w2 = new Value(1, "w2");
    const b = new Value(6 + Math.atanh(Math.SQRT1_2), "b");
    const n = w1.mul(x1).add(w2.mul(x2)).add(b);
    const o = n.tanh();
    o.backward();
    expect(o.data).toBeCloseTo(Math.SQRT1_2, 14);
    // do/dn = 1 − o² = 1/2; do/dwᵢ = xᵢ/2, do/dxᵢ = wᵢ/2, do/db = 1/2.
    expect(n.grad).toBeCloseTo(0.5, 14);
    expect(w1.grad).toBeCloseTo(1, 14);
    expect(w2.grad).toBeCloseTo(0, 14);
    expect(x1.grad).toBeCloseTo(-1.5, 14);
    expect(x2.grad).toBeCloseTo(0.5, 14);
    expect(b.grad).toBeCloseTo(0.5, 14);
  });
});

describe("Value: errors and printing", () => {
  test("log of a non-positive number is an error", () => {
    expect(() => new Value(0).log()).toThrow("Value.log: log(0) is not a real number; the argument must be > 0");
    expect(() => new Value(-1).log()).toThrow("log(-1) is not a real number");
    expect(() => new Value(NaN).log()).toThrow("log(NaN)");
  });

  test("pow of a negative base with a non-integer exponent is an error", () => {
    expect(() => new Value(-2).pow(0.5)).toThrow(
      "Value.pow: -2 ** 0.5 is not a real number (a negative base needs an integer exponent)",
    );
    expect(() => new Value(0).pow(-1)).toThrow("Value.pow: 0 ** -1 is infinite");
    expect(() => new Value(2).pow(NaN)).toThrow("Value.pow: the exponent must be a finite number, got NaN");
  });

  test("division by zero and operands of the wrong type are errors", () => {
    expect(() => new Value(1).div(0)).toThrow("Value.div: division by zero (1 / 0)");
    expect(() => new Value(1).div(new Value(0))).toThrow("division by zero");
    expect(() => new Value(1).add("2" as never)).toThrow("Value.add: expected a Value or a number, got string");
    expect(() => new Value(1).mul(null as never)).toThrow("Value.mul: expected a Value or a number, got null");
    expect(() => new Value("3" as never)).toThrow("Value: data must be a number, got string");
  });

  test("toString shows the label or operation, the data and the gradient", () => {
    const x = new Value(-2, "x1");
    const y = x.mul(3);
    y.backward();
    expect(x.toString()).toBe("Value(x1: data=-2, grad=3)");
    expect(String(y)).toBe("Value(*: data=-6, grad=1)");
    expect(new Value(0.5).toString()).toBe("Value(data=0.5, grad=0)");
    expect(y.children).toHaveLength(2);
    expect(y.children[0]).toBe(x);
    expect(y.op).toBe("*");
  });
});
