import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MathRenderer, extractMath, renderMarkdown } from "./markdown_math";

/** The TeX of each maths span, with $ or $$ around it to show which kind it is. */
function spans(source: string): string[] {
  return extractMath(source).maths.map((m) => (m.display ? `$$${m.tex}$$` : `$${m.tex}$`));
}

describe("extractMath", () => {
  test("finds inline and display maths and leaves a placeholder word in their place", () => {
    const e = extractMath("Let $a_i b_i$ and $$\n\\sum_i x_i\n$$ end");
    expect(e.maths).toEqual([
      { tex: "a_i b_i", display: false },
      { tex: "\n\\sum_i x_i\n", display: true },
    ]);
    expect(e.text).toBe("Let gradlabmath0x and gradlabmath1x end");
  });

  test("prices, escaped dollars, spaced dollars and paragraph breaks are not maths", () => {
    expect(spans("It costs $5 and $10 today")).toEqual([]);
    expect(spans("\\$x$ is an escaped dollar then a lone one")).toEqual([]);
    expect(spans("$ a$ opens on a space; $b $ closes after one")).toEqual([]);
    expect(spans("$a\n\nb$")).toEqual([]);
    expect(spans("$a$ and $b$")).toEqual(["$a$", "$b$"]);
    expect(spans("$$ $$ is empty")).toEqual([]);
  });

  test("dollars in code spans and fenced code stay code", () => {
    expect(spans("`$x$` and ``a ` $y$`` then $z$")).toEqual(["$z$"]);
    expect(spans("```ts\nconst s = `$${a}$`;\n```\n$w$")).toEqual(["$w$"]);
    expect(spans("~~~\n$x$\n~~~")).toEqual([]);
  });

  test("an escaped dollar inside maths does not close it", () => {
    expect(spans("$a \\$ b$")).toEqual(["$a \\$ b$"]);
  });

  test("the placeholder prefix avoids words already in the text", () => {
    const e = extractMath("gradlabmath0x is a word; $y$");
    expect(e.prefix).toBe("gradlabmathz");
    expect(e.text).toBe("gradlabmath0x is a word; gradlabmathz0x");
  });
});

describe("renderMarkdown", () => {
  test("maths becomes MathML untouched by Markdown emphasis; the rest is Markdown", () => {
    const html = renderMarkdown("$x_1 * y_1 * z_1$ and *em* and \\$3", new MathRenderer());
    expect(html).toContain("<math");
    expect(html).toContain("<msub><mi>x</mi><mn>1</mn></msub>");
    expect(html).toContain("<em>em</em>");
    expect(html.match(/<em>/g)).toHaveLength(1);
    expect(html).toContain("and $3");
  });

  test("display maths is a block formula", () => {
    expect(renderMarkdown("$$\\eta$$", new MathRenderer())).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><semantics><mrow><mi>η</mi>');
  });

  test("macros defined in one cell are known in the next, as in Jupyter", () => {
    const maths = new MathRenderer();
    renderMarkdown("$\\newcommand{\\R}{\\mathbb{R}}$", maths);
    const html = renderMarkdown("$x \\in \\R$", maths);
    expect(html).toContain('<mi mathvariant="double-struck">R</mi>');
    expect(html).not.toContain("katex-error");
  });

  test("TeX that KaTeX cannot parse is shown as escaped source, not thrown", () => {
    const html = renderMarkdown("$\\frac{1<2$", new MathRenderer());
    expect(html).toContain("katex-error");
    expect(html).toContain("\\frac{1&lt;2");
  });

  test("maths inside an attribute (image alt text) goes back as TeX, not as markup", () => {
    const html = renderMarkdown("![$x^2$](data:image/png;base64,AAAA)", new MathRenderer());
    expect(html).toBe('<p><img src="data:image/png;base64,AAAA" alt="$x^2$"></p>\n');
  });

  test("attachment and relative-path images are embedded as data URIs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-md-"));
    try {
      fs.mkdirSync(path.join(dir, "figs"));
      fs.writeFileSync(path.join(dir, "figs", "net.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      const html = renderMarkdown(
        "![a](attachment:dot.png) ![b](figs/net.png) ![c](figs/missing.png) ![d](https://example.org/e.png)",
        new MathRenderer(),
        { attachments: { "dot.png": { "image/png": "iVBO\nRw0K" } }, baseDir: dir },
      );
      expect(html).toContain('src="data:image/png;base64,iVBORw0K" alt="a"');
      expect(html).toContain(`src="data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString("base64")}" alt="b"`);
      expect(html).toContain('src="figs/missing.png" alt="c"');
      expect(html).toContain('src="https://example.org/e.png" alt="d"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
