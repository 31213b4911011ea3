/**
 * A scalar autograd in the spirit of micrograd: the computational graph of lecture 002
 * ("Backpropagation": f = (x1 + x2) * x3) made executable.
 *
 * Every operation returns a new `Value` that remembers its inputs (`children`) and a small
 * closure that applies the chain rule locally: given dL/d(out) in `out.grad`, it ADDS
 * (local derivative) · out.grad to each input's `grad`. Adding rather than assigning is what
 * makes a value used twice (a * a, or x feeding two branches) receive the sum of both paths.
 * `backward()` orders the graph so that every node comes after its inputs (a topological
 * sort) and runs the closures in reverse, from the output back to the leaves.
 *
 *   const x1 = new Value(-2, "x1"), x2 = new Value(5, "x2"), x3 = new Value(-4, "x3");
 *   const f = x1.add(x2).mul(x3);   // f.data = -12
 *   f.backward();                   // x1.grad = -4, x2.grad = -4, x3.grad = 3
 */
export class Value {
  /** dL/d(this value) after `backward()`; 0 until then. */
  grad = 0;
  /** Applies the chain rule from this node to its children (a no-op for leaves). */
  private backwardStep: () => void = () => {};

  constructor(
    public data: number,
    /** A name for printing, e.g. "x1". */
    public label = "",
    /** The inputs this value was computed from (empty for a leaf). */
    readonly children: readonly Value[] = [],
    /** The operation that produced it, e.g. "+" or "tanh" (empty for a leaf). */
    readonly op = "",
  ) {
    if (typeof data !== "number") throw new Error(`Value: data must be a number, got ${typeof data}`);
  }

  // ---- binary operations: d(a∘b)/da and d(a∘b)/db ------------------------------------------

  add(other: Value | number): Value {
    const b = asValue(other, "add");
    return this.node(this.data + b.data, "+", [b], (g) => {
      this.grad += g;
      b.grad += g;
    });
  }

  sub(other: Value | number): Value {
    const b = asValue(other, "sub");
    return this.node(this.data - b.data, "-", [b], (g) => {
      this.grad += g;
      b.grad -= g;
    });
  }

  mul(other: Value | number): Value {
    const b = asValue(other, "mul");
    return this.node(this.data * b.data, "*", [b], (g) => {
      this.grad += b.data * g;
      b.grad += this.data * g;
    });
  }

  div(other: Value | number): Value {
    const b = asValue(other, "div");
    if (b.data === 0) throw new Error(`Value.div: division by zero (${this.data} / 0)`);
    // d(a/b)/da = 1/b, d(a/b)/db = -a/b².
    return this.node(this.data / b.data, "/", [b], (g) => {
      this.grad += g / b.data;
      b.grad -= (this.data / (b.data * b.data)) * g;
    });
  }

  // ---- unary operations -----------------------------------------------------------------------

  neg(): Value {
    return this.node(-this.data, "neg", [], (g) => {
      this.grad -= g;
    });
  }

  /** this^k for a constant exponent k: d/dx xᵏ = k xᵏ⁻¹. */
  pow(k: number): Value {
    if (typeof k !== "number" || !Number.isFinite(k)) throw new Error(`Value.pow: the exponent must be a finite number, got ${k}`);
    if (this.data < 0 && !Number.isInteger(k)) {
      throw new Error(`Value.pow: ${this.data} ** ${k} is not a real number (a negative base needs an integer exponent)`);
    }
    if (this.data === 0 && k < 0) throw new Error(`Value.pow: 0 ** ${k} is infinite (zero to a negative power)`);
    return this.node(this.data ** k, `**${k}`, [], (g) => {
      this.grad += k * this.data ** (k - 1) * g;
    });
  }

  /** eˣ, whose derivative is itself. */
  exp(): Value {
    const out = this.node(Math.exp(this.data), "exp", [], (g) => {
      this.grad += out.data * g;
    });
    return out;
  }

  /** Natural logarithm, defined for x > 0: d/dx ln x = 1/x. */
  log(): Value {
    if (!(this.data > 0)) throw new Error(`Value.log: log(${this.data}) is not a real number; the argument must be > 0`);
    return this.node(Math.log(this.data), "log", [], (g) => {
      this.grad += g / this.data;
    });
  }

  /** tanh x, with derivative 1 − tanh² x. */
  tanh(): Value {
    const out = this.node(Math.tanh(this.data), "tanh", [], (g) => {
      this.grad += (1 - out.data * out.data) * g;
    });
    return out;
  }

  /** max(0, x); the derivative at exactly 0 is taken as 0. */
  relu(): Value {
    return this.node(this.data > 0 ? this.data : 0, "relu", [], (g) => {
      this.grad += (this.data > 0 ? 1 : 0) * g;
    });
  }

  /** σ(x) = 1 / (1 + e⁻ˣ), with derivative σ(1 − σ). */
  sigmoid(): Value {
    // Written so that exp never overflows: for x < 0 use eˣ / (1 + eˣ).
    const e = Math.exp(-Math.abs(this.data));
    const s = this.data >= 0 ? 1 / (1 + e) : e / (1 + e);
    return this.node(s, "sigmoid", [], (g) => {
      this.grad += s * (1 - s) * g;
    });
  }

  // ---- backpropagation --------------------------------------------------------------------

  /**
   * Backpropagation from this value: seeds dL/dL = 1 and applies the chain rule node by node
   * in reverse topological order. The intermediate nodes start from 0 on every call, but the
   * leaves' gradients ADD to what is already there (as a Module's parameter gradients do), so
   * two calls give twice the gradient: call `zeroGrad()` before differentiating again.
   */
  backward(): void {
    const order = this.topologicalOrder();
    for (const v of order) if (v.children.length > 0) v.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i].backwardStep();
  }

  /** Sets the gradient of every value in this graph to 0. */
  zeroGrad(): void {
    for (const v of this.topologicalOrder()) v.grad = 0;
  }

  /**
   * Every value this one depends on, each after all of its children. A depth-first search
   * with an explicit stack (rather than recursion), so a long chain such as a sum of 12 000
   * terms does not overflow the call stack.
   */
  topologicalOrder(): Value[] {
    const order: Value[] = [];
    const visited = new Set<Value>();
    const stack: [Value, boolean][] = [[this, false]];
    while (stack.length > 0) {
      const [v, childrenDone] = stack.pop()!;
      if (childrenDone) {
        order.push(v); // all of v's children are already in `order`
      } else if (!visited.has(v)) {
        visited.add(v);
        stack.push([v, true]);
        for (const c of v.children) if (!visited.has(c)) stack.push([c, false]);
      }
    }
    return order;
  }

  toString(): string {
    const name = this.label ? `${this.label}: ` : this.op ? `${this.op}: ` : "";
    return `Value(${name}data=${this.data}, grad=${this.grad})`;
  }

  /** Notebooks print a value with util.inspect; show the readable form. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** A result node: `this` is always the first child, `others` follow. */
  private node(data: number, op: string, others: Value[], step: (g: number) => void): Value {
    const out = new Value(data, "", [this, ...others], op);
    out.backwardStep = () => step(out.grad);
    return out;
  }
}

function asValue(v: Value | number, op: string): Value {
  if (v instanceof Value) return v;
  if (typeof v === "number") return new Value(v);
  throw new Error(`Value.${op}: expected a Value or a number, got ${v === null ? "null" : typeof v}`);
}
