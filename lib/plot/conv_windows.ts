import { checkNumber, withDefaults } from "../util/options";
import { Figure, Trace, axisTitle, paletteColor } from "./figure";
import { smallMultiples } from "./small_multiples";

export interface ConvolutionWindowOptions {
  /** Zeros added on every side of the input. */
  padding: number;
  /** How far the window moves between neighbouring outputs. */
  stride: number;
  /** Panels per row. */
  columns: number;
  title: string;
}

const DEFAULTS: ConvolutionWindowOptions = { padding: 0, stride: 1, columns: 3, title: "" };

function checkGrid(where: string, name: string, g: readonly (readonly number[])[]): void {
  if (!Array.isArray(g) || g.length === 0 || !g.every((row) => Array.isArray(row) && row.length === g[0].length && row.length > 0)) {
    throw new Error(`${where}: ${name} must be a non-empty rectangular array of rows, e.g. [[1, 2], [3, 4]]`);
  }
}

/** Numbers as a heatmap's cell labels: integers as they are, others to 3 significant digits. */
function label(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}

/** One grid of numbers as a heatmap panel with its values written in the cells (row 0 on top). */
function gridPanel(title: string, z: number[][], signed: boolean): Figure {
  const trace: Trace = {
    type: "heatmap",
    z,
    x: z[0].map((_, j) => j),
    y: z.map((_, i) => i),
    text: z.map((row) => row.map(label)),
    texttemplate: "%{text}",
    // Light colours under dark numbers: the shading only hints at the values. Signed grids
    // (kernel, output) are blue below 0 and red above it, white at 0.
    colorscale: signed ? [[0, "#7fa7d9"], [0.5, "#ffffff"], [1, "#e39a9a"]] : [[0, "#ffffff"], [1, "#a8a8a8"]],
    ...(signed ? { zmid: 0 } : {}),
    textfont: { color: "#111111" },
    xgap: 2,
    ygap: 2,
    hovertemplate: "row %{y}, column %{x}: %{z}<extra></extra>",
  };
  const axis = { showgrid: false, zeroline: false, ticks: "" as const, dtick: 1 };
  // Explicit ranges (row 0 on top): plotly would otherwise widen them to fit the outlines.
  const xRange: [number, number] = [-0.5, z[0].length - 0.5];
  const yRange: [number, number] = [z.length - 0.5, -0.5];
  return {
    data: [trace],
    layout: {
      title: { text: title },
      xaxis: axisTitle("", { ...axis, range: xRange }),
      yaxis: axisTitle("", { ...axis, range: yRange, scaleanchor: "x", constrain: "domain" }),
      showlegend: false,
    },
  };
}

/** A rectangle around rows r0..r1 and columns c0..c1 (inclusive) of a heatmap panel. */
function box(r0: number, c0: number, r1: number, c1: number, color: string, dash = "solid"): Record<string, unknown> {
  return { type: "rect", xref: "x", yref: "y", x0: c0 - 0.5, x1: c1 + 0.5, y0: r0 - 0.5, y1: r1 + 0.5, line: { color, width: 3, dash } };
}

/**
 * The sliding window of a convolution, drawn: the kernel V, then for each output position
 * (i, j) in `outputs` the (zero-padded) input with the window the kernel covers outlined, captioned
 * with H[i,j] = Σ_a Σ_b V[a,b] x[i·s + a, j·s + b] computed over that window, and finally the
 * whole output map with those positions outlined in the same colours.
 *
 * `x` is one H×W image and `kernel` one k×k filter, as rows of numbers; padding p adds p rows
 * and columns of zeros on every side (outlined dashed), stride s moves the window s pixels per
 * output. The output map has ⌊(H + 2p − k)/s⌋ + 1 rows (likewise columns); an output position
 * outside it is an error naming the map's size.
 */
export function convolutionWindows(
  x: readonly (readonly number[])[],
  kernel: readonly (readonly number[])[],
  outputs: readonly (readonly [number, number])[],
  options?: Partial<ConvolutionWindowOptions>,
): Figure {
  const where = "convolutionWindows";
  const opts = withDefaults(where, DEFAULTS, options);
  checkNumber(where, "padding", opts.padding, { min: 0, integer: true });
  checkNumber(where, "stride", opts.stride, { min: 1, integer: true });
  checkGrid(where, "x", x);
  checkGrid(where, "kernel", kernel);
  const p = opts.padding;
  const s = opts.stride;
  const kh = kernel.length;
  const kw = kernel[0].length;
  const padded = Array.from({ length: x.length + 2 * p }, (_, r) =>
    Array.from({ length: x[0].length + 2 * p }, (_, c) => x[r - p]?.[c - p] ?? 0),
  );
  const outRows = Math.floor((padded.length - kh) / s) + 1;
  const outCols = Math.floor((padded[0].length - kw) / s) + 1;
  if (outRows < 1 || outCols < 1) {
    throw new Error(`${where}: a ${kh}×${kw} kernel does not fit in the ${padded.length}×${padded[0].length} padded input`);
  }
  // H[i,j] = Σ_a Σ_b V[a,b] · x_padded[i·s + a, j·s + b], straight from the formula.
  const output = Array.from({ length: outRows }, (_, i) =>
    Array.from({ length: outCols }, (_, j) => {
      let sum = 0;
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) sum += kernel[a][b] * padded[i * s + a][j * s + b];
      return sum;
    }),
  );
  if (!Array.isArray(outputs) || outputs.length === 0) throw new Error(`${where}: give at least one output position [i, j]`);
  outputs.forEach(([i, j], n) => {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= outRows || j >= outCols) {
      throw new Error(`${where}: outputs[${n}] = [${i}, ${j}] is outside the ${outRows}×${outCols} output map`);
    }
  });

  const panels: Figure[] = [gridPanel("kernel V", kernel.map((row) => [...row]), true)];
  const imageBox = p > 0 ? [box(p, p, p + x.length - 1, p + x[0].length - 1, "#555555", "dash")] : [];
  outputs.forEach(([i, j], n) => {
    const panel = gridPanel(`H[${i},${j}] = Σ V ⊙ window = ${label(output[i][j])}`, padded, false);
    const r0 = i * s;
    const c0 = j * s;
    panel.layout.shapes = [...imageBox, box(r0, c0, r0 + kh - 1, c0 + kw - 1, paletteColor(n))];
    panels.push(panel);
  });
  const outPanel = gridPanel(`output H (${outRows}×${outCols})`, output, true);
  outPanel.layout.shapes = outputs.map(([i, j], n) => box(i, j, i, j, paletteColor(n)));
  panels.push(outPanel);
  return smallMultiples(panels, { columns: opts.columns, title: opts.title, rowHeight: 240, legend: false });
}
