/**
 * A runner that restarts itself: the grader's way to keep one part's failure from costing the
 * others. A cell whose top level hangs or kills the runner while loading is left out of the next
 * start (its names stay undefined, so only the parts that need them fail); a call that times
 * out, crashes or exhausts memory ends this runner, and the next request starts a fresh one.
 */
import type { Containment } from "./containment";
import type { Attempt, Call, CompiledCell } from "./protocol";
import { CellReport, RunOutcome, RunnerFailure, RunnerProcess } from "./runner_process";
import type { RunnerImage } from "./snapshot";

export interface SessionOptions {
  assignment: string;
  /** What each runner starts from: the library view, and its snapshot if there is one. */
  image: RunnerImage;
  cells: CompiledCell[];
  containment: Containment;
  cellTimeoutMs: number;
  /** A runner spawned earlier (while the cells were compiling), to use for the first start. */
  spawned?: RunnerProcess;
}

export interface CellFailure {
  cell: string;
  failure: RunnerFailure;
}

export class RunnerSession {
  private runner: RunnerProcess | null = null;
  /** Cells left out because loading them hung or killed the runner. */
  readonly failedLoads: CellFailure[] = [];
  /** How each cell's top level went, from the first start that reached it. */
  readonly cellReports = new Map<string, CellReport>();
  /** Banned names and imports the cells tried while loading. */
  readonly loadAttempts: (Attempt & { cell?: string })[] = [];
  /** Output of every runner so far, joined. */
  private outputs = { stdout: "", stderr: "", droppedBytes: 0 };
  private startFailure: RunnerFailure | null = null;

  constructor(private readonly o: SessionOptions) {}

  /** Why the runner cannot start at all (not a cell's fault), if so. */
  get cannotStart(): RunnerFailure | null {
    return this.startFailure;
  }

  /** Starts the first runner, so that cells that fail to load are known before any part runs. */
  async start(): Promise<void> {
    await this.ensure();
  }

  async run(calls: Call[], timeoutMs: number): Promise<RunOutcome> {
    const runner = await this.ensure();
    if (!runner) return { failure: this.startFailure! };
    const out = await runner.run(calls, timeoutMs);
    if ("failure" in out) await this.retire();
    return out;
  }

  async close(): Promise<void> {
    await this.retire();
  }

  get output(): { stdout: string; stderr: string; droppedBytes: number } {
    const live = this.runner?.output;
    return live
      ? { stdout: this.outputs.stdout + live.stdout, stderr: this.outputs.stderr + live.stderr, droppedBytes: this.outputs.droppedBytes + live.droppedBytes }
      : { ...this.outputs };
  }

  private async ensure(): Promise<RunnerProcess | null> {
    if (this.runner) return this.runner;
    if (this.startFailure) return null;
    for (;;) {
      const excluded = new Set(this.failedLoads.map((f) => f.cell));
      const cells = this.o.cells.filter((c) => !excluded.has(c.id));
      const runner = this.o.spawned ?? new RunnerProcess({ containment: this.o.containment, image: this.o.image });
      this.o.spawned = undefined;
      const init = await runner.init(this.o.assignment, cells, this.o.cellTimeoutMs);
      for (const r of init.cells) if (!this.cellReports.has(r.id)) this.cellReports.set(r.id, r);
      if (!init.failure) {
        if (this.loadAttempts.length === 0) this.loadAttempts.push(...init.attempts);
        this.runner = runner;
        return runner;
      }
      await runner.close();
      this.keepOutput(runner);
      if (init.failure.cell === undefined || excluded.has(init.failure.cell)) {
        this.startFailure = init.failure;
        return null;
      }
      this.failedLoads.push({ cell: init.failure.cell, failure: init.failure });
    }
  }

  private async retire(): Promise<void> {
    if (!this.runner) return;
    await this.runner.close();
    this.keepOutput(this.runner);
    this.runner = null;
  }

  private keepOutput(r: RunnerProcess): void {
    const o = r.output;
    this.outputs = { stdout: this.outputs.stdout + o.stdout, stderr: this.outputs.stderr + o.stderr, droppedBytes: this.outputs.droppedBytes + o.droppedBytes };
  }
}
