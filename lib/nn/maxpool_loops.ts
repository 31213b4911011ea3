/**
 * MaxPool2d's fast loops, with the results of maxpool_reference.ts bit for bit (same comparisons
 * in the same row-major order within each window, the same sums in the same order).
 *
 * - fprop, 2×2 windows with stride 2 and no padding (the course CNN's pooling): a branch-free
 *   tournament per window, with no clipping and no inner loops (see forward2x2).
 * - fprop, any other kernel, stride and padding: the reference's window loop with the plane's
 *   offset and the row starts hoisted out of the inner loops (about 10% faster; a branch-free
 *   version of it was no faster, its chain of dependent loads costing what the branches did).
 * - bprop: the reference's clear and scatter (+= where windows overlap).
 */
import { PoolGeometry, maxPoolBackwardReference } from "./maxpool_reference";

/** True for 2×2 windows, stride 2, no padding: the case with its own loops. */
export function isPool2x2(g: PoolGeometry): boolean {
  return g.kH === 2 && g.kW === 2 && g.sh === 2 && g.sw === 2 && g.ph === 0 && g.pw === 0;
}

/** y and argmax of every window, as maxPoolForwardReference. */
export function maxPoolForward(x: Float64Array, y: Float64Array, argmax: Int32Array, g: PoolGeometry): void {
  if (isPool2x2(g)) forward2x2(x, y, argmax, g);
  else forwardGeneral(x, y, argmax, g);
}

/** dx from dy and the arg-max of the last forward, as maxPoolBackwardReference. */
export function maxPoolBackward(dy: Float64Array, argmax: Int32Array, dx: Float64Array, g: PoolGeometry): void {
  // The reference's clear and scatter are already two tight passes (0.16 ms for the bench's
  // 64×16×14×14); writing each 2×2 window's four entries directly instead measured slower (0.20 ms).
  maxPoolBackwardReference(dy, argmax, dx, g);
}

/**
 * A window's first maximum in row-major order as a tournament: the first maximum of the top pair,
 * that of the bottom pair, then the top winner unless the bottom one beats it. That is the
 * reference's scan (the earliest entry holding the maximum; the first NaN if there is one), with
 * each choice a 0/1 integer instead of a branch: on random data the reference's branches
 * mispredict about every other comparison, and without them this loop is 4 times faster here
 * (node 20). "v beats best" is the reference's `v > best || (v !== v && best === best)`, written
 * !(v <= best) & (best === best). The value stored is x at the chosen index, so its bits are the
 * reference's (−0 against +0 included).
 */
function forward2x2(x: Float64Array, y: Float64Array, argmax: Int32Array, g: PoolGeometry): void {
  const { planes, H, W, Ho, Wo } = g;
  let out = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let i = 0; i < Ho; i++) {
      // t walks the window's top row (absolute indices into x); b = t + W is its bottom row.
      let t = base + 2 * i * W;
      for (let j = 0; j < Wo; j++, out++, t += 2) {
        const b = t + W;
        const v0 = x[t], v1 = x[t + 1], v2 = x[b], v3 = x[b + 1];
        const top = t + (+!(v1 <= v0) & +(v0 === v0));
        const bottom = b + (+!(v3 <= v2) & +(v2 === v2));
        const m0 = x[top], m1 = x[bottom];
        const arg = top + (+!(m1 <= m0) & +(m0 === m0)) * (bottom - top);
        y[out] = x[arg];
        argmax[out] = arg - base;
      }
    }
  }
}

function forwardGeneral(x: Float64Array, y: Float64Array, argmax: Int32Array, g: PoolGeometry): void {
  const { planes, H, W, Ho, Wo, kH, kW, sh, sw, ph, pw } = g;
  let out = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let i = 0; i < Ho; i++) {
      const i0 = i * sh - ph;
      const iLo = i0 < 0 ? 0 : i0;
      const iHi = i0 + kH > H ? H : i0 + kH;
      const firstRow = base + iLo * W; // absolute index of column 0 of the window's first row
      const endRow = base + iHi * W;
      for (let j = 0; j < Wo; j++, out++) {
        const j0 = j * sw - pw;
        const jLo = j0 < 0 ? 0 : j0;
        const jHi = j0 + kW > W ? W : j0 + kW;
        let arg = firstRow + jLo;
        let best = x[arg];
        for (let row = firstRow; row < endRow; row += W) {
          for (let q = row + jLo, end = row + jHi; q < end; q++) {
            const v = x[q];
            if (v > best || (v !== v && best === best)) {
              best = v;
              arg = q;
            }
          }
        }
        y[out] = best;
        argmax[out] = arg - base;
      }
    }
  }
}
