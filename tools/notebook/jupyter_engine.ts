/**
 * The jupyter engine: runs a notebook on a running Jupyter server (Notebook, JupyterLab or
 * JupyterHub) with the tslab kernel, through @jupyterlab/services, as a front end would.
 *
 * tslab differs from IPython in ways this engine works around (see README, "Notebook engines"):
 * - it sends no `execute_result` and no `error` message: a cell's value and its error arrive as
 *   `stream` text. The engine keeps the streams and, when the reply says `status: "error"`, adds
 *   an `error` output rebuilt from the stderr text (name and message of its first line);
 * - it never announces `execution_count`, so the engine numbers cells itself;
 * - it aborts a request that arrives within ~200 ms of a failed cell, so after a failure the
 *   engine waits, and re-sends a request that came back `aborted`;
 * - a hung cell is interrupted (SIGINT stops even a busy loop in tslab); only a cell that
 *   survives the interrupt costs the kernel, which is then replaced by a fresh one.
 */
import * as path from "path";
import WebSocket from "ws";
import { KernelManager, KernelMessage, ServerConnection, SessionManager } from "@jupyterlab/services";
import { CodeCell, DisplayDataOutput, ErrorOutput, Notebook, Output, sourceText } from "./nbformat";
import type { EmbeddedOptions, ExecutionSummary } from "./embedded";

export interface JupyterServerRef {
  baseUrl: string;
  token: string;
  /** The folder the server serves; the notebook's path is taken relative to it. */
  rootDir: string;
}

const SETTLE_AFTER_ERROR_MS = 400;

export async function executeOnJupyter(
  notebook: Notebook,
  notebookFile: string,
  server: JupyterServerRef,
  options: EmbeddedOptions,
): Promise<ExecutionSummary> {
  const result = JSON.parse(JSON.stringify(notebook)) as Notebook;
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: server.baseUrl,
    wsUrl: server.baseUrl.replace(/^http/, "ws"),
    token: server.token,
    appendToken: true,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const kernelManager = new KernelManager({ serverSettings });
  const sessionManager = new SessionManager({ kernelManager, serverSettings });
  const relPath = path.relative(server.rootDir, notebookFile).split(path.sep).join("/");
  if (relPath.startsWith("..")) throw new Error(`${notebookFile} is outside the Jupyter server's root ${server.rootDir}`);
  // A session for the notebook's path starts the kernel in the notebook's folder, as the UI does.
  const openSession = async (): Promise<{ session: SessionConnection; kernel: Kernel }> => {
    const session = await sessionManager.startNew({ path: relPath, type: "notebook", name: path.basename(relPath), kernel: { name: "tslab" } });
    const kernel = session.kernel;
    if (!kernel) throw new Error("the Jupyter server started a session without a kernel");
    // `info` settles once the websocket is connected and kernel_info answered (tslab warms its
    // compiler first), so the per-cell time limit does not count the kernel's start-up.
    const ready = await settlesWithin(kernel.info, 120_000);
    if (!ready) throw new Error("the tslab kernel did not start within 120 s (see the Jupyter server's log)");
    return { session, kernel };
  };
  let current = await openSession();
  let failedCell: number | null = null;
  try {
    let count = 0;
    let lastFailed = false;
    const codeCells = result.cells.map((c, i) => ({ c, i })).filter((e): e is { c: CodeCell; i: number } => e.c.cell_type === "code");
    for (const { c, i } of codeCells) {
      c.outputs = [];
      c.execution_count = ++count;
      if (lastFailed) await sleep(SETTLE_AFTER_ERROR_MS);
      let run = await runCell(current.kernel, sourceText(c.source), options.timeoutMs);
      if (run.status === "aborted") {
        await sleep(SETTLE_AFTER_ERROR_MS);
        run = await runCell(current.kernel, sourceText(c.source), options.timeoutMs);
      }
      c.outputs = run.outputs;
      options.onCell?.(count, codeCells.length);
      lastFailed = run.status !== "ok";
      if (lastFailed) {
        if (failedCell === null) failedCell = i;
        if (!options.allowErrors) break;
        if (run.stuck) {
          // The interrupt did not stop the cell: start over in a fresh kernel (the notebook's
          // state is lost, as after "Restart" in the UI).
          await closeSession(current.session);
          current = await openSession();
        }
      }
    }
  } finally {
    await closeSession(current.session);
    sessionManager.dispose();
    kernelManager.dispose();
  }
  return { notebook: result, failedCell };
}

