/**
 * Child process of the embedded engine: executes one notebook's cells with tslab's own
 * converter and executor, in this process's working directory (the notebook's folder, which
 * tslab uses as its rootDir), and reports each cell's outputs in nbformat 4 form.
 *
 * Protocol over the IPC channel: the parent sends `{ type: "execute", index, source }`; the
 * worker answers `{ type: "done", index, ok, outputs }`. The parent owns timeouts: a hung cell
 * is interrupted, then this process is killed.
 */
import * as util from "util";
import { createConverter } from "tslab/dist/converter";
import { createExecutor } from "tslab/dist/executor";
import * as tslabJupyter from "tslab/dist/jupyter";
import { DisplayDataOutput, ErrorOutput, Output } from "./nbformat";

export interface ExecuteRequest {
  type: "execute";
  index: number;
  source: string;
}

export interface ExecuteDone {
  type: "done";
  index: number;
  ok: boolean;
  outputs: Output[];
}

let outputs: Output[] = [];
let diagnostics: string[] = [];

function appendStream(name: "stdout" | "stderr", text: string): void {
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === "stream" && last.name === name) last.text = `${last.text as string}${text}`;
  else outputs.push({ output_type: "stream", name, text });
}

/** Output printed by the cell's code goes into the cell's outputs, not to our own stdout. */
for (const name of ["stdout", "stderr"] as const) {
  const stream = process[name];
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    appendStream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
}

function errorOutput(e: unknown): ErrorOutput {
  if (e instanceof Error) {
    const lines = (e.stack ?? `${e.name}: ${e.message}`).split("\n");
    // Frames below the cell belong to tslab and this worker: they would only confuse a student.
    const internal = lines.findIndex((l) => /node:vm|sigintHandlersWrap|tslab[\\/]dist|embedded_worker/.test(l));
    return { output_type: "error", ename: e.name, evalue: e.message, traceback: internal > 0 ? lines.slice(0, internal) : lines };
  }
  return { output_type: "error", ename: "Error", evalue: util.inspect(e), traceback: [`Thrown: ${util.inspect(e)}`] };
}

/** tslab reports through this console: the last expression's value, runtime errors, compile errors. */
const executorConsole = {
  log(value?: unknown, ...rest: unknown[]): void {
    const text = rest.length === 0 && typeof value === "string" ? value : util.inspect(value);
    outputs.push({ output_type: "execute_result", execution_count: null, data: { "text/plain": text }, metadata: {} });
  },
  error(first?: unknown, ...rest: unknown[]): void {
    if (rest.length === 0) outputs.push(errorOutput(first));
    else diagnostics.push(util.format(first, ...rest)); // "%s%d:%d - %s": a TypeScript diagnostic
  },
};

/** `display(...)` calls of tslab and of gradlab's plots arrive here as display_data bundles. */
(tslabJupyter as { lastWriteDisplayData: unknown }).lastWriteDisplayData = (
  data: { data: Record<string, unknown>; metadata?: Record<string, unknown> },
): void => {
  const out: DisplayDataOutput = { output_type: "display_data", data: data.data, metadata: data.metadata ?? {} };
  outputs.push(out);
};

const converter = createConverter();
// Browser-mode cells are not executed by tslab, so the node converter stands in for the browser one
// (each converter starts a TypeScript program, which costs hundreds of milliseconds).
const executor = createExecutor(process.cwd(), { node: converter, browser: converter, close: () => converter.close() }, executorConsole);

process.on("message", (message: ExecuteRequest) => {
  void (async () => {
    outputs = [];
    diagnostics = [];
    let ok: boolean;
    try {
      ok = await executor.execute(message.source);
    } catch (e) {
      outputs.push(errorOutput(e));
      ok = false;
    }
    if (diagnostics.length > 0) {
      outputs.push({
        output_type: "error",
        ename: "CompileError",
        evalue: diagnostics.join("\n"),
        traceback: diagnostics.map((d) => `CompileError: ${d}`),
      });
    }
    const done: ExecuteDone = { type: "done", index: message.index, ok, outputs };
    process.send?.(done);
  })();
});

// SIGINT interrupts a cell that is waiting on a promise (a cell blocked in a loop is killed instead).
process.on("SIGINT", () => executor.interrupt());
process.send?.({ type: "ready" });
