/**
 * Starts one benchmark child process (a gradlab worker or a Python script), waits for it and
 * reads its `BENCH_RESULT {json}` line. A failed child is an outcome with an error, never a
 * crash of the whole benchmark: its row then says "error" and why.
 */
import { spawnSync } from "child_process";
import { RESULT_MARK } from "./spec";

export interface Outcome<T> {
  ok: boolean;
  result: T | null;
  /** Peak RSS of the child, kB. */
  maxRssKb: number | null;
  /** Anything else the child reported next to its result (e.g. globalOptions). */
  extra: Record<string, unknown>;
  error: string | null;
  /** The command, as a shell line, for RESULTS.md. */
  command: string;
  seconds: number;
}

function shellQuote(s: string): string {
  return /^[\w./=:,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function runChild<T>(
  program: string,
  args: string[],
  options: {
    cwd: string;
    timeoutSeconds: number;
    display?: string;
    /** Variables set for the child on top of this process's environment, shown in `command`. */
    setEnv?: Record<string, string>;
  },
): Outcome<T> {
  const setEnv = options.setEnv ?? {};
  const command = [...Object.entries(setEnv).map(([k, v]) => `${k}=${v}`), options.display ?? program, ...args].map(shellQuote).join(" ");
  const t0 = Date.now();
  const r = spawnSync(program, args, {
    cwd: options.cwd,
    encoding: "utf8",
    timeout: options.timeoutSeconds * 1000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...setEnv },
  });
  const seconds = (Date.now() - t0) / 1000;
  const fail = (error: string): Outcome<T> => ({ ok: false, result: null, maxRssKb: null, extra: {}, error, command, seconds });
  if (r.error) return fail(`${r.error.message}`);
  const line = (r.stdout ?? "").split("\n").reverse().find((l) => l.startsWith(RESULT_MARK));
  if (r.status !== 0 || line === undefined) {
    const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    const lines = (r.stderr ?? "").trim().split("\n");
    // The exception's message rather than the end of its stack trace.
    const errorLine = lines.findIndex((l) => /^\w*Error\b/.test(l));
    const tail = (errorLine >= 0 ? lines.slice(errorLine, errorLine + 2) : lines.slice(-3)).map((l) => l.trim()).join(" | ");
    return fail(`${why}${tail ? `: ${tail}` : ""}`);
  }
  const parsed = JSON.parse(line.slice(RESULT_MARK.length)) as { result: T; maxRssKb: number } & Record<string, unknown>;
  const { result, maxRssKb, ...extra } = parsed;
  return { ok: true, result, maxRssKb, extra, error: null, command, seconds };
}

/** Whether `python -c code` exits with 0 (e.g. "import torch"). */
export function pythonCan(python: string, code: string): boolean {
  const r = spawnSync(python, ["-c", code], { encoding: "utf8", timeout: 60_000 });
  return !r.error && r.status === 0;
}
