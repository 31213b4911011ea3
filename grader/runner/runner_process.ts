/**
 * The grader's handle on one runner: spawns the harness under the containment layers, sends the
 * init and run requests, and enforces the wall-clock limits (SIGKILL, which no handler of the
 * student's can catch), the frame-size limit and the output cap.
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable, Writable } from "stream";
import { Containment, RUNNER_DIR, runnerEnvironment } from "./containment";
import type { RunnerImage } from "./snapshot";
import { FrameReader, FrameTooLarge, encodeFrame } from "./framing";
import type { Attempt, Call, CellLoaded, ChildMessage, CompiledCell, Reply, WireError } from "./protocol";

export interface OutputCapture {
  stdout: string;
  stderr: string;
  /** Bytes printed beyond the cap, discarded. */
  droppedBytes: number;
}

export type RunnerFailure =
  | { kind: "timeout"; limitMs: number }
  | { kind: "exited"; code: number | null; signal: string | null; outOfMemory: boolean }
  | { kind: "protocol"; message: string };

export interface CellReport {
  id: string;
  ok: boolean;
  error?: WireError;
  defines: string[];
}

export interface InitOutcome {
  cells: CellReport[];
  attempts: Attempt[];
  /** Set when the runner did not become ready; `cell` is the cell that was running. */
  failure?: RunnerFailure & { cell?: string };
}

export type RunOutcome = { replies: Reply[]; attempts: Attempt[] } | { failure: RunnerFailure };

export interface RunnerOptions {
  containment: Containment;
  /** The library view it gets, and the startup snapshot it starts from if there is one. */
  image: RunnerImage;
  /** Bytes of stdout and of stderr kept (the rest is counted and dropped). */
  outputCapBytes?: number;
  /** Largest message accepted from the runner. */
  maxFrameBytes?: number;
}

const HARNESS = path.join(RUNNER_DIR, "harness.js");

export class RunnerProcess {
  private readonly child: ChildProcess;
  private readonly scratch: string;
  private readonly nonce = randomBytes(16).toString("hex");
  private readonly reader: FrameReader;
  private readonly capture: OutputCapture = { stdout: "", stderr: "", droppedBytes: 0 };
  private waiter: ((m: ChildMessage | RunnerFailure) => void) | null = null;
  private backlog: (ChildMessage | RunnerFailure)[] = [];
  private exited: RunnerFailure | null = null;
  private seq = 0;

