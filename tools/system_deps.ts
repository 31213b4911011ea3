/**
 * Installs the system packages the tests drive for real, when they are missing: Jupyter
 * Notebook, nbconvert and nbformat (Debian's python3 packages) and Chromium. Run by `npm test`
 * before the tests (the `pretest` script), so that a fresh machine needs no manual step.
 * It only installs where it can (root with apt-get); elsewhere it says what to install.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";

interface Requirement {
  what: string;
  debianPackages: string[];
  present: () => boolean;
}

const python = "/usr/bin/python3";
const hasPythonModule = (mod: string) => (): boolean =>
  fs.existsSync(python) && spawnSync(python, ["-c", `import ${mod}`], { stdio: "ignore" }).status === 0;

const requirements: Requirement[] = [
  { what: "Jupyter Notebook", debianPackages: ["jupyter-notebook"], present: hasPythonModule("notebook") },
  { what: "nbconvert", debianPackages: ["python3-nbconvert"], present: hasPythonModule("nbconvert") },
  { what: "nbformat", debianPackages: ["python3-nbformat"], present: hasPythonModule("nbformat") },
  { what: "Chromium", debianPackages: ["chromium"], present: () => fs.existsSync("/usr/bin/chromium") },
];

function main(): void {
  const missing = requirements.filter((r) => !r.present());
  if (missing.length === 0) return;
  const packages = missing.flatMap((r) => r.debianPackages);
  const canInstall = process.getuid?.() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!canInstall) {
    console.error(`gradlab: missing ${missing.map((r) => r.what).join(", ")}; the tests that drive them will fail.`);
    console.error(`gradlab: install with: sudo apt-get install ${packages.join(" ")}`);
    return;
  }
  console.error(`gradlab: installing ${packages.join(" ")} from Debian (needed by the tests)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-q", ...packages], { stdio: "inherit", env });
  if (update.status !== 0 || install.status !== 0) {
    console.error(`gradlab: apt-get failed; install by hand: apt-get install ${packages.join(" ")}`);
    process.exitCode = 1;
  }
}

main();
