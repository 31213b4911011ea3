/**
 * a1's tests as builders, shared by the public tests (check() in the notebook) and the hidden
 * ones (grader only), which use other sizes and harder inputs. References come from the library.
 */
import { Linear, ReLU, Rng, Sequential, Sigmoid, Tanh, Tensor, softmaxCrossEntropy, spiral, Module } from "gradlab";
import { functionTest } from "../../../grader/tests/function_tests";
import { ModuleSpec, bpropTest, fpropTest } from "../../../grader/tests/module_tests";
import { compareTensor, failedCheck, outcomeFailure, wire } from "../../../grader/tests/compare";
import { asTensor, outcome } from "../../../grader/tests/read_reply";
import { probeFunction, ProbeName } from "../../../grader/runner/probe_functions";
import type { TestCase, Visibility } from "../../../grader/tests/test_case";
import type { Call, WireTensor } from "../../../grader/runner/protocol";

function withValues<M extends Module>(m: M, values: Tensor[]): M {
  m.params().forEach((p, i) => p.value.data.set(values[i].data));
  return m;
}

export function linearSpec(N: number, inF: number, outF: number): ModuleSpec {
  return {
    cls: "Linear",
    args: [inF, outF],
    params: [
      { name: "W", shape: [outF, inF] },
      { name: "b", shape: [outF] },
    ],
    reference: (values) => withValues(new Linear(inF, outF), values),
    xShape: [N, inF],
    gradAlternatives: (_x, dy) => ({
      b: [
        { label: "dy summed over axis 1 (the features) instead of axis 0 (the batch)", value: dy.sum(1) },
        { label: "dy not summed over the batch", value: dy },
      ],
    }),
    hints: {
      y: "y = x Wᵀ + b: x is [N, in], W is [out, in], b is [out] and is added to every row",
      dx: "dx = dy W has x's shape [N, in]",
      dW: "dW = dyᵀ x has W's shape [out, in]; add it into W.grad (+=), do not assign",
      db: "db sums dy over the batch (axis 0) and has b's shape [out]; add it into b.grad",
    },
  };
}

/** Inputs away from 0, where ReLU has its kink (finite differences across it mean nothing). */
function awayFromZero(rng: Rng, shape: number[], scale: number): Tensor {
  return Tensor.randn(shape, rng, 0, scale).map((v) => v + (v >= 0 ? 0.05 : -0.05));
}

export function activationSpec(cls: "Sigmoid" | "Tanh" | "ReLU", shape: number[], scale: number): ModuleSpec {
  const make: Record<typeof cls, () => Module> = { Sigmoid: () => new Sigmoid(), Tanh: () => new Tanh(), ReLU: () => new ReLU() };
  const hints: Record<typeof cls, Record<string, string>> = {
    Sigmoid: { y: "σ(x) = 1 / (1 + e^(−x)), elementwise", dx: "dx = dy ⊙ σ(x) ⊙ (1 − σ(x)); keep σ(x) from fprop" },
    Tanh: { y: "tanh, elementwise", dx: "dx = dy ⊙ (1 − tanh²(x)); keep y = tanh(x) from fprop" },
    ReLU: { y: "max(0, x), elementwise", dx: "dx = dy where x > 0, and 0 where x ≤ 0" },
  };
  return {
    cls,
    args: [],
    params: [],
    reference: () => make[cls](),
    xShape: shape,
    input: (rng, s) => awayFromZero(rng, s, scale),
    hints: hints[cls],
  };
}

export function activationTests(cls: "Sigmoid" | "Tanh" | "ReLU", visibility: Visibility, shape: number[], scale: number): TestCase[] {
  const spec = activationSpec(cls, shape, scale);
  const label = `${shape.join("×")} inputs of scale ${scale}`;
  return [fpropTest(`fprop, ${label}`, visibility, spec), bpropTest(`bprop, ${label}`, visibility, spec)];
}

export function softmaxCeTest(name: string, visibility: Visibility, N: number, C: number, scale: number): TestCase {
  return functionTest(name, visibility, "softmaxCrossEntropy", (rng) => {
    const logits = Tensor.randn([N, C], rng, 0, scale);
    const labels = Int32Array.from({ length: N }, () => rng.int(C));
    const ref = softmaxCrossEntropy(logits, labels);
    return {
      args: [wire(logits), labels],
      batchSize: N,
      expected: [
        { key: "loss", value: ref.loss, threshold: 1e-9, hint: "the loss is the mean over the batch of −log softmax(logits)[label]; subtract each row's max before exp" },
        { key: "grad", what: "dlogits", value: ref.grad, threshold: 1e-9, hint: "dlogits = (softmax(logits) − onehot(labels)) / N" },
      ],
      inputs: [{ index: 0, name: "logits", value: logits }],
    };
  });
}

