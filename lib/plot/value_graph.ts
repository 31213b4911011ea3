/**
 * The computational graph of a `Value` expression, drawn from the graph itself: one box per
 * value (its label, data and grad) and one circle per operation, with arrows in the direction
 * the forward pass runs, as micrograd's `draw_dot` draws it. Graphviz lays it out: the real
 * Graphviz, compiled to WebAssembly (@viz-js/viz), so no `dot` binary is needed and nothing is
 * fetched; the layout engine is loaded once per process (tens of milliseconds).
 *
 *   const x1 = new Value(-2, "x1"), x2 = new Value(5, "x2"), x3 = new Value(-4, "x3");
 *   const f = x1.add(x2).mul(x3);
 *   f.backward();
 *   await showGraph(f);           // in a notebook: the SVG, with every grad filled in
 */
import { Value } from "../autograd/value";
import { withDefaults, checkNumber } from "../util/options";
import { displayData } from "./show";

export interface GraphOptions {
  /** Show each value's grad beside its data (as it stands: call `backward()` first). */
  grad: boolean;
  /** "LR": inputs on the left, the output on the right; "TB": top to bottom. */
  rankdir: "LR" | "TB";
  /** A caption above the graph. */
  title: string;
  /** Refuse larger graphs: a drawing of thousands of nodes is unreadable (and slow to lay out). */
  maxValues: number;
}

const DEFAULTS: GraphOptions = { grad: true, rankdir: "LR", title: "", maxValues: 300 };

/**
 * The display bundle `showGraph` sends: the SVG; the same SVG as an <img> in `text/html`; and a
 * one-line text summary. The HTML copy is for nbconvert 6 (Debian's, and Notebook 6's "Download
 * as HTML"), which passes `image/svg+xml` through an HTML sanitizer that strips SVG's elements
 * and so shows an empty box, but prefers `text/html` and leaves it as it is. A data: URI in an
 * <img> also keeps the SVG's ids out of the page's id space.
 */
export interface GraphBundle {
  "image/svg+xml": string;
  "text/html": string;
  "text/plain": string;
}

/** A number as a graph shows it: four significant digits, no trailing zeros ("-12", "0.7616"). */
export function graphNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(4)) + 0); // "+ 0" turns -0 into 0
}

