import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { notebookText } from "./clear";
import { convertNotebookFile } from "./convert";
import { sampleNotebook } from "./sample_notebook";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-convert-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeSample(name = "03-optim.ipynb", metadata: Record<string, unknown> = {}): string {
  const nb = sampleNotebook();
  Object.assign(nb.metadata, metadata);
  const file = path.join(dir, name);
  fs.writeFileSync(file, notebookText(nb));
  return file;
}

describe("convertNotebookFile", () => {
  test("writes <name>.html beside the notebook, titled by the file name, and leaves no temporary file", () => {
    const file = writeSample();
    const out = convertNotebookFile(file, { to: "html" });
    expect(out).toBe(path.join(dir, "03-optim.html"));
    const html = fs.readFileSync(out, "utf8");
    expect(html).toContain("<title>03-optim</title>");
    expect(html).toContain("<h1>Gradient descent</h1>");
    expect(fs.readdirSync(dir).sort()).toEqual(["03-optim.html", "03-optim.ipynb"]);
  });

  test("the notebook's metadata.title, when present, is the page title", () => {
    const out = convertNotebookFile(writeSample("a.ipynb", { title: "Optimisation <1>" }), { to: "html" });
    expect(fs.readFileSync(out, "utf8")).toContain("<title>Optimisation &lt;1&gt;</title>");
  });

  test("writes <name>.md into outputDir, creating it", () => {
    const file = writeSample();
    const outDir = path.join(dir, "exported", "md");
    const out = convertNotebookFile(file, { to: "markdown", outputDir: outDir });
    expect(out).toBe(path.join(outDir, "03-optim.md"));
    const md = fs.readFileSync(out, "utf8");
    expect(md.startsWith("# Gradient descent\n")).toBe(true);
    expect(md).toContain("```typescript\nshow(lossCurve(history));\n```\n\n[plot: t]\n");
    expect(fs.readdirSync(outDir)).toEqual(["03-optim.md"]);
  });

  test("a second conversion replaces the first", () => {
    const file = writeSample();
    convertNotebookFile(file, { to: "markdown" });
    const nb = JSON.parse(fs.readFileSync(file, "utf8"));
    nb.cells[0].source = "# Changed";
    fs.writeFileSync(file, JSON.stringify(nb));
    const md = fs.readFileSync(convertNotebookFile(file, { to: "markdown" }), "utf8");
    expect(md.startsWith("# Changed\n\n```typescript")).toBe(true);
  });

  test("an image beside the notebook is embedded in the page", () => {
    const file = writeSample();
    fs.writeFileSync(path.join(dir, "dot.png"), Buffer.from("PNGDATA"));
    const nb = JSON.parse(fs.readFileSync(file, "utf8"));
    nb.cells[0].source = "![dot](dot.png)";
    fs.writeFileSync(file, JSON.stringify(nb));
    const html = fs.readFileSync(convertNotebookFile(file, { to: "html" }), "utf8");
    expect(html).toContain(`<img src="data:image/png;base64,${Buffer.from("PNGDATA").toString("base64")}" alt="dot">`);
  });

  test("bad formats, options and files are errors that say what was expected", () => {
    const file = writeSample();
    expect(() => convertNotebookFile(file, { to: "pdf" as never })).toThrow('convertNotebookFile: to must be "html" or "markdown", got "pdf"');
    expect(() => convertNotebookFile(file, { to: "html", out: "x" } as never)).toThrow(
      'convertNotebookFile: unknown option "out"; known options are "to", "outputDir"',
    );
    expect(() => convertNotebookFile(file, { to: "html", outputDir: "" })).toThrow('convertNotebookFile: outputDir must be a folder path, got ""');
    const missing = path.join(dir, "missing.ipynb");
    expect(() => convertNotebookFile(missing, { to: "html" })).toThrow(`${missing}: cannot be read (ENOENT)`);
    const broken = path.join(dir, "broken.ipynb");
    fs.writeFileSync(broken, "{ not json");
    expect(() => convertNotebookFile(broken, { to: "markdown" })).toThrow(`${broken}: is not valid JSON`);
    expect(fs.existsSync(path.join(dir, "broken.md"))).toBe(false);
  });

  test("a notebook named .md is not overwritten by its own Markdown", () => {
    const file = writeSample("notes.md");
    expect(() => convertNotebookFile(file, { to: "markdown" })).toThrow(`convertNotebookFile: the output ${file} would overwrite the notebook itself`);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).nbformat).toBe(4);
  });
});
