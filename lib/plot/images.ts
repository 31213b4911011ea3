import { formatShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { Figure, baseConfig, baseLayout } from "./figure";

export interface ImageGridOptions {
  /** Tiles per row (fewer when there are fewer tiles). */
  columns: number;
  /** A caption per image (or per tile when a multi-channel input is split), e.g. the predicted digit. */
  labels: (string | number)[];
  /** Side of the square images when `images` is [N, side²]; inferred when side² is the row length. */
  side: number;
  /**
   * "each": every tile scaled to [0, 1] on its own (the pattern of a conv filter, whatever its
   * scale); "all": one scale for all tiles (brightness compares across tiles); "none": raw values.
   */
  normalize: "each" | "all" | "none";
  /** Blank pixels between tiles. */
  gap: number;
  title: string;
}

const DEFAULTS: ImageGridOptions = { columns: 8, labels: [], side: 0, normalize: "each", gap: 1, title: "" };

/** [N, C, H, W], [N, H, W] or [N, side²] as tiles of H×W (a C-channel image gives C grey tiles). */
function tileShape(images: Tensor, side: number, where: string): { n: number; c: number; h: number; w: number } {
  const s = images.shape;
  if (s.length === 4) return { n: s[0], c: s[1], h: s[2], w: s[3] };
  if (s.length === 3) return { n: s[0], c: 1, h: s[1], w: s[2] };
  if (s.length === 2) {
    const guess = side > 0 ? side : Math.round(Math.sqrt(s[1]));
    if (guess * guess !== s[1]) {
      const hint = side > 0 ? `side ${side} gives ${side * side} pixels per image` : "the row length is not a square";
      throw new Error(`${where}: images has shape ${formatShape(s)}: ${hint}; expected [N, side²] (or [N, C, H, W])`);
    }
    return { n: s[0], c: 1, h: guess, w: guess };
  }
  throw new Error(`${where}: images has shape ${formatShape(s)}, expected [N, C, H, W], [N, H, W] or [N, side²]`);
}

/**
 * Images in a grid, for digits and for learned filters: ONE grey-scale heatmap in which the
 * tiles are separated by `gap` blank (null) pixels, rather than a subplot per image, so 64
 * filters stay one trace and one pair of axes. The y axis is reversed so row 0 of an image is
 * at the top (upright digits) and x is tied to y so pixels are square; the tile for image t
 * starts at column (t mod columns)·(W + gap). Captions sit in a band above each row of tiles.
 */
export function imageGrid(images: Tensor, options?: Partial<ImageGridOptions>): Figure {
  const where = "imageGrid";
  const opts = withDefaults(where, DEFAULTS, options);
  if (!(images instanceof Tensor)) throw new Error(`${where}: images must be a Tensor [N, C, H, W] or [N, side²]`);
  checkNumber(where, "columns", opts.columns, { min: 1, integer: true });
  checkNumber(where, "side", opts.side, { min: 0, integer: true });
  checkNumber(where, "gap", opts.gap, { min: 0, integer: true });
  if (!["each", "all", "none"].includes(opts.normalize)) {
    throw new Error(`${where}: normalize must be "each", "all" or "none", got ${String(opts.normalize)}`);
  }
  const { n, c, h, w } = tileShape(images, opts.side, where);
  const tiles = n * c;
  if (tiles === 0 || h === 0 || w === 0) throw new Error(`${where}: images has shape ${formatShape(images.shape)}: nothing to draw`);
  const labels = opts.labels.map(String);
  if (labels.length !== 0 && labels.length !== n && labels.length !== tiles) {
    throw new Error(`${where}: ${labels.length} labels for ${n} images${c > 1 ? ` (${tiles} tiles)` : ""}; expected one per image`);
  }
  const caption = (t: number): string | null => {
    if (labels.length === 0) return null;
    if (labels.length === tiles) return labels[t];
    return c > 1 ? `${labels[Math.floor(t / c)]} c${t % c}` : labels[t];
  };

  const size = h * w;
  const data = images.data;
  const scaleOf = (from: number, to: number): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      if (!Number.isFinite(data[i])) continue;
      if (data[i] < lo) lo = data[i];
      if (data[i] > hi) hi = data[i];
    }
    return [lo, hi];
  };
  const global = scaleOf(0, data.length);
  if (!(global[0] <= global[1])) throw new Error(`${where}: images has no finite values to draw`);

  const columns = Math.min(opts.columns, tiles);
  const rows = Math.ceil(tiles / columns);
  const band = labels.length > 0 ? Math.max(opts.gap, Math.ceil(0.3 * h)) : opts.gap;
  const top = labels.length > 0 ? band : 0;
  const height = top + rows * h + (rows - 1) * band;
  const width = columns * w + (columns - 1) * opts.gap;
  const z: (number | null)[][] = Array.from({ length: height }, () => new Array<number | null>(width).fill(null));
  const annotations: Record<string, unknown>[] = [];

  for (let t = 0; t < tiles; t++) {
    const [lo, hi] = opts.normalize === "each" ? scaleOf(t * size, (t + 1) * size) : global;
    const y0 = top + Math.floor(t / columns) * (h + band);
    const x0 = (t % columns) * (w + opts.gap);
    for (let r = 0; r < h; r++) {
      for (let q = 0; q < w; q++) {
        const v = data[t * size + r * w + q];
        let out: number | null = Number.isFinite(v) ? v : null;
        // A constant tile (a dead filter) is drawn mid-grey rather than as 0/0 = NaN.
        if (out !== null && opts.normalize !== "none") out = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        z[y0 + r][x0 + q] = out === 0 ? 0 : out;
      }
    }
    const text = caption(t);
    if (text !== null) {
      annotations.push({ text, x: x0 + (w - 1) / 2, y: y0 - 0.5, xref: "x", yref: "y", yanchor: "bottom", showarrow: false, font: { size: 11 } });
    }
  }

  // About 80 screen pixels per tile whatever the image size: 8×8 digits and 28×28 ones look alike.
  const pixel = Math.max(1, Math.round(80 / Math.max(h, w)));
  const hidden = { showticklabels: false, showgrid: false, zeroline: false, ticks: "" as const };
  const raw = opts.normalize === "none";
  return {
    data: [
      {
        type: "heatmap",
        z,
        colorscale: [
          [0, "#000000"],
          [1, "#ffffff"],
        ],
        zmin: raw ? global[0] : 0,
        zmax: raw ? global[1] : 1,
        showscale: raw,
        hoverongaps: false,
        hovertemplate: "row %{y}, col %{x}: %{z:.3g}<extra></extra>",
      },
    ],
    layout: baseLayout(opts.title, {
      xaxis: { ...hidden, scaleanchor: "y", constrain: "domain" },
      yaxis: { ...hidden, autorange: "reversed", constrain: "domain" },
      annotations,
      width: Math.max(200, width * pixel + 90 + (raw ? 80 : 0)),
      height: Math.max(150, height * pixel + (opts.title ? 100 : 70)),
      showlegend: false,
    }),
    config: baseConfig(),
  };
}
