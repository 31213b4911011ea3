/**
 * The graph of a Value expression: the DOT has one box per value and one circle per operation
 * with the edges of the expression; Graphviz's SVG keeps them; Chromium draws it.
 */
import { Value, graphNumber, graphSummary, showGraph, valueGraphDot, valueGraphSvg } from "gradlab";
import { launchChromium } from "../../test/support/browser";

/** Lecture 002's example, f = (x1 + x2) · x3, after backward: grads -4, -4, 3. */
function lectureExample(): Value {
  const x1 = new Value(-2, "x1");
  const x2 = new Value(5, "x2");
  const x3 = new Value(-4, "x3");
  const f = x1.add(x2).mul(x3);
  f.label = "f";
  f.backward();
  return f;
}

/** Edges "a -> b" of a DOT text, as pairs of node names. */
function dotEdges(dot: string): [string, string][] {
  return [...dot.matchAll(/^\s+(\w+) -> (\w+)/gm)].map((m) => [m[1], m[2]]);
}

describe("valueGraphDot", () => {
  test("one value box per Value and one op circle per operation, wired as the expression", () => {
    const dot = valueGraphDot(lectureExample(), {}, "g");
    // Topological order: x1, x2, their sum, x3, f (leaves before the values they feed).
    const values = [...dot.matchAll(/^\s+(v\d+) \[[^\n]*class="value"/gm)].map((m) => m[1]);
    const ops = [...dot.matchAll(/^\s+(v\d+_op) \[[^\n]*class="op"[^\n]*label="([^"]+)"/gm)].map((m) => [m[1], m[2]]);
    expect(values).toHaveLength(5);
    expect(ops.map(([, op]) => op).sort()).toEqual(["*", "+"]);
    const edges = dotEdges(dot);
    expect(edges).toHaveLength(2 + 4); // op -> result for each op, and two inputs per binary op
    const labelOf = (node: string): string => /<B>([^<]*)<\/B>/.exec(dot.split("\n").find((l) => l.trim().startsWith(`${node} [`))!)?.[1] ?? "";
    const inputsOf = (op: string): string[] => edges.filter(([, to]) => to === op).map(([from]) => labelOf(from)).sort();
    const plus = ops.find(([, op]) => op === "+")![0];
    const times = ops.find(([, op]) => op === "*")![0];
    expect(inputsOf(plus)).toEqual(["x1", "x2"]);
    expect(inputsOf(times)).toEqual(["", "x3"]); // the unnamed sum, and x3
    expect(labelOf(edges.find(([from]) => from === times)![1])).toBe("f");
    // The numbers of the lecture: data and grad of every value.
    expect(dot).toContain("<TD><B>x1</B></TD><TD>data -2</TD><TD><FONT COLOR=\"#b35900\">grad -4</FONT></TD>");
    expect(dot).toContain("<TD>data 3</TD><TD><FONT COLOR=\"#b35900\">grad -4</FONT></TD>");
    expect(dot).toContain("<TD><B>x3</B></TD><TD>data -4</TD><TD><FONT COLOR=\"#b35900\">grad 3</FONT></TD>");
    expect(dot).toContain("<TD><B>f</B></TD><TD>data -12</TD><TD><FONT COLOR=\"#b35900\">grad 1</FONT></TD>");
  });

  test("a value used twice is one node with two edges; unary ops have one input; grad can be left out", () => {
    const a = new Value(3, "a");
    const dot = valueGraphDot(a.mul(a).tanh(), { grad: false }, "g");
    expect(dotEdges(dot).filter(([from]) => from === "v0")).toEqual([
      ["v0", "v1_op"],
      ["v0", "v1_op"],
    ]);
    expect(dotEdges(dot).filter(([, to]) => to === "v2_op")).toEqual([["v1", "v2_op"]]);
    expect(dot).not.toContain("grad");
  });

  test("labels are escaped; bad input is named", () => {
    const odd = new Value(1, 'x<"&>');
    expect(valueGraphDot(odd.add(1), {}, "g")).toContain("<B>x&lt;&quot;&amp;&gt;</B>");
    expect(() => valueGraphDot(3 as never)).toThrow("valueGraphDot: expected a Value (the output of an expression), got number");
    let big = new Value(0, "x");
    for (let i = 0; i < 10; i++) big = big.add(i);
    expect(() => valueGraphDot(big, { maxValues: 5 })).toThrow("valueGraphDot: the graph has 21 values, more than maxValues = 5");
    expect(() => valueGraphDot(big, { rankdir: "RL" as never })).toThrow('rankdir must be "LR" or "TB"');
    expect(() => valueGraphDot(big, { colour: 1 } as never)).toThrow('valueGraphDot: unknown option "colour"');
  });

  test("numbers have four significant digits", () => {
    expect([graphNumber(-12), graphNumber(Math.tanh(1)), graphNumber(1.23456e-7), graphNumber(-0), graphNumber(NaN)]).toEqual(["-12", "0.7616", "1.235e-7", "0", "NaN"]);
    expect(graphSummary(lectureExample())).toBe("Graph: 5 values, 2 operations (+, *), output f = -12");
  });
});

describe("valueGraphSvg and showGraph", () => {
  test("Graphviz's SVG has a node per value and per operation, and Chromium draws it", async () => {
    const svg = await valueGraphSvg(lectureExample());
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<g id="[^"]+" class="node op">/g)).toHaveLength(2);
    expect(svg.match(/<g id="[^"]+" class="node value">/g)).toHaveLength(5);
    expect(svg.match(/<g id="[^"]+" class="edge">/g)).toHaveLength(6);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 800, height: 300 } });
      await page.setContent(`<!DOCTYPE html><html><body>${svg}</body></html>`);
      const ops = page.locator("g.node.op");
      expect(await ops.count()).toBe(2);
      expect((await ops.allTextContents()).map((t) => t.trim().split("\n").pop())).toEqual(expect.arrayContaining(["+", "*"]));
      const box = await page.locator("svg").boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(50);
      // The inputs are left of the output (rankdir LR): x1's box (value 0) is left of f's (value 4).
      const x = async (i: number) => (await page.locator(`g.node.value[id$="-v${i}"]`).boundingBox())!.x;
      expect(await x(0)).toBeLessThan(await x(4));
    } finally {
      await browser.close();
    }
  }, 30_000);

  test("in tslab showGraph sends the SVG and a summary; elsewhere it prints the summary", async () => {
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    const sent: { data: Record<string, string> }[] = [];
    jupyter.lastWriteDisplayData = (content: { data: Record<string, string> }) => sent.push(content);
    try {
      expect(await showGraph(lectureExample())).toBeUndefined();
    } finally {
      jupyter.lastWriteDisplayData = null;
    }
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0].data).sort()).toEqual(["image/svg+xml", "text/html", "text/plain"]);
    const svg = sent[0].data["image/svg+xml"];
    expect(svg).toMatch(/^<svg/);
    // The HTML copy is the same SVG in an <img> (for nbconvert 6, which breaks inline SVG outputs).
    const src = /^<img class="gradlab-graph" alt="computational graph: 5 values, [^"]*" src="data:image\/svg\+xml;base64,([^"]+)">$/.exec(sent[0].data["text/html"]);
    expect(Buffer.from(src![1], "base64").toString("utf8")).toBe(svg);
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const bundle = await showGraph(lectureExample());
      expect(bundle?.["text/plain"]).toBe("Graph: 5 values, 2 operations (+, *), output f = -12");
      expect(write).toHaveBeenCalledWith("Graph: 5 values, 2 operations (+, *), output f = -12\n");
    } finally {
      write.mockRestore();
    }
  });
});
