/**
 * The rendered course: the course notebooks executed headless and turned into linked HTML
 * pages, for a reader without Jupyter (`gradlab start --rendered`). Executed notebooks are kept
 * in the output folder and reused while their source and the library are unchanged (cache.ts),
 * so a second start serves at once; the pages are made afresh every time (a fraction of a
 * second each). The index lists each notebook's title, estimated time and learning goals,
 * read from its opening cell (intro.ts), and every page links to the previous and next ones.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeFileAtomic } from "../util/atomic_write";
import { PAGE_CSS } from "../notebook/html_assets";
import { MathRenderer, escapeHtml, renderMarkdown } from "../notebook/markdown_math";
import { Notebook } from "../notebook/nbformat";
import { readNotebook } from "../notebook/read";
import { runNotebooks } from "../notebook/run_notebooks";
import { PageNav, notebookToHtml } from "../notebook/to_html";
import { fileHash, isFresh, readManifest, writeManifest } from "./cache";
import { NotebookIntro, notebookIntro } from "./intro";

export interface CourseBuildOptions {
  /** The course's notebooks, in reading order. */
  notebooks: string[];
  /** Where the executed notebooks, the cache manifest and the pages go. */
  outDir: string;
  /** The library's content hash (cache.ts `libraryHash`). */
  library: string;
  timeoutMs: number;
  log: (line: string) => void;
  /** Notebooks executed at once, one kernel each (default: the number of cores). */
  jobs?: number;
}

export interface CoursePage {
  /** The notebook's name without extension, e.g. "05-gradient-descent". */
  name: string;
  /** The page's file name in outDir, e.g. "05-gradient-descent.html". */
  file: string;
  intro: NotebookIntro;
  /** The notebook ran without an error. */
  ok: boolean;
}

export interface CourseBuild {
  pages: CoursePage[];
  /** Names of the notebooks executed this time, and of those whose earlier run was reused. */
  executed: string[];
  reused: string[];
}

export const INDEX_FILE = "index.html";
export const INDEX_TITLE = "gradlab: the course";

export async function buildRenderedCourse(options: CourseBuildOptions): Promise<CourseBuild> {
  const { notebooks, outDir, library, timeoutMs, log } = options;
  fs.mkdirSync(outDir, { recursive: true });
  const manifest = readManifest(outDir);
  const names = notebooks.map((f) => path.basename(f, ".ipynb"));
  const executedPath = (name: string): string => path.join(outDir, `${name}.ipynb`);
  const sources = notebooks.map((f) => fileHash(f));
  const stale = names.map((name, i) => !isFresh(manifest.notebooks[name], sources[i], library, executedPath(name)));
  const toRun = names.filter((_, i) => stale[i]);
  const reused = names.filter((_, i) => !stale[i]);
  if (toRun.length === 0) log(`all ${names.length} notebooks are unchanged since their last run (source and library): nothing to execute`);
  else if (reused.length > 0) log(`${reused.length} of ${names.length} notebooks unchanged since their last run; executing ${toRun.length}: ${toRun.join(", ")}`);
  else log(`executing all ${names.length} notebooks (about a minute; later starts reuse the results while the notebooks and the library are unchanged)`);

  const staleIndex = names.flatMap((_, i) => (stale[i] ? [i] : []));
  await runNotebooks(
    staleIndex.map((i) => notebooks[i]),
    {
      engine: "embedded",
      timeoutMs,
      allowErrors: true,
      inplace: false,
      output: outDir,
      log,
      jobs: options.jobs ?? os.availableParallelism(),
      // Each result is recorded as it finishes, so an interrupted build keeps what it finished.
      onResult: (result, k) => {
        const i = staleIndex[k];
        manifest.notebooks[names[i]] = { source: sources[i], library, ok: result.ok && result.output !== null };
        writeManifest(outDir, manifest);
      },
    },
  );

  const pages: CoursePage[] = [];
  const loaded: Notebook[] = [];
  for (const [i, name] of names.entries()) {
    const executed = executedPath(name);
    const notebook = fs.existsSync(executed) ? readNotebook(executed) : readNotebook(notebooks[i]);
    loaded.push(notebook);
    pages.push({ name, file: `${name}.html`, intro: notebookIntro(notebook, name), ok: manifest.notebooks[name]?.ok === true });
  }
  for (const [i, page] of pages.entries()) {
    const nav: PageNav = {
      index: { href: INDEX_FILE, title: "all notebooks" },
      ...(i > 0 ? { previous: { href: pages[i - 1].file, title: pages[i - 1].intro.title } } : {}),
      ...(i + 1 < pages.length ? { next: { href: pages[i + 1].file, title: pages[i + 1].intro.title } } : {}),
    };
    const html = notebookToHtml(loaded[i], { title: page.intro.title, baseDir: path.dirname(path.resolve(notebooks[i])), nav });
    writeFileAtomic(path.join(outDir, page.file), html);
  }
  writeFileAtomic(path.join(outDir, INDEX_FILE), courseIndexHtml(pages));
  return { pages, executed: toRun, reused };
}

/** The index page: one entry per notebook with its title (a link), time and learning goals. */
export function courseIndexHtml(pages: CoursePage[]): string {
  const maths = new MathRenderer();
  const entries = pages.map((p, i) => {
    const time = p.intro.time ? `<span class="time">${escapeHtml(p.intro.time)}</span>` : "";
    const errors = p.ok ? "" : ' <span class="errors">(has errors)</span>';
    const goals = p.intro.goals.length > 0 ? `<div class="goals">${renderMarkdown(p.intro.goals.map((g) => `- ${g}`).join("\n"), maths)}</div>` : "";
    return `<li class="notebook-entry"><div class="head"><span class="number">${i + 1}.</span> <a href="${escapeHtml(p.file)}">${escapeHtml(p.intro.title)}</a>${errors}${time}</div>
<div class="file">${escapeHtml(p.name)}</div>${goals}</li>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${INDEX_TITLE}</title>
<style>${PAGE_CSS}
ol.course { list-style: none; padding: 0; }
li.notebook-entry { border-bottom: 1px solid #d8dee4; padding: 0.8em 0.4em; }
li.notebook-entry .head { font-size: 1.15em; font-weight: 600; display: flex; gap: 0.4em; align-items: baseline; }
li.notebook-entry .head a { color: #0969da; text-decoration: none; }
li.notebook-entry .time { margin-left: auto; font-weight: normal; font-size: 0.85em; color: #57606a; white-space: nowrap; }
li.notebook-entry .errors { color: #d1242f; font-weight: normal; font-size: 0.85em; }
li.notebook-entry .file { color: #57606a; font: 12px ui-monospace, monospace; margin-left: 1.6em; }
li.notebook-entry .goals { margin-left: 1.6em; font-size: 0.95em; }
li.notebook-entry .goals ul { margin: 0.3em 0; }
</style>
</head>
<body>
<main class="notebook markdown">
<h1>${INDEX_TITLE}</h1>
<p>The lecture notebooks, executed, with their plots. Each page links to the next.</p>
<ol class="course">
${entries.join("\n")}
</ol>
</main>
</body>
</html>
`;
}
