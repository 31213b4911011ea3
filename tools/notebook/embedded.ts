/**
 * The embedded engine: runs a notebook top to bottom with tslab's converter and executor in a
 * child process whose working directory is the notebook's folder. No Python, no Jupyter.
 *
 * A cell that runs past `timeoutMs` is interrupted (SIGINT, which stops a cell waiting on a
 * promise), and if it is still running a second later the child is killed: the cell records a
 * timeout error and the remaining cells are not run (their state is gone with the child).
 */
import { ChildProcess, fork } from "child_process";
import * as path from "path";
import type { ExecuteDone, ExecuteRequest } from "./embedded_worker";
import { CodeCell, ErrorOutput, Notebook, sourceText } from "./nbformat";

export interface EmbeddedOptions {
  /** Wall-clock limit per cell, in milliseconds. */
  timeoutMs: number;
  /** Keep running after a failed cell (nbconvert's --allow-errors). */
  allowErrors: boolean;
  /** Called after each code cell with its index among code cells and their count. */
  onCell?: (done: number, total: number) => void;
}

export interface ExecutionSummary {
  notebook: Notebook;
  /** Index (in `cells`) of the first failed cell, or null. */
  failedCell: number | null;
}

const WORKER = path.join(__dirname, "embedded_worker.js");

export async function executeEmbedded(notebook: Notebook, notebookDir: string, options: EmbeddedOptions): Promise<ExecutionSummary> {
  const result: Notebook = JSON.parse(JSON.stringify(notebook)) as Notebook;
  const codeCells = result.cells.map((c, i) => ({ c, i })).filter((e): e is { c: CodeCell; i: number } => e.c.cell_type === "code");
  for (const { c } of codeCells) {
    c.outputs = [];
    c.execution_count = null;
  }
  const child = fork(WORKER, [], { cwd: notebookDir, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let failedCell: number | null = null;
  try {
    await waitForReady(child);
    let count = 0;
    for (const { c, i } of codeCells) {
      const source = sourceText(c.source);
      c.execution_count = ++count;
      const done = await runCell(child, { type: "execute", index: i, source }, options.timeoutMs);
      c.outputs = done.outputs.map((o) => (o.output_type === "execute_result" ? { ...o, execution_count: count } : o));
      options.onCell?.(count, codeCells.length);
      if (!done.ok && failedCell === null) failedCell = i;
      if (!done.ok && (!options.allowErrors || child.exitCode !== null || child.signalCode !== null)) break;
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  return { notebook: result, failedCell };
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string }): void => {
      if (m.type === "ready") {
        child.off("exit", onExit);
        child.off("message", onMessage);
        resolve();
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`notebook worker exited (code ${code}) before it was ready`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

function runCell(child: ChildProcess, request: ExecuteRequest, timeoutMs: number): Promise<ExecuteDone> {
  return new Promise((resolve) => {
    const timeoutError = (): ErrorOutput => ({
      output_type: "error",
      ename: "TimeoutError",
      evalue: `the cell ran longer than ${timeoutMs / 1000} s and was stopped`,
      traceback: [`TimeoutError: the cell ran longer than ${timeoutMs / 1000} s and was stopped (raise the limit with --timeout)`],
    });
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (done: ExecuteDone): void => {
      clearTimeout(interruptTimer);
      clearTimeout(killTimer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(done);
    };
    const onMessage = (m: ExecuteDone): void => {
      if (m.type !== "done" || m.index !== request.index) return;
      // An interrupted cell reports "Interrupted asynchronously"; name it a timeout.
      finish(timedOut ? { ...m, ok: false, outputs: [...m.outputs.filter((o) => o.output_type !== "error"), timeoutError()] } : m);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      const outputs = timedOut
        ? [timeoutError()]
        : [{ output_type: "error" as const, ename: "KernelDied", evalue: `the notebook process exited (code ${code}, signal ${signal})`, traceback: [] }];
      finish({ type: "done", index: request.index, ok: false, outputs });
    };
    let timedOut = false;
    const interruptTimer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGINT");
      killTimer = setTimeout(() => child.kill("SIGKILL"), 1000);
    }, timeoutMs);
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(request);
  });
}
