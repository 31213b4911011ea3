/**
 * `npm start` until the notebook environment lands: a short tour of the library in the terminal.
 * It builds a small network, checks its gradients against finite differences, and runs the
 * computational-graph example of the lectures with the scalar autograd.
 */
import { Linear, Rng, Tanh, Sequential, Tensor, Value, gradcheck, softmaxCrossEntropy } from "gradlab";

const rng = new Rng(0);
const net = new Sequential([new Linear(4, 8, { rng }), new Tanh(), new Linear(8, 3, { rng })]);
const x = Tensor.randn([5, 4], rng);
const labels = [0, 2, 1, 1, 0];

const { loss } = softmaxCrossEntropy(net.fprop(x), labels);
console.log(`A 4-8-3 tanh network on 5 examples: cross-entropy ${loss.toFixed(4)} (ln 3 = ${Math.log(3).toFixed(4)} at chance)\n`);
console.log(gradcheck(net, x).toString());

const [x1, x2, x3] = [new Value(-2, "x1"), new Value(5, "x2"), new Value(-4, "x3")];
const f = x1.add(x2).mul(x3);
f.backward();
console.log(`\nf(x1, x2, x3) = (x1 + x2) * x3 at (-2, 5, -4) = ${f.data}`);
console.log(`df/dx1 = ${x1.grad}, df/dx2 = ${x2.grad}, df/dx3 = ${x3.grad}`);
