import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { Module, Param } from "./module";

/**
 * A chain of layers, the lectures' network h⁽⁰⁾ = x → a⁽¹⁾ → h⁽¹⁾ → … → f(x) as one module.
 *
 * fprop runs the layers in order; bprop runs their bprops in reverse, each turning dL/d(output)
 * into dL/d(input) (lecture 004, "FLOW GRAPH"). Parameters are named by layer index, as
 * PyTorch's nn.Sequential does: "0.W", "0.b", "2.W", … (nested containers give "1.0.W").
 * train()/eval() reach every layer through `children()`.
 *
 * A layer object may appear only once: each layer caches its own input in fprop, so a second
 * use would overwrite what the first use's bprop needs.
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];
  /** One named view per child parameter, created once so params() returns the same objects each call. */
  private readonly named = new WeakMap<Param, Param>();

  constructor(layers: Module[]) {
    super();
    const example = "e.g. new Sequential([new Linear(4, 8), new Tanh(), new Linear(8, 1)])";
    if (!Array.isArray(layers)) {
      throw new Error(`Sequential: expected an array of layers, ${example}; got ${describeValue(layers)}`);
    }
    if (layers.length === 0) throw new Error(`Sequential: the list of layers is empty; give at least one layer, ${example}`);
    layers.forEach((layer, i) => {
      if (layer instanceof Module) {
        const first = layers.indexOf(layer);
        if (first !== i) {
          throw new Error(
            `Sequential: layer ${i} (${layer.kind}) is the same object as layer ${first}; a layer caches its input ` +
              "in fprop, so it cannot appear twice: create a separate layer",
          );
        }
        return;
      }
      if (typeof layer === "function" && (layer as { prototype?: unknown }).prototype instanceof Module) {
        const name = (layer as { name: string }).name;
        throw new Error(`Sequential: layer ${i} is the class ${name}, not a layer object; write new ${name}(...)`);
      }
      throw new Error(`Sequential: layer ${i} is not a Module (got ${describeValue(layer)}); ${example}`);
    });
    this.layers = Object.freeze([...layers]);
  }

  fprop(x: Tensor): Tensor {
    const layers = this.layers;
    let h = x;
    let i = 0;
    try {
      for (; i < layers.length; i++) h = layers[i].fprop(h);
    } catch (e) {
      throw this.atLayer(i, e);
    }
    return h;
  }

  bprop(dy: Tensor): Tensor {
    const layers = this.layers;
    let g = dy;
    let i = layers.length - 1;
    try {
      for (; i >= 0; i--) g = layers[i].bprop(g);
    } catch (e) {
      throw this.atLayer(i, e);
    }
    return g;
  }

  /** bprop through every layer but the first, whose dx (the gradient for the input) is not computed. */
  override bpropParams(dy: Tensor): void {
    if (this.bprop !== Sequential.prototype.bprop) {
      this.bprop(dy); // a subclass's own bprop must see every backward pass
      return;
    }
    const layers = this.layers;
    let g = dy;
    let i = layers.length - 1;
    try {
      for (; i >= 1; i--) g = layers[i].bprop(g);
      layers[0].bpropParams(g);
    } catch (e) {
      throw this.atLayer(i, e);
    }
  }

  /** Clears every layer's gradients, without building the list of parameters. */
  override zeroGrad(): void {
    for (let i = 0; i < this.layers.length; i++) this.layers[i].zeroGrad();
  }

  override params(): Param[] {
    const out: Param[] = [];
    this.layers.forEach((layer, i) => {
      for (const p of layer.params()) {
        let q = this.named.get(p);
        if (q === undefined) {
          q = prefixed(`${i}.`, p);
          this.named.set(p, q);
        }
        out.push(q);
      }
    });
    return out;
  }

  override children(): Module[] {
    return [...this.layers];
  }

  /** Number of trainable numbers (the sizes of all parameters). */
  numParams(): number {
    let n = 0;
    for (const p of this.params()) n += p.value.size;
    return n;
  }

  /** One line per layer with its parameter shapes and counts, then the total. */
  override toString(): string {
    const lines = this.layers.map((layer, i) => {
      const head = `(${i}) `;
      if (layer instanceof Sequential) return head + layer.toString().split("\n").join("\n" + " ".repeat(head.length));
      const name = layer.toString === Object.prototype.toString ? layer.kind : layer.toString();
      const ps = layer.params();
      if (ps.length === 0) return head + name;
      const shapes = ps.map((p) => `${p.name} ${formatShape(p.value.shape)}`).join(", ");
      const count = ps.reduce((n, p) => n + p.value.size, 0);
      return `${head}${name.padEnd(14)} ${shapes.padEnd(24)} ${count} params`;
    });
    const total = this.numParams();
    return ["Sequential(", ...lines.map((l) => "  " + l), `)  ${total} parameter${total === 1 ? "" : "s"}`].join("\n");
  }

  /** Notebooks print values with util.inspect; show the summary. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Prefixes an error from layer i's fprop/bprop with the layer's index and kind. */
  private atLayer(i: number, e: unknown): unknown {
    if (e instanceof Error) e.message = `Sequential layer ${i} (${this.layers[i].kind}): ${e.message}`;
    return e;
  }
}

/** A view of `p` named `prefix + p.name` that reads and writes p's tensors, so updates reach the layer. */
function prefixed(prefix: string, p: Param): Param {
  return {
    get name() {
      return prefix + p.name;
    },
    get value() {
      return p.value;
    },
    set value(v: Tensor) {
      p.value = v;
    },
    get grad() {
      return p.grad;
    },
    set grad(g: Tensor) {
      p.grad = g;
    },
    get regularize() {
      return p.regularize;
    },
  };
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object") return `an object of type ${(v as object).constructor?.name ?? "Object"}`;
  if (typeof v === "function") return `the function ${(v as { name: string }).name || "(anonymous)"}`;
  return `${typeof v} ${String(v)}`;
}
