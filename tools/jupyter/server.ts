import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import { JupyterCommand } from "./find_jupyter";

/**
 * Starts a Jupyter server (Lab or classic Notebook) on 127.0.0.1 with a token, rooted at
 * `root`, and waits until its REST API answers. Used by `npm start` and by the tests.
 */
export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8888/ */
  baseUrl: string;
  token: string;
  /** The URL a person opens (with the token). */
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface ServerOptions {
  root: string;
  env: Record<string, string>;
  port?: number;
  token?: string;
  /** Lines the server prints, for a log or a progress display. */
  onLog?: (line: string) => void;
  timeoutMs?: number;
}

export async function startJupyterServer(jupyter: JupyterCommand, options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString("hex");
  const port = options.port ?? 8888;
  const app = jupyter.kind === "lab" ? "ServerApp" : "NotebookApp";
  const args = [
    ...jupyter.args,
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    `--${app}.token=${token}`,
    `--${app}.${jupyter.kind === "lab" ? "root_dir" : "notebook_dir"}=${options.root}`,
  ];
  // Jupyter refuses to run as root unless told; the course runs as whoever starts it.
  if (process.getuid?.() === 0) args.push("--allow-root");
  const child = spawn(jupyter.command, args, {
    cwd: options.root,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  let announced: string | null = null;
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      log.push(line);
      options.onLog?.(line);
      // The server prints its URL; if the port was taken it picked another, so trust the log.
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (m && announced === null) announced = m[1];
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`Jupyter exited with code ${child.exitCode} before it was ready:\n${log.slice(-15).join("\n")}`);
    }
    const baseUrl = announced ?? `http://127.0.0.1:${port}/`;
    try {
      const res = await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` } });
      if (res.ok) return { baseUrl, token, url: `${baseUrl}?token=${token}`, process: child, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Jupyter did not answer within ${(options.timeoutMs ?? 60_000) / 1000} s:\n${log.slice(-15).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks one; it is released before Jupyter binds it). */
export async function freePort(): Promise<number> {
  const net = await import("net");
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