  constructor(private readonly options: RunnerOptions) {
    const { containment } = options;
    this.reader = new FrameReader(options.maxFrameBytes ?? 64 * 1024 * 1024);
    this.scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-runner-"));
    if (containment.runAs) fs.chownSync(this.scratch, containment.runAs.uid, containment.runAs.gid);
    // From the snapshot, Node runs the harness's deserialize-main function: there is no script to name.
    const entry = options.image.snapshot ? ["--snapshot-blob", options.image.snapshot] : [HARNESS];
    const argv = [...containment.prefix, process.execPath, ...containment.nodeFlags(this.scratch), ...entry];
    const env = runnerEnvironment(this.scratch);
    // A process group of its own: a runner that signals "its group" (kill(0)) reaches only itself.
    this.child = spawn(argv[0], argv.slice(1), { cwd: this.scratch, env, stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"], detached: true });
    const cap = options.outputCapBytes ?? 64 * 1024;
    for (const name of ["stdout", "stderr"] as const) {
      (this.child[name] as Readable).on("data", (chunk: Buffer) => {
        const room = cap - this.capture[name].length;
        if (room > 0) this.capture[name] += chunk.subarray(0, room).toString("utf8");
        this.capture.droppedBytes += Math.max(0, chunk.length - Math.max(room, 0));
      });
    }
    (this.child.stdio[4] as Readable).on("data", (chunk: Buffer) => {
      let frames: unknown[];
      try {
        frames = this.reader.push(chunk);
      } catch (e) {
        const message = e instanceof FrameTooLarge ? e.message : `an unreadable message (${(e as Error).message})`;
        this.deliver(failure({ kind: "protocol", message }));
        this.kill();
        return;
      }
      for (const f of frames) {
        // Frames come from untrusted code: anything but an object is a broken runner.
        if (typeof f === "object" && f !== null && !Array.isArray(f)) this.deliver(f as ChildMessage);
        else {
          this.deliver(failure({ kind: "protocol", message: "the runner sent a message that is not an object" }));
          this.kill();
        }
      }
    });
    (this.child.stdio[3] as Writable).on("error", () => undefined); // a dead runner's pipe; the exit handler reports it
    this.child.on("exit", (code, signal) => {
      const outOfMemory =
        /heap out of memory|Reached heap limit|Allocation failed|Array buffer allocation failed/.test(this.capture.stderr) ||
        signal === "SIGABRT" ||
        signal === "SIGTRAP";
      this.exited = failure({ kind: "exited", code, signal, outOfMemory });
      this.deliver(this.exited);
    });
    this.child.on("error", (e) => this.deliver(failure({ kind: "protocol", message: `the runner could not start: ${e.message}` })));
  }

  get output(): OutputCapture {
    return { ...this.capture };
  }

  /** Loads the library view and the cells; each cell has `cellTimeoutMs` to finish its top level. */
  async init(assignment: string, cells: CompiledCell[], cellTimeoutMs: number): Promise<InitOutcome> {
    const { library: view, snapshot } = this.options.image;
    const library = snapshot ? { id: view.id } : { id: view.id, code: view.code };
    this.write({ type: "init", nonce: this.nonce, assignment, library, banned: view.banned, cells });
    const reports: CellReport[] = [];
    let running: string | undefined;
    for (;;) {
      const m = await this.next(cellTimeoutMs);
      if (isFailure(m)) {
        this.kill();
        return { cells: reports, attempts: [], failure: { ...m, cell: running } };
      }
      if (m.nonce !== this.nonce) continue;
      if (m.type === "cell") {
        const c = m as CellLoaded;
        if (c.phase === "start") running = c.id;
        else {
          running = undefined;
          reports.push({ id: c.id, ok: c.ok === true, error: c.error, defines: Array.isArray(c.defines) ? c.defines.filter((d) => typeof d === "string") : [] });
        }
      } else if (m.type === "ready") {
        return { cells: reports, attempts: Array.isArray(m.attempts) ? m.attempts : [] };
      }
    }
  }

  /** Runs calls; the whole batch has `timeoutMs`. */
  async run(calls: Call[], timeoutMs: number): Promise<RunOutcome> {
    const seq = ++this.seq;
    this.write({ type: "run", nonce: this.nonce, seq, calls });
    for (;;) {
      const m = await this.next(timeoutMs);
      if (isFailure(m)) {
        this.kill();
        return { failure: m };
      }
      if (m.nonce === this.nonce && m.type === "results" && m.seq === seq) {
        if (!Array.isArray(m.replies)) return { failure: { kind: "protocol", message: "replies is not an array" } };
        return { replies: m.replies, attempts: Array.isArray(m.attempts) ? m.attempts : [] };
      }
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }

  /** Ends the runner, waits for the last of its output, and removes its scratch folder. */
  async close(): Promise<void> {
    this.kill();
    const ended = (s: Readable | null): Promise<void> =>
      !s || s.readableEnded || s.destroyed ? Promise.resolve() : new Promise((resolve) => s.once("close", () => resolve()));
    if (!this.exited) await new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    await Promise.all([ended(this.child.stdout), ended(this.child.stderr)]);
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }

  private write(message: unknown): void {
    const stdin = this.child.stdio[3] as Writable;
    if (!this.exited && stdin.writable) stdin.write(encodeFrame(message));
  }

  private deliver(m: ChildMessage | RunnerFailure): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(m);
    } else this.backlog.push(m);
  }

  private next(timeoutMs: number): Promise<ChildMessage | RunnerFailure> {
    const queued = this.backlog.shift();
    if (queued) return Promise.resolve(queued);
    if (this.exited) return Promise.resolve(this.exited);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(failure({ kind: "timeout", limitMs: timeoutMs }));
      }, timeoutMs);
      this.waiter = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
    });
  }
}

/** Failures are marked by a symbol the runner cannot put into a frame, so a runner cannot fake one. */
const FAILURE = Symbol("runner failure");

function failure<F extends RunnerFailure>(f: F): F {
  return Object.assign(f, { [FAILURE]: true });
}

function isFailure(m: ChildMessage | RunnerFailure): m is RunnerFailure {
  return (m as { [FAILURE]?: boolean })[FAILURE] === true;
}
