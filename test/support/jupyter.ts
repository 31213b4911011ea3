import { findJupyter } from "../../tools/jupyter/find_jupyter";
import { installKernelSpec } from "../../tools/jupyter/kernel_spec";
import { RunningServer, freePort, startJupyterServer } from "../../tools/jupyter/server";
import { findRepoRoot } from "../../lib/util/repo_root";

/** Starts a real Jupyter server for a test file; fails (never skips) when Jupyter is missing. */
export async function startTestServer(): Promise<RunningServer & { root: string; env: Record<string, string> }> {
  const jupyter = findJupyter();
  if (!jupyter) {
    throw new Error("these tests drive a real Jupyter server: install it with `apt-get install jupyter-notebook` (npm test does so as root)");
  }
  const root = findRepoRoot();
  const { env } = installKernelSpec(root);
  const server = await startJupyterServer(jupyter, { root, env, port: await freePort(), timeoutMs: 90_000 });
  return { ...server, root, env };
}