/** Text for a Graphviz HTML-like label. */
function escapeLabel(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A DOT string literal. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function checkRoot(root: unknown, where: string): Value {
  if (!(root instanceof Value)) throw new Error(`${where}: expected a Value (the output of an expression), got ${root === null ? "null" : typeof root}`);
  return root;
}

let graphCounter = 0;

/**
 * The graph in Graphviz's DOT language. Value i (in topological order, leaves first) is the
 * node `v<i>` (class "value"), and the operation that produced it `v<i>_op` (class "op"), with
 * edges child → op → value. Node and edge ids carry `idPrefix`, so several graphs inlined into
 * one HTML page do not share SVG ids.
 */
export function valueGraphDot(root: Value, options?: Partial<GraphOptions>, idPrefix?: string): string {
  const where = "valueGraphDot";
  const opts = withDefaults(where, DEFAULTS, options);
  checkRoot(root, where);
  if (opts.rankdir !== "LR" && opts.rankdir !== "TB") throw new Error(`${where}: rankdir must be "LR" or "TB", got ${String(opts.rankdir)}`);
  checkNumber(where, "maxValues", opts.maxValues, { min: 1, integer: true });
  const order = root.topologicalOrder();
  if (order.length > opts.maxValues) {
    throw new Error(`${where}: the graph has ${order.length} values, more than maxValues = ${opts.maxValues}; draw a smaller expression or raise maxValues`);
  }
  const prefix = idPrefix ?? `vg${++graphCounter}`;
  if (!/^[A-Za-z][\w-]*$/.test(prefix)) throw new Error(`${where}: idPrefix must be letters, digits, "_" or "-", got "${prefix}"`);
  const index = new Map<Value, number>(order.map((v, i) => [v, i]));
  const lines: string[] = [
    `digraph ${quote(prefix)} {`,
    `  graph [rankdir=${opts.rankdir}, bgcolor="transparent", fontname="Helvetica", nodesep=0.25, ranksep=0.35, id=${quote(prefix)}${
      opts.title ? `, label=${quote(opts.title)}, labelloc=t, fontsize=14` : ""
    }];`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [color="#57606a", arrowsize=0.7];',
  ];
  let edges = 0;
  const edge = (from: string, to: string): string => `  ${from} -> ${to} [id=${quote(`${prefix}-e${edges++}`)}];`;
  for (const [i, v] of order.entries()) {
    const name = v.label || (v.op ? "" : "const");
    const cells = [
      ...(name ? [`<TD><B>${escapeLabel(name)}</B></TD>`] : []),
      `<TD>data ${escapeLabel(graphNumber(v.data))}</TD>`,
      ...(opts.grad ? [`<TD><FONT COLOR="#b35900">grad ${escapeLabel(graphNumber(v.grad))}</FONT></TD>`] : []),
    ];
    const fill = v === root ? "#dbe9f6" : v.children.length === 0 ? "#f6f8fa" : "#ffffff";
    lines.push(
      `  v${i} [id=${quote(`${prefix}-v${i}`)}, class="value", shape=plain, label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#8c959f" BGCOLOR="${fill}"><TR>${cells.join("")}</TR></TABLE>>];`,
    );
    if (v.op) {
      lines.push(`  v${i}_op [id=${quote(`${prefix}-v${i}-op`)}, class="op", shape=circle, width=0.3, margin=0.02, label=${quote(v.op)}];`);
      lines.push(edge(`v${i}_op`, `v${i}`));
      for (const c of v.children) lines.push(edge(`v${index.get(c)!}`, `v${i}_op`));
    }
  }
  lines.push("}");
  return lines.join("\n");
}

type Viz = Awaited<ReturnType<typeof import("@viz-js/viz").instance>>;
let vizInstance: Promise<Viz> | null = null;

/** Graphviz, started on first use and kept for the process. */
function graphviz(): Promise<Viz> {
  if (vizInstance === null) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const viz = require("@viz-js/viz") as typeof import("@viz-js/viz");
    vizInstance = viz.instance();
  }
  return vizInstance;
}

/** The graph as an SVG document (the `<svg>` element alone, without XML prologue). */
export async function valueGraphSvg(root: Value, options?: Partial<GraphOptions>): Promise<string> {
  const dot = valueGraphDot(root, options);
  const viz = await graphviz();
  const result = viz.render(dot, { format: "svg", engine: "dot" });
  if (result.status !== "success") {
    const why = result.errors.map((e) => e.message).join("; ");
    throw new Error(`valueGraphSvg: Graphviz could not lay out the graph: ${why}`);
  }
  const svg = result.output;
  const start = svg.indexOf("<svg");
  return svg.slice(start).trim();
}

/** "Graph: 7 values, 2 operations (+, *), output -12". */
export function graphSummary(root: Value): string {
  const order = checkRoot(root, "graphSummary").topologicalOrder();
  const ops = order.filter((v) => v.op !== "").map((v) => v.op);
  const kinds = [...new Set(ops)].join(", ");
  const n = ops.length;
  const out = root.label ? `${root.label} = ${graphNumber(root.data)}` : graphNumber(root.data);
  return `Graph: ${order.length} value${order.length === 1 ? "" : "s"}, ${n} operation${n === 1 ? "" : "s"}${n > 0 ? ` (${kinds})` : ""}, output ${out}`;
}

/**
 * Draws the expression's graph. In a tslab notebook it sends one display_data with the SVG and
 * the text summary and resolves to undefined; anywhere else it prints the summary and resolves
 * to the bundle. Laying out is asynchronous: write `await showGraph(f)`, or the drawing
 * arrives after the cell has finished.
 */
export async function showGraph(root: Value, options?: Partial<GraphOptions>): Promise<GraphBundle | undefined> {
  const svg = await valueGraphSvg(root, options);
  const summary = graphSummary(root);
  const alt = escapeLabel(`computational graph: ${summary.replace(/^Graph: /, "")}`);
  const img = `<img class="gradlab-graph" alt="${alt}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">`;
  const bundle: GraphBundle = { "image/svg+xml": svg, "text/html": img, "text/plain": summary };
  if (displayData({ ...bundle })) return undefined;
  process.stdout.write(`${bundle["text/plain"]}\n`);
  return bundle;
}
