import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../util/atomic_write";

/**
 * Registers the tslab kernel for this repository only.
 *
 * Jupyter finds kernels under `<data dir>/kernels/<name>/kernel.json`. Instead of writing into
 * the user's home (`~/.local/share/jupyter`), gradlab keeps Jupyter's data, config and runtime
 * folders in `<repo>/.jupyter-local/` and points Jupyter at them through environment variables.
 * The kernel.json names absolute paths to this Node.js and this checkout's tslab, so the kernel
 * works whatever is on PATH and whichever tslab may be installed globally.
 */
export interface JupyterEnvironment {
  /** Environment variables that make Jupyter use the project-local folders. */
  env: Record<string, string>;
  kernelJson: string;
}

export function jupyterDirs(root: string): { data: string; config: string; runtime: string } {
  const base = path.join(root, ".jupyter-local");
  return { data: path.join(base, "data"), config: path.join(base, "config"), runtime: path.join(base, "runtime") };
}

export function installKernelSpec(root: string): JupyterEnvironment {
  const dirs = jupyterDirs(root);
  const tslabBin = path.join(root, "node_modules", "tslab", "bin", "tslab");
  if (!fs.existsSync(tslabBin)) {
    throw new Error(`tslab is not installed (${tslabBin} is missing): run "npm ci" in ${root} first`);
  }
  const spec = {
    argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript",
    language: "typescript",
    // tslab's kernel answers SIGINT by interrupting the running cell.
    interrupt_mode: "signal",
  };
  const kernelJson = path.join(dirs.data, "kernels", "tslab", "kernel.json");
  writeFileAtomic(kernelJson, JSON.stringify(spec, null, 2) + "\n");
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const env = {
    JUPYTER_PATH: dirs.data,
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_CONFIG_DIR: dirs.config,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
    // IPython-based tools (nbconvert) look here for their profile; keep it out of the home too.
    IPYTHONDIR: path.join(dirs.config, "ipython"),
  };
  return { env, kernelJson };
}