interface CellRun {
  status: "ok" | "error" | "aborted";
  outputs: Output[];
  /** Timed out and still running after the interrupt: the kernel must be replaced. */
  stuck: boolean;
}

async function closeSession(session: SessionConnection): Promise<void> {
  await session.shutdown().catch(() => undefined);
  session.dispose();
}

type SessionConnection = Awaited<ReturnType<SessionManager["startNew"]>>;
type Kernel = NonNullable<SessionConnection["kernel"]>;

async function runCell(kernel: Kernel, code: string, timeoutMs: number): Promise<CellRun> {
  const outputs: Output[] = [];
  const displays = new Map<string, DisplayDataOutput>();
  const future = kernel.requestExecute({ code, stop_on_error: false, allow_stdin: false });
  future.onIOPub = (msg: KernelMessage.IIOPubMessage): void => {
    const content = msg.content as Record<string, unknown>;
    switch (msg.header.msg_type) {
      case "stream": {
        const name = content.name as "stdout" | "stderr";
        const text = String(content.text);
        const last = outputs[outputs.length - 1];
        if (last && last.output_type === "stream" && last.name === name) last.text = `${last.text as string}${text}`;
        else outputs.push({ output_type: "stream", name, text });
        break;
      }
      case "display_data":
      case "update_display_data": {
        const out: DisplayDataOutput = { output_type: "display_data", data: content.data as Record<string, unknown>, metadata: (content.metadata as Record<string, unknown>) ?? {} };
        const id = (content.transient as { display_id?: string } | undefined)?.display_id;
        const existing = id ? displays.get(id) : undefined;
        if (msg.header.msg_type === "update_display_data" && existing) Object.assign(existing, { data: out.data, metadata: out.metadata });
        else {
          outputs.push(out);
          if (id) displays.set(id, out);
        }
        break;
      }
      case "execute_result":
        outputs.push({ output_type: "execute_result", execution_count: null, data: content.data as Record<string, unknown>, metadata: {} });
        break;
      case "error":
        outputs.push({ output_type: "error", ename: String(content.ename), evalue: String(content.evalue), traceback: (content.traceback as string[]) ?? [] });
        break;
      case "clear_output":
        outputs.length = 0;
        break;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  const reply = await Promise.race([future.done, timeout]);
  clearTimeout(timer);
  if (reply === "timeout") {
    await kernel.interrupt().catch(() => undefined);
    const stopped = await settlesWithin(future.done, 5000);
    future.dispose();
    const evalue = `the cell ran longer than ${timeoutMs / 1000} s and was stopped`;
    outputs.push({ output_type: "error", ename: "TimeoutError", evalue, traceback: [`TimeoutError: ${evalue} (raise the limit with --timeout)`] });
    return { status: "error", outputs, stuck: !stopped };
  }
  const status = (reply.content as { status: string }).status;
  if (status === "error" && !outputs.some((o) => o.output_type === "error")) outputs.push(rebuildError(outputs, reply.content as unknown as Record<string, unknown>));
  return { status: status === "ok" ? "ok" : status === "aborted" ? "aborted" : "error", outputs, stuck: false };
}

/** tslab prints the error to stderr and replies "error" without ename/evalue: rebuild them from the text. */
function rebuildError(outputs: Output[], content: Record<string, unknown>): ErrorOutput {
  const stderr = outputs
    .filter((o) => o.output_type === "stream" && o.name === "stderr")
    .map((o) => (o.output_type === "stream" ? String(o.text) : ""))
    .join("");
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  const headline = lines.find((l) => /^[A-Za-z_$][\w$]*(Error|Exception)?: /.test(l));
  const m = headline ? /^([A-Za-z_$][\w$]*): (.*)$/.exec(headline) : null;
  const ename = typeof content.ename === "string" && content.ename ? content.ename : m ? m[1] : lines.length ? "CompileError" : "Error";
  const evalue = typeof content.evalue === "string" && content.evalue ? content.evalue : m ? m[2] : lines.join("\n");
  return { output_type: "error", ename, evalue, traceback: lines };
}

/** True if `promise` settles (either way) within `ms`; the timer is cleared so it cannot keep the process alive. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
