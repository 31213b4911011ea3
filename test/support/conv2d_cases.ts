import { Conv2d, Rng, Tensor, conv2dReference, conv2dReferenceGrads, relError } from "gradlab";

/**
 * What the tests of Conv2d's paths (conv2d_fast.test.ts, conv2d_direct.test.ts) share: a layer
 * shape, a seeded layer with its input and upstream gradient, and the reused-buffers check that
 * every path must pass. References are the plain loops conv2dReference and conv2dReferenceGrads.
 */
export type ConvGeometry = { stride: number | [number, number]; padding: number | [number, number] };

export interface ConvCase {
  name: string;
  N: number;
  Cin: number;
  Cout: number;
  H: number;
  W: number;
  k: number | [number, number];
  geometry: ConvGeometry;
}

/** Every path agrees with the reference loops to this relative error. */
export const CONV_TOL = 1e-12;

/** A seeded layer (random bias when it has one), an input x and an upstream gradient dy. */
export function setUpConv(c: ConvCase, seed: number, bias = true): { conv: Conv2d; x: Tensor; dy: Tensor } {
  const rng = new Rng(seed);
  const conv = new Conv2d(c.Cin, c.Cout, c.k, { ...c.geometry, rng, bias });
  if (conv.b) conv.b.value.data.set(Tensor.randn([c.Cout], rng).data);
  const x = Tensor.randn([c.N, c.Cin, c.H, c.W], rng);
  const [Ho, Wo] = conv.outputSize(c.H, c.W);
  return { conv, x, dy: Tensor.randn([c.N, c.Cout, Ho, Wo], rng) };
}

/**
 * With reuseBuffers() on, two batches of the same shape through the layer: the second batch's y
 * and dx come back in the first batch's tensors, hold the second batch's results, and W's and
 * b's gradients hold the sum over both batches. `onPath` checks which path ran, after the first
 * batch. Returns the first y and the second input, for the caller's own follow-ups.
 */
export function expectReusedBuffersAccumulate(conv: Conv2d, x: Tensor, dy: Tensor, g: ConvGeometry, rng: Rng, onPath: () => void): { y1: Tensor; x2: Tensor } {
  conv.reuseBuffers();
  const y1 = conv.fprop(x);
  const dx1 = conv.bprop(dy);
  onPath();
  const x2 = Tensor.randn(x.shape, rng);
  const dy2 = Tensor.randn(dy.shape, rng);
  const y2 = conv.fprop(x2);
  const dx2 = conv.bprop(dy2);
  expect(y2).toBe(y1);
  expect(dx2).toBe(dx1);
  expect(relError(y2, conv2dReference(x2, conv.W.value, conv.b!.value, g))).toBeLessThan(CONV_TOL);
  const r1 = conv2dReferenceGrads(x, conv.W.value, dy, g);
  const r2 = conv2dReferenceGrads(x2, conv.W.value, dy2, g);
  expect(relError(dx2, r2.dx)).toBeLessThan(CONV_TOL);
  expect(relError(conv.W.grad, r1.dW.add(r2.dW))).toBeLessThan(CONV_TOL);
  expect(relError(conv.b!.grad, r1.db.add(r2.db))).toBeLessThan(CONV_TOL);
  return { y1, x2 };
}
