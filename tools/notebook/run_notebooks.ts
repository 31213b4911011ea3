import * as path from "path";
import { writeFileAtomic } from "../util/atomic_write";
import { notebookText } from "./clear";
import { ExecutionSummary, executeEmbedded } from "./embedded";
import { JupyterServerRef, executeOnJupyter } from "./jupyter_engine";
import { NotebookError, readNotebook } from "./read";
import { StaticImageFormat, StaticImageRenderer, addStaticImages } from "./static_images";

export interface RunOptions {
  engine: "embedded" | "jupyter";
  /** For the jupyter engine: the running server. */
  server?: JupyterServerRef;
  timeoutMs: number;
  allowErrors: boolean;
  /** Overwrite the notebook itself. */
  inplace: boolean;
  /** Output path (one notebook) or folder (several); default `<name>.nbconvert.ipynb` beside it, as nbconvert does. */
  output?: string;
  /**
   * Also store a static picture (PNG or SVG, drawn in headless Chromium) in every plot's
   * bundle, for viewers that run no scripts, such as GitHub's notebook view.
   */
  images?: StaticImageFormat;
  /** With `images`: the Chromium to draw with (default: $GRADLAB_CHROMIUM or the system's). */
  chromium?: string;
  /** Where progress lines go (default: stderr). */
  log?: (line: string) => void;
}

export interface RunResult {
  file: string;
  output: string | null;
  ok: boolean;
  /** One line: what failed, or how long it took. */
  summary: string;
}

/** Executes notebooks one after another, writing each executed notebook atomically. */
export async function runNotebooks(files: string[], options: RunOptions): Promise<RunResult[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const results: RunResult[] = [];
  // One browser for all the notebooks; started first, so a missing Chromium fails before any work.
  const renderer = options.images ? await StaticImageRenderer.open(options.chromium) : null;
  try {
    for (const [k, file] of files.entries()) results.push(await runOne(file, `[${k + 1}/${files.length}] ${file}`, files.length, options, log, renderer));
  } finally {
    await renderer?.close();
  }
  return results;
}

/** Runs one notebook, adds the pictures when asked, writes the result and says how it went. */
async function runOne(
  file: string,
  label: string,
  count: number,
  options: RunOptions,
  log: (line: string) => void,
  renderer: StaticImageRenderer | null,
): Promise<RunResult> {
  const started = Date.now();
  let summary: ExecutionSummary;
  try {
    const notebook = readNotebook(file);
    const onCell = (done: number, total: number): void => log(`${label}: cell ${done}/${total}`);
    summary =
      options.engine === "jupyter"
        ? await executeOnJupyter(notebook, path.resolve(file), requireServer(options.server), { ...options, onCell })
        : await executeEmbedded(notebook, path.dirname(path.resolve(file)), { ...options, onCell });
  } catch (e) {
    const message = e instanceof NotebookError ? e.message : `${file}: ${(e as Error).message}`;
    log(`${label}: FAILED: ${message}`);
    return { file, output: null, ok: false, summary: message };
  }
  const pictures = renderer && options.images ? await addStaticImages(summary.notebook, renderer, options.images) : 0;
  const output = outputPath(file, count, options);
  writeFileAtomic(output, notebookText(summary.notebook));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const failed = summary.failedCell;
  const ok = failed === null;
  let line: string;
  const drawn = renderer ? `, ${pictures} ${options.images} picture${pictures === 1 ? "" : "s"}` : "";
  if (ok) line = `${label}: ok in ${seconds} s${drawn} -> ${output}`;
  else {
    const cell = summary.notebook.cells[failed];
    const err = cell.cell_type === "code" ? cell.outputs.find((o) => o.output_type === "error") : undefined;
    const why = err && err.output_type === "error" ? `${err.ename}: ${err.evalue.split("\n")[0]}` : "the cell failed";
    line = `${label}: FAILED at cell ${failed + 1} (${why}) after ${seconds} s -> ${output}`;
  }
  log(line);
  return { file, output, ok, summary: line };
}

function requireServer(server: JupyterServerRef | undefined): JupyterServerRef {
  if (!server) throw new Error("the jupyter engine needs a server: pass --server URL --token TOKEN");
  return server;
}

function outputPath(file: string, count: number, options: RunOptions): string {
  if (options.inplace) return file;
  if (options.output) return count === 1 && options.output.endsWith(".ipynb") ? options.output : path.join(options.output, path.basename(file));
  return file.replace(/\.ipynb$/, "") + ".nbconvert.ipynb";
}
