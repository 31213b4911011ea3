/**
 * BatchNorm1d's loops over a batch x [N, C] (row-major) with per-feature (per-column) numbers:
 * the statistics and gradient sums, and the two elementwise passes that use them.
 *
 * Four columns at a time, walking down the rows with the column's numbers (or running sums) in
 * local variables: 2.5–3 times faster here (node 20) than the plain row-by-row loop, whose every
 * step loads the per-column numbers again (and, for sums, stores sum[c] again). Each column still
 * adds its rows in order n = 0, 1, …, so the sums are those of the plain loop, bit for bit.
 *
 * The walk goes down TILE_ROWS rows at a time, then on to the next four columns, and only after
 * the last column to the next tile of rows. Walking down all N rows instead left each cache line
 * (eight doubles) half used: by the time the next four columns came back to it, it had left L1,
 * so it was read again (and, for the outputs, written twice). With tiles of 32 rows the lines of
 * a tile (32 per array) stay in L1 between the two visits: normalizeColumns of 512×256 went from
 * 0.30 to 0.19 ms here. A sum carries on from where the previous tile left it (in out[c]), so
 * its order is still n = 0, 1, …
 */

/** Rows per tile: small enough for a tile's lines of every array to stay in L1 (32 rows × 3 arrays × 64 B). */
export const TILE_ROWS = 32;

/** out[c] = Σₙ x[n, c]. */
export function columnSums(x: Float64Array, N: number, C: number, out: Float64Array): void {
  out.fill(0, 0, C);
  for (let r0 = 0; r0 < N; r0 += TILE_ROWS) tileSums(x, r0 * C, Math.min(N, r0 + TILE_ROWS) * C, C, out);
}

/** out[c] += Σ x[i] over the rows i of one tile, [start, end). */
function tileSums(x: Float64Array, start: number, end: number, C: number, out: Float64Array): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    let s0 = out[c], s1 = out[c + 1], s2 = out[c + 2], s3 = out[c + 3];
    for (let i = start + c; i < end; i += C) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < C; c++) {
    let s = out[c];
    for (let i = start + c; i < end; i += C) s += x[i];
    out[c] = s;
  }
}

/** out[c] = Σₙ (x[n, c] − mean[c])². */
export function columnSquaredDeviations(x: Float64Array, N: number, C: number, mean: Float64Array, out: Float64Array): void {
  out.fill(0, 0, C);
  for (let r0 = 0; r0 < N; r0 += TILE_ROWS) tileSquaredDeviations(x, r0 * C, Math.min(N, r0 + TILE_ROWS) * C, C, mean, out);
}

function tileSquaredDeviations(x: Float64Array, start: number, end: number, C: number, mean: Float64Array, out: Float64Array): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const m0 = mean[c], m1 = mean[c + 1], m2 = mean[c + 2], m3 = mean[c + 3];
    let s0 = out[c], s1 = out[c + 1], s2 = out[c + 2], s3 = out[c + 3];
    for (let i = start + c; i < end; i += C) {
      const d0 = x[i] - m0, d1 = x[i + 1] - m1, d2 = x[i + 2] - m2, d3 = x[i + 3] - m3;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < C; c++) {
    const m = mean[c];
    let s = out[c];
    for (let i = start + c; i < end; i += C) s += (x[i] - m) * (x[i] - m);
    out[c] = s;
  }
}

/** sums[c] = Σₙ a[n, c] and products[c] = Σₙ a[n, c]·b[n, c], in one pass. */
export function columnSumsAndProducts(
  a: Float64Array, b: Float64Array, N: number, C: number, sums: Float64Array, products: Float64Array,
): void {
  sums.fill(0, 0, C);
  products.fill(0, 0, C);
  for (let r0 = 0; r0 < N; r0 += TILE_ROWS) tileSumsAndProducts(a, b, r0 * C, Math.min(N, r0 + TILE_ROWS) * C, C, sums, products);
}

function tileSumsAndProducts(
  a: Float64Array, b: Float64Array, start: number, end: number, C: number, sums: Float64Array, products: Float64Array,
): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    let s0 = sums[c], s1 = sums[c + 1], s2 = sums[c + 2], s3 = sums[c + 3];
    let p0 = products[c], p1 = products[c + 1], p2 = products[c + 2], p3 = products[c + 3];
    for (let i = start + c; i < end; i += C) {
      const a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
      s0 += a0;
      s1 += a1;
      s2 += a2;
      s3 += a3;
      p0 += a0 * b[i];
      p1 += a1 * b[i + 1];
      p2 += a2 * b[i + 2];
      p3 += a3 * b[i + 3];
    }
    sums[c] = s0;
    sums[c + 1] = s1;
    sums[c + 2] = s2;
    sums[c + 3] = s3;
    products[c] = p0;
    products[c + 1] = p1;
    products[c + 2] = p2;
    products[c + 3] = p3;
  }
  for (; c < C; c++) {
    let s = sums[c], p = products[c];
    for (let i = start + c; i < end; i += C) {
      s += a[i];
      p += a[i] * b[i];
    }
    sums[c] = s;
    products[c] = p;
  }
}

