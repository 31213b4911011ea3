/**
 * A pool of grading workers (worker.ts), one process each, taking submissions from one queue.
 * Grading is embarrassingly parallel, and each result depends only on its submission, the seed
 * and the instructor's files, so the results are the same with any number of workers. A worker
 * that dies (the grader itself crashing on some input) fails only its current submission and is
 * replaced.
 */
import { ChildProcess, fork } from "child_process";
import * as path from "path";
import type { GradeResult } from "../score/result";
import type { GradeJob, WorkerReply } from "./worker";

const WORKER = path.join(__dirname, "worker.js");

type Job = Omit<GradeJob, "type" | "job">;

interface Pending {
  job: Job;
  resolve: (r: GradeResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  child: ChildProcess;
  busy: { id: number; pending: Pending } | null;
}

export class GradingPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`--jobs must be a positive integer, got ${size}`);
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  grade(job: Job): Promise<GradeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            s.child.once("exit", () => resolve());
            s.child.disconnect();
          }),
      ),
    );
  }

  private start(): Slot {
    // One thread per grader: the pool is the parallelism. GRADLAB_THREADS=1 keeps the library's
    // kernels on one thread; V8's --single-threaded does the same for its own helpers (background
    // compilation, concurrent GC), which on a machine the workers and their runners already fill
    // only compete with them. A class of 100 a1 submissions, --jobs 2 on 2 cores, 4 interleaved
    // pairs: 34.1 -> 32.3 s wall, 66.2 -> 63.1 s of machine CPU (means), identical gradebooks.
    const execArgv = [...process.execArgv, "--single-threaded"];
    const child = fork(WORKER, [], { execArgv, env: { ...process.env, GRADLAB_THREADS: "1" }, stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
    const slot: Slot = { child, busy: null };
    child.on("message", (m: WorkerReply) => {
      const busy = slot.busy;
      if (!busy || m.job !== busy.id) return;
      slot.busy = null;
      if (m.type === "done") busy.pending.resolve(m.result);
      else busy.pending.reject(new Error(m.message));
      this.dispatch();
    });
    child.on("exit", (code, signal) => {
      const busy = slot.busy;
      slot.busy = null;
      busy?.pending.reject(new Error(`the grading worker stopped (${signal ?? `exit code ${code}`}) while grading ${busy.pending.job.label}`));
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.start();
      this.dispatch();
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0 || !slot.child.connected) continue;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.busy = { id, pending };
      slot.child.send({ type: "grade", job: id, ...pending.job } satisfies GradeJob);
    }
  }
}
