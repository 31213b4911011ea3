import * as path from "path";
import { writeFileAtomic } from "../util/atomic_write";
import { notebookText } from "./clear";
import { ExecutionSummary, executeEmbedded } from "./embedded";
import { JupyterServerRef, executeOnJupyter } from "./jupyter_engine";
import { Notebook } from "./nbformat";
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
  /**
   * How many notebooks run at once, each in its own kernel (default 1). Each notebook's outputs
   * depend only on the notebook, so they are the same with any count; only the order of the
   * progress lines changes.
   */
  jobs?: number;
  /** Called as each notebook finishes (in finishing order), e.g. to record it at once. */
  onResult?: (result: RunResult, index: number) => void;
}

export interface RunResult {
  file: string;
  output: string | null;
  ok: boolean;
  /** One line: what failed, or how long it took. */
  summary: string;
}

/**
 * Executes notebooks, `options.jobs` at a time (one kernel each), writing each executed notebook
 * atomically. The results come back in the order of `files`, whatever order they finished in.
 */
export async function runNotebooks(files: string[], options: RunOptions): Promise<RunResult[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`jobs must be a positive integer, got ${jobs}`);
  const results: RunResult[] = new Array<RunResult>(files.length);
  // One browser for all the notebooks; started first, so a missing Chromium fails before any work.
  const renderer = options.images ? new SharedRenderer(await StaticImageRenderer.open(options.chromium)) : null;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const k = next++;
      results[k] = await runOne(files[k], `[${k + 1}/${files.length}] ${files[k]}`, files.length, options, log, renderer);
      options.onResult?.(results[k], k);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  } finally {
    await renderer?.close();
  }
  return results;
}

/**
 * The one Chromium page that draws the static pictures, taken by one notebook at a time: the
 * renderer draws each figure into the same element of that page.
 */
class SharedRenderer {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly renderer: StaticImageRenderer) {}

  draw(notebook: Notebook, format: StaticImageFormat): Promise<number> {
    const turn = this.queue.then(() => addStaticImages(notebook, this.renderer, format));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  close(): Promise<void> {
    return this.renderer.close();
  }
}

/** Runs one notebook, adds the pictures when asked, writes the result and says how it went. */
async function runOne(
  file: string,
  label: string,
  count: number,
  options: RunOptions,
  log: (line: string) => void,
  renderer: SharedRenderer | null,
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
  const pictures = renderer && options.images ? await renderer.draw(summary.notebook, options.images) : 0;
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