/** x̃[n, c] = (x[n, c] − mean[c])·invStd[c] and y[n, c] = γ[c]·x̃[n, c] + β[c]. */
export function normalizeColumns(
  x: Float64Array, N: number, C: number, mean: Float64Array, invStd: Float64Array, gamma: Float64Array, beta: Float64Array,
  xhat: Float64Array, y: Float64Array,
): void {
  for (let r0 = 0; r0 < N; r0 += TILE_ROWS) {
    tileNormalize(x, r0 * C, Math.min(N, r0 + TILE_ROWS) * C, C, mean, invStd, gamma, beta, xhat, y);
  }
}

function tileNormalize(
  x: Float64Array, start: number, end: number, C: number, mean: Float64Array, invStd: Float64Array, gamma: Float64Array,
  beta: Float64Array, xhat: Float64Array, y: Float64Array,
): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const m0 = mean[c], m1 = mean[c + 1], m2 = mean[c + 2], m3 = mean[c + 3];
    const i0 = invStd[c], i1 = invStd[c + 1], i2 = invStd[c + 2], i3 = invStd[c + 3];
    const g0 = gamma[c], g1 = gamma[c + 1], g2 = gamma[c + 2], g3 = gamma[c + 3];
    const b0 = beta[c], b1 = beta[c + 1], b2 = beta[c + 2], b3 = beta[c + 3];
    for (let i = start + c; i < end; i += C) {
      const h0 = (x[i] - m0) * i0, h1 = (x[i + 1] - m1) * i1, h2 = (x[i + 2] - m2) * i2, h3 = (x[i + 3] - m3) * i3;
      xhat[i] = h0;
      xhat[i + 1] = h1;
      xhat[i + 2] = h2;
      xhat[i + 3] = h3;
      y[i] = g0 * h0 + b0;
      y[i + 1] = g1 * h1 + b1;
      y[i + 2] = g2 * h2 + b2;
      y[i + 3] = g3 * h3 + b3;
    }
  }
  for (; c < C; c++) {
    for (let i = start + c; i < end; i += C) {
      const h = (x[i] - mean[c]) * invStd[c];
      xhat[i] = h;
      y[i] = gamma[c] * h + beta[c];
    }
  }
}

/** dx[n, c] = scale[c]·(dy[n, c] − meanDy[c] − x̃[n, c]·meanDyXhat[c]): training mode's dx, with scale = γ/√(σ² + ε). */
export function trainingDx(
  dy: Float64Array, xhat: Float64Array, N: number, C: number, scale: Float64Array, meanDy: Float64Array, meanDyXhat: Float64Array,
  dx: Float64Array,
): void {
  for (let r0 = 0; r0 < N; r0 += TILE_ROWS) {
    tileTrainingDx(dy, xhat, r0 * C, Math.min(N, r0 + TILE_ROWS) * C, C, scale, meanDy, meanDyXhat, dx);
  }
}

function tileTrainingDx(
  dy: Float64Array, xhat: Float64Array, start: number, end: number, C: number, scale: Float64Array, meanDy: Float64Array,
  meanDyXhat: Float64Array, dx: Float64Array,
): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const k0 = scale[c], k1 = scale[c + 1], k2 = scale[c + 2], k3 = scale[c + 3];
    const m0 = meanDy[c], m1 = meanDy[c + 1], m2 = meanDy[c + 2], m3 = meanDy[c + 3];
    const p0 = meanDyXhat[c], p1 = meanDyXhat[c + 1], p2 = meanDyXhat[c + 2], p3 = meanDyXhat[c + 3];
    for (let i = start + c; i < end; i += C) {
      dx[i] = k0 * (dy[i] - m0 - xhat[i] * p0);
      dx[i + 1] = k1 * (dy[i + 1] - m1 - xhat[i + 1] * p1);
      dx[i + 2] = k2 * (dy[i + 2] - m2 - xhat[i + 2] * p2);
      dx[i + 3] = k3 * (dy[i + 3] - m3 - xhat[i + 3] * p3);
    }
  }
  for (; c < C; c++) {
    for (let i = start + c; i < end; i += C) dx[i] = scale[c] * (dy[i] - meanDy[c] - xhat[i] * meanDyXhat[c]);
  }
}
