/**
 * Wrong answers a3's diagnoses recognise, computed in the trusted process by plain loops (a line
 * by line reading of each rule, independent of the library's MaxPool2d and of the student's code):
 * the ways a max-pool bprop can route dy, and a convolution kernel flipped.
 */
import { Tensor } from "gradlab";

export interface PoolGeometry {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
}

/**
 * Where dy[n, c, i, j] goes among the pixels of its window (padding, which is −∞, excluded):
 * - "window": to every pixel of the window (a sum pool's gradient);
 * - "every-max": to every pixel equal to the window's maximum;
 * - "last-max": to the last maximum in row-major order;
 * - "assign": to the first maximum, but written as a vectorized bprop that uses setSlice instead
 *   of addToSlice: for each offset (a, b) in turn, every window writes its share (dy or 0) at that
 *   offset, so where windows overlap a pixel keeps what the last offset covering it wrote.
 * (The right rule, the first maximum with +=, is the library's MaxPool2d.)
 */
export type Routing = "window" | "every-max" | "last-max" | "assign";

export function routeMaxPool(x: Tensor, dy: Tensor, g: PoolGeometry, rule: Routing): Tensor {
  const [N, C, H, W] = x.shape;
  const [, , Ho, Wo] = dy.shape;
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [ph, pw] = g.padding;
  const dx = Tensor.zeros(x.shape);
  const windowCells = (n: number, c: number, i: number, j: number): [number, number][] => {
    const cells: [number, number][] = [];
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const r = i * sh - ph + a;
        const q = j * sw - pw + b;
        if (r >= 0 && r < H && q >= 0 && q < W) cells.push([r, q]);
      }
    }
    return cells;
  };
  const maximaOf = (n: number, c: number, cells: [number, number][]): [number, number][] => {
    const best = Math.max(...cells.map(([r, q]) => x.get(n, c, r, q)));
    return cells.filter(([r, q]) => x.get(n, c, r, q) === best);
  };
  if (rule === "assign") {
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        for (let n = 0; n < N; n++) {
          for (let c = 0; c < C; c++) {
            for (let i = 0; i < Ho; i++) {
              for (let j = 0; j < Wo; j++) {
                const r = i * sh - ph + a;
                const q = j * sw - pw + b;
                if (r < 0 || r >= H || q < 0 || q >= W) continue;
                const [first] = maximaOf(n, c, windowCells(n, c, i, j));
                dx.set([n, c, r, q], first[0] === r && first[1] === q ? dy.get(n, c, i, j) : 0);
              }
            }
          }
        }
      }
    }
    return dx;
  }
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < Ho; i++) {
        for (let j = 0; j < Wo; j++) {
          const cells = windowCells(n, c, i, j);
          const maxima = maximaOf(n, c, cells);
          const targets = rule === "window" ? cells : rule === "every-max" ? maxima : [maxima[maxima.length - 1]];
          for (const [r, q] of targets) dx.set([n, c, r, q], dx.get(n, c, r, q) + dy.get(n, c, i, j));
        }
      }
    }
  }
  return dx;
}

/** W[f, c, kh − 1 − a, kw − 1 − b]: the kernel rotated by 180°, which a true convolution applies. */
export function flipKernel(W: Tensor): Tensor {
  const [F, C, kh, kw] = W.shape;
  const out = Tensor.zeros(W.shape);
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) {
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) out.set([f, c, a, b], W.get(f, c, kh - 1 - a, kw - 1 - b));
      }
    }
  }
  return out;
}
