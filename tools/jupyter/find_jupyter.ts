import { spawnSync } from "child_process";

/**
 * Which Jupyter front end is installed: JupyterLab is preferred, then the classic Notebook.
 * Debian's packages put Jupyter under /usr/bin/python3, which may not be the python3 first on
 * PATH (pyenv, venvs), so both `jupyter-…` executables and `/usr/bin/python3 -m …` are tried.
 */
export interface JupyterCommand {
  kind: "lab" | "notebook";
  command: string;
  args: string[];
}

function works(command: string, args: string[]): boolean {
  const r = spawnSync(command, [...args, "--version"], { stdio: "ignore", timeout: 30_000 });
  return r.status === 0;
}

export function findJupyter(): JupyterCommand | null {
  const candidates: JupyterCommand[] = [
    { kind: "lab", command: "jupyter-lab", args: [] },
    { kind: "lab", command: "/usr/bin/python3", args: ["-m", "jupyterlab"] },
    { kind: "notebook", command: "jupyter-notebook", args: [] },
    { kind: "notebook", command: "/usr/bin/python3", args: ["-m", "notebook"] },
  ];
  return candidates.find((c) => works(c.command, c.args)) ?? null;
}

/** Python with nbconvert and nbformat (Debian: python3-nbconvert, python3-nbformat), or null. */
export function findPythonWith(modules: string[]): string | null {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(python, ["-c", modules.map((m) => `import ${m}`).join("; ")], { stdio: "ignore", timeout: 30_000 });
    if (r.status === 0) return python;
  }
  return null;
}

export const INSTALL_HINT =
  "No Jupyter found. On Debian/Ubuntu: sudo apt-get install jupyter-notebook python3-nbconvert; elsewhere: pip install jupyterlab";