/** numericalGradient(f, x, h) on a function with a closed-form gradient, computed here. */
export function gradCheckTest(name: string, visibility: Visibility, probe: ProbeName, shape: number[]): TestCase {
  return functionTest(name, visibility, "numericalGradient", (rng) => {
    const x = Tensor.randn(shape, rng);
    const n = x.size;
    const params: WireTensor[] = [];
    if (probe === "quadratic") {
      const B = Tensor.randn([n, n], rng);
      params.push(wire(B.add(B.transpose()).mul(0.5)), wire(Tensor.randn([n], rng)));
    } else if (probe === "sinSum") params.push(wire(Tensor.rand([n], rng, 0.5, 2)));
    const f = probeFunction(probe, params);
    const h = 1e-5;
    const exact = new Tensor(f.gradient(x.data), shape);
    const forward = x.map((v, i) => {
      const xp = x.data.slice();
      xp[i] = v + h;
      return (f.value(xp) - f.value(x.data)) / h;
    });
    return {
      args: [{ $t: "fn", name: probe, params }, wire(x), h],
      expected: [
        {
          key: "",
          what: "the numerical gradient",
          value: exact,
          threshold: 1e-6,
          alternatives: [{ label: "the forward difference (f(x + h) − f(x)) / h; use the centred (f(x + h) − f(x − h)) / 2h", value: forward }],
          hint: "perturb one entry of x.data at a time by ±h, call f, and put x back as it was",
        },
      ],
      inputs: [{ index: 1, name: "x", value: x }],
    };
  });
}

export function mlpSpec(N: number, hidden: number): ModuleSpec {
  const construct: Call[] = [
    { op: "new", cls: { $t: "lib", name: "Rng" }, args: [7], as: "rng" },
    { op: "call", fn: { $t: "local", name: "makeMLP" }, args: [hidden, { $t: "ref", name: "rng" }], as: "m" },
  ];
  return {
    cls: "makeMLP",
    args: [],
    construct,
    params: [
      { name: "0.W", shape: [hidden, 2] },
      { name: "0.b", shape: [hidden] },
      { name: "2.W", shape: [3, hidden] },
      { name: "2.b", shape: [3] },
    ],
    reference: (values) => withValues(new Sequential([new Linear(2, hidden), new ReLU(), new Linear(hidden, 3)]), values),
    xShape: [N, 2],
    hints: { y: "makeMLP(hidden, rng) returns new Sequential([your Linear(2, hidden), your ReLU, your Linear(hidden, 3)])" },
  };
}

/** Trains the student's network with their trainSpiral and measures accuracy on held-out spiral points, here. */
export function spiralTrainingTest(name: string, visibility: Visibility, target: number): TestCase {
  return {
    name,
    visibility,
    weight: 2,
    prepare(rng) {
      // 40 points per arm: enough for a small network to reach 94% and more, quick to train on.
      const train = spiral({ n: 40, rng: new Rng(rng.int(2 ** 31)) });
      const test = spiral({ n: 60, rng: new Rng(rng.int(2 ** 31)) });
      const calls: Call[] = [
        { op: "new", cls: { $t: "lib", name: "Rng" }, args: [rng.int(2 ** 31)], as: "rng" },
        { op: "call", fn: { $t: "local", name: "trainSpiral" }, args: [{ x: wire(train.x), y: train.y, classes: 3 }, { $t: "ref", name: "rng" }], as: "model" },
        { op: "method", obj: "model", name: "eval", args: [] },
        { op: "method", obj: "model", name: "fprop", args: [wire(test.x)] },
      ];
      return {
        calls,
        timeoutMs: 20_000,
        judge(replies) {
          for (let i = 0; i < 3; i++) {
            const o = outcome(replies, i);
            if (o.kind !== "value") return { checks: [outcomeFailure(i === 1 ? "trainSpiral(train, rng)" : "model.eval()", o)] };
          }
          const o = outcome(replies, 3);
          if (o.kind !== "value") return { checks: [outcomeFailure("model.fprop(x)", o)] };
          const expectedShape = new Tensor(new Float64Array(test.x.shape[0] * 3), [test.x.shape[0], 3]);
          const logits = asTensor(o.value);
          if (!logits || logits.ndim !== 2 || logits.shape[0] !== expectedShape.shape[0] || logits.shape[1] !== 3) {
            return { checks: [compareTensor("scores", o.value, expectedShape, { threshold: 0 }).check] };
          }
          const predicted = logits.argmax(1);
          let correct = 0;
          for (let i = 0; i < predicted.length; i++) if (predicted[i] === test.y[i]) correct++;
          const acc = correct / predicted.length;
          const half = target - 0.2;
          const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`;
          if (acc >= target) return { checks: [{ what: "held-out accuracy", passed: true, credit: 1, weight: 1 }] };
          return {
            checks: [
              {
                ...failedCheck("held-out accuracy", {
                  id: "below-target",
                  message: `the trained network classifies ${pct(acc)} of held-out spiral points correctly; full credit needs ${pct(target)}, half credit ${pct(half)}`,
                  evidence: { accuracy: acc, target },
                  hint: "train longer or with a larger learning rate, and check your layers with check() first",
                }),
                credit: acc >= half ? 0.5 : 0,
              },
            ],
          };
        },
      };
    },
  };
}
