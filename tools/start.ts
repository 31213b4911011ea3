/**
 * The main job (`npm start`): open the course.
 *
 * With Jupyter installed: register the tslab kernel for this repository only, start Jupyter
 * Lab or Notebook on 127.0.0.1 with a token, rooted at the repository (so notebooks/ and
 * assignments/ are both reachable), and print the URL. Without Jupyter: say how to get it, run
 * the course notebooks headless with the embedded engine (only those whose source or the
 * library changed since the last start: tools/course/), and serve the executed course as
 * linked HTML pages on localhost.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { INSTALL_HINT, findJupyter } from "./jupyter/find_jupyter";
import { installKernelSpec } from "./jupyter/kernel_spec";
import { freePort, startJupyterServer } from "./jupyter/server";
import { buildRenderedCourse } from "./course/build";
import { courseBuildDir, courseLibraryHash } from "./course/cache";
import { findRepoRoot } from "../lib/util/repo_root";

export interface StartOptions {
  port?: number;
  /** Skip Jupyter even when installed, and serve the rendered course. */
  rendered: boolean;
}

export function courseNotebooks(root: string): string[] {
  const dir = path.join(root, "notebooks");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.endsWith(".nbconvert.ipynb"))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function start(options: StartOptions): Promise<void> {
  const root = findRepoRoot();
  const jupyter = options.rendered ? null : findJupyter();
  if (jupyter) {
    const { env, kernelJson } = installKernelSpec(root);
    console.log(`gradlab: tslab kernel registered for this repository (${path.relative(root, kernelJson)})`);
    console.log(`gradlab: starting Jupyter ${jupyter.kind === "lab" ? "Lab" : "Notebook"}...`);
    const port = options.port === 0 ? await freePort() : options.port ?? 8888;
    const server = await startJupyterServer(jupyter, { root, env, port });
    const page = jupyter.kind === "lab" ? "lab/tree/notebooks" : "tree/notebooks";
    console.log(`\n  The course is open at: ${server.baseUrl}${page}?token=${server.token}\n`);
    console.log("  (Ctrl-C stops the server.)");
    await untilInterrupted();
    await server.stop();
    return;
  }
  if (!options.rendered) console.log(`gradlab: ${INSTALL_HINT}\ngradlab: meanwhile, serving the executed course as HTML.`);
  await serveRenderedCourse(root, options.port);
}

async function serveRenderedCourse(root: string, port?: number): Promise<void> {
  const outDir = courseBuildDir(root);
  const library = courseLibraryHash(root);
  await buildRenderedCourse({
    notebooks: courseNotebooks(root),
    outDir,
    library,
    timeoutMs: 120_000,
    log: (line) => console.log(`gradlab: ${line}`),
  });
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? "/").split("?")[0]).replace(/^\/+/, "") || "index.html";
    const file = path.join(outDir, path.basename(name));
    if (!name.endsWith(".html") || !fs.existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(fs.readFileSync(file));
  });
  const listenPort = port === undefined || port === 0 ? await freePort() : port;
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  console.log(`\n  The executed course is at: http://127.0.0.1:${listenPort}/\n\n  (Ctrl-C stops the server.)`);
  await untilInterrupted();
  server.close();
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
