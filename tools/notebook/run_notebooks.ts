import * as path from "path";
import { writeFileAtomic } from "../util/atomic_write";
import { notebookText } from "./clear";
import { ExecutionSummary, executeEmbedded } from "./embedded";
import { JupyterServerRef, executeOnJupyter } from "./jupyter_engine";
import { NotebookError, readNotebook } from "./read";

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
  for (const [k, file] of files.entries()) {
    const label = `[${k + 1}/${files.length}] ${file}`;
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
      results.push({ file, output: null, ok: false, summary: message });
      continue;
    }
    const output = outputPath(file, files.length, options);
    writeFileAtomic(output, notebookText(summary.notebook));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const failed = summary.failedCell;
    const ok = failed === null;
    let line: string;
    if (ok) line = `${label}: ok in ${seconds} s -> ${output}`;
    else {
      const cell = summary.notebook.cells[failed];
      const err = cell.cell_type === "code" ? cell.outputs.find((o) => o.output_type === "error") : undefined;
      const why = err && err.output_type === "error" ? `${err.ename}: ${err.evalue.split("\n")[0]}` : "the cell failed";
      line = `${label}: FAILED at cell ${failed + 1} (${why}) after ${seconds} s -> ${output}`;
    }
    log(line);
    results.push({ file, output, ok, summary: line });
  }
  return results;
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
