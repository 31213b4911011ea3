/**
 * MaxPool2d's readable loops: every window of every plane, clipped to the image, scanned in
 * row-major order. They define the layer's results (values, arg-max, tie-breaking, NaN) and the
 * fast loops of maxpool_loops.ts are tested against them bit for bit.
 */

/** The geometry of one pooling call: N·C planes of H×W pooled to Ho×Wo. */
export interface PoolGeometry {
  planes: number;
  H: number;
  W: number;
  Ho: number;
  Wo: number;
  kH: number;
  kW: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
}

/**
 * y[out] = the max of window `out`, argmax[out] = its flat index r·W + c within the plane.
 * Strict > keeps the first maximum on ties; a NaN (v !== v) wins once and stays.
 */
export function maxPoolForwardReference(x: Float64Array, y: Float64Array, argmax: Int32Array, g: PoolGeometry): void {
  const { planes, H, W, Ho, Wo, kH, kW, sh, sw, ph, pw } = g;
  let out = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let i = 0; i < Ho; i++) {
      // The window clipped to the image: padding is −∞, so it can be skipped.
      const iLo = Math.max(0, i * sh - ph);
      const iHi = Math.min(H, i * sh - ph + kH);
      for (let j = 0; j < Wo; j++, out++) {
        const jLo = Math.max(0, j * sw - pw);
        const jHi = Math.min(W, j * sw - pw + kW);
        let arg = iLo * W + jLo;
        let best = x[base + arg];
        for (let r = iLo; r < iHi; r++) {
          for (let q = r * W + jLo; q < r * W + jHi; q++) {
            const v = x[base + q];
            if (v > best || (v !== v && best === best)) {
              best = v;
              arg = q;
            }
          }
        }
        y[out] = best;
        argmax[out] = arg;
      }
    }
  }
}

/** dx = 0, then dx[argmax of window out] += dy[out] in output order (overlapping windows add up). */
export function maxPoolBackwardReference(dy: Float64Array, argmax: Int32Array, dx: Float64Array, g: PoolGeometry): void {
  const { planes, H, W, Ho, Wo } = g;
  dx.fill(0, 0, planes * H * W);
  const P = Ho * Wo;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let out = plane * P; out < (plane + 1) * P; out++) dx[base + argmax[out]] += dy[out];
  }
}
