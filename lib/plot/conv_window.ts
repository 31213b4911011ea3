/**
 * The sliding window of a convolution, drawn: for a few output positions, one row of three
 * panels: the (zero-padded) input with the kernel's window outlined, the kernel, and the output
 * filled in up to that position with the current cell outlined and its sum in the title. It is
 * lecture 003's H_ij = Σ_a Σ_b V_ab x_(i+a, j+b) computed where a student can watch it, for one
 * channel, with a stride and zero padding as in `Conv2d`:
 *
 *   y[i, j] = Σ_a Σ_b k[a, b] · x[i·s − p + a, j·s − p + b],   x = 0 outside the image,
 *   y has floor((H + 2p − kH)/s) + 1 rows (and likewise columns).
 *
 *   show(convWindowFigure([[1, 2, 0], [0, 1, 3], [2, 1, 0]], [[1, 0], [0, -1]]));
 */
import { Tensor } from "../tensor/tensor";
import { checkNumber, withDefaults } from "../util/options";
import { Figure, PALETTE, baseConfig, baseLayout, cellTitle, subplotGrid } from "./figure";

export interface ConvWindowOptions {
  stride: number;
  /** Zeros added on every side of the input. */
  padding: number;
  /** Output cells [row, col] to show, one row of panels each (at most 6); default: the first, a middle and the last. */
  positions: [number, number][];
  title: string;
}

const DEFAULTS: ConvWindowOptions = { stride: 1, padding: 0, positions: [], title: "" };

/** A 2-D grid of finite numbers from a Tensor [H, W] or nested arrays, checked to be rectangular. */
function grid(value: Tensor | number[][], name: string, where: string): number[][] {
  let rows: number[][];
  if (value instanceof Tensor) {
    if (value.shape.length !== 2) throw new Error(`${where}: ${name} has shape [${value.shape.join(", ")}], expected [H, W]`);
    const [h, w] = value.shape;
    rows = Array.from({ length: h }, (_, i) => Array.from(value.data.subarray(i * w, (i + 1) * w)));
  } else if (Array.isArray(value) && value.length > 0 && value.every((r) => Array.isArray(r))) {
    rows = value;
  } else {
    throw new Error(`${where}: ${name} must be a Tensor [H, W] or an array of rows of numbers`);
  }
  const w = rows[0].length;
  if (w === 0) throw new Error(`${where}: ${name} has empty rows`);
  for (const [i, r] of rows.entries()) {
    if (r.length !== w) throw new Error(`${where}: ${name} row ${i} has ${r.length} values, row 0 has ${w}; rows must have the same length`);
    if (!r.every((v) => typeof v === "number" && Number.isFinite(v))) throw new Error(`${where}: ${name} row ${i} has a value that is not a finite number`);
  }
  return rows;
}

/** The input with `p` zeros on every side. */
function padded(x: number[][], p: number): number[][] {
  const w = x[0].length + 2 * p;
  const zeros = (): number[] => new Array<number>(w).fill(0);
  return [...Array.from({ length: p }, zeros), ...x.map((r) => [...new Array<number>(p).fill(0), ...r, ...new Array<number>(p).fill(0)]), ...Array.from({ length: p }, zeros)];
}

/** A number as a cell shows it: at most three decimals, no trailing zeros. */
function cellText(v: number): string {
  return String(Math.round(v * 1000) / 1000 + 0);
}

/**
 * The figure described in the file comment. `x` and `kernel` are one channel each, as a
 * Tensor [H, W] or rows of numbers.
 */
