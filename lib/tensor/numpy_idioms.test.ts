/**
 * The README's "Tensor for numpy users" example, run as written: a Linear + ReLU + softmax
 * cross-entropy fprop/bprop in vectorized Tensor code, checked against the library's layers
 * and loss, which are written as index loops and so are an independent computation.
 */
import { Linear, ReLU, Rng, Tensor, relError, softmaxCrossEntropy } from "gradlab";

test("the README's vectorized Linear + ReLU + softmax cross-entropy agrees with the loop-written layers", () => {
  // ---- as in the README ----
  const rng = new Rng(0);
  const x = Tensor.randn([4, 3], rng); //                      [N, in]
  const W = Tensor.randn([2, 3], rng); //                      [out, in], as Linear's
  const b = Tensor.from([0.1, -0.2]); //                       [out]
  const labels = [0, 1, 1, 0];
  const N = x.shape[0];

  // fprop: y = x Wᵀ + b, h = max(y, 0), L = mean over rows of −log softmax(h)[label]
  const y = x.matmul(W.transpose()).add(b); //               [N, out] + [out] broadcasts
  const h = y.maximum(0);
  const shifted = h.sub(h.max(1, { keepdims: true })); //    stable softmax
  const logp = shifted.sub(shifted.exp().sum(1, { keepdims: true }).log());
  const Y = Tensor.oneHot(labels, 2); //                     [N, out]
  const loss = -logp.mul(Y).sum() / N;

  // bprop
  const dh = logp.exp().sub(Y).div(N); //                   dL/dh = (softmax − Y) / N
  const dy = dh.mul(y.gt(0)); //                             ReLU's bprop: dy * (y > 0)
  const dW = dy.transpose().matmul(x); //                    [out, in]
  const db = dy.sum(0); //                                   [out]
  const dx = dy.matmul(W); //                                [N, in]
  // ---- end of the README's code ----

  const linear = new Linear(3, 2, { rng: new Rng(1) });
  linear.W.value.copyFrom(W);
  linear.b!.value.copyFrom(b);
  const relu = new ReLU();
  const ref = softmaxCrossEntropy(relu.fprop(linear.fprop(x)), labels);
  linear.zeroGrad();
  const refDx = linear.bprop(relu.bprop(ref.grad));

  expect(Math.abs(loss - ref.loss)).toBeLessThan(1e-14);
  expect(relError(dh.data, ref.grad.data)).toBeLessThan(1e-14);
  expect(relError(dW.data, linear.W.grad.data)).toBeLessThan(1e-14);
  expect(relError(db.data, linear.b!.grad.data)).toBeLessThan(1e-14);
  expect(relError(dx.data, refDx.data)).toBeLessThan(1e-14);
  // The example is not trivial: some units are cut by the ReLU and some pass.
  expect(y.gt(0).any() && !y.gt(0).all()).toBe(true);
});