export function convWindowFigure(x: Tensor | number[][], kernel: Tensor | number[][], options?: Partial<ConvWindowOptions>): Figure {
  const where = "convWindowFigure";
  const opts = withDefaults(where, DEFAULTS, options);
  const input = grid(x, "x", where);
  const k = grid(kernel, "kernel", where);
  const s = checkNumber(where, "stride", opts.stride, { min: 1, integer: true });
  const p = checkNumber(where, "padding", opts.padding, { min: 0, integer: true });
  const xp = padded(input, p);
  const [hp, wp] = [xp.length, xp[0].length];
  const [kh, kw] = [k.length, k[0].length];
  if (kh > hp || kw > wp) {
    throw new Error(`${where}: the kernel is ${kh}×${kw} but the padded input is only ${hp}×${wp}; use a smaller kernel or more padding`);
  }
  const ho = Math.floor((hp - kh) / s) + 1;
  const wo = Math.floor((wp - kw) / s) + 1;
  const y = Array.from({ length: ho }, (_, i) =>
    Array.from({ length: wo }, (_, j) => {
      let sum = 0;
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) sum += k[a][b] * xp[i * s + a][j * s + b];
      return sum;
    }),
  );

  let positions = opts.positions;
  if (positions.length === 0) {
    const all: [number, number][] = [[0, 0], [Math.floor((ho - 1) / 2), Math.floor((wo - 1) / 2)], [ho - 1, wo - 1]];
    positions = all.filter(([i, j], n) => all.findIndex(([a, b]) => a === i && b === j) === n);
  }
  if (!Array.isArray(positions) || positions.length > 6) throw new Error(`${where}: positions must list 1 to 6 output cells [row, col], got ${positions.length}`);
  for (const pos of positions) {
    const ok = Array.isArray(pos) && pos.length === 2 && Number.isInteger(pos[0]) && Number.isInteger(pos[1]) && pos[0] >= 0 && pos[0] < ho && pos[1] >= 0 && pos[1] < wo;
    if (!ok) throw new Error(`${where}: position ${JSON.stringify(pos)} is not an output cell; the output is ${ho}×${wo} (rows 0-${ho - 1}, columns 0-${wo - 1})`);
  }

  const cells = subplotGrid(positions.length, 3, { x: 0.06, y: positions.length > 1 ? 0.16 / positions.length + 0.04 : 0 });
  const data: Figure["data"] = [];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const layout = baseLayout(opts.title || undefined, { showlegend: false, height: 60 + 240 * positions.length, margin: { l: 20, r: 20, t: opts.title ? 80 : 40, b: 20 } });
  const outline = (cell: (typeof cells)[number], r0: number, c0: number, h: number, w: number, color: string, dash = "solid"): void => {
    shapes.push({ type: "rect", xref: cell.xaxis, yref: cell.yaxis, x0: c0 - 0.5, x1: c0 + w - 0.5, y0: r0 - 0.5, y1: r0 + h - 0.5, line: { color, width: 3, dash } });
  };
  const span = Math.max(hp, wp);
  const panel = (cell: (typeof cells)[number], z: (number | null)[][], color: string): void => {
    data.push({
      type: "heatmap",
      z,
      text: z.map((r) => r.map((v) => (v === null ? "" : cellText(v)))),
      texttemplate: "%{text}",
      colorscale: [
        [0, "#ffffff"],
        [1, color],
      ],
      showscale: false,
      hoverinfo: "skip",
      xgap: 1,
      ygap: 1,
      xaxis: cell.xaxis,
      yaxis: cell.yaxis,
    });
    // Every panel spans as many cells as the padded input, so a cell has one size in all three.
    const hidden = { showticklabels: false, showgrid: false, zeroline: false, ticks: "" };
    layout[cell.xKey] = { ...hidden, domain: cell.xDomain, anchor: cell.yaxis, scaleanchor: cell.yaxis, constrain: "domain", range: [-0.5, span - 0.5] };
    layout[cell.yKey] = { ...hidden, domain: cell.yDomain, anchor: cell.xaxis, constrain: "domain", range: [span - 0.5, -0.5] };
  };

  for (const [row, [i, j]] of positions.entries()) {
    const [inCell, kCell, outCell] = cells.slice(3 * row, 3 * row + 3);
    panel(inCell, xp, "#9ecae1");
    if (p > 0) outline(inCell, p, p, input.length, input[0].length, "#57606a", "dot");
    outline(inCell, i * s, j * s, kh, kw, PALETTE[1]);
    panel(kCell, k, "#fdd49e");
    // The output as far as the window has slid (row by row), the current cell outlined.
    panel(outCell, y.map((r, a) => r.map((v, b) => (a < i || (a === i && b <= j) ? v : null))), "#a1d99b");
    outline(outCell, i, j, 1, 1, PALETTE[1]);
    const rows = `${i * s - p}..${i * s - p + kh - 1}`;
    const cols = `${j * s - p}..${j * s - p + kw - 1}`;
    annotations.push(cellTitle(inCell, `x${p > 0 ? ` (padding ${p})` : ""}: window rows ${rows}, cols ${cols}`));
    annotations.push(cellTitle(kCell, `kernel k (${kh}×${kw})`));
    annotations.push(cellTitle(outCell, `y[${i}, ${j}] = Σ k·x = ${cellText(y[i][j])}${s > 1 ? ` (stride ${s})` : ""}`));
  }
  layout.shapes = shapes;
  layout.annotations = annotations;
  return { data, layout, config: baseConfig() };
}
