/**
 * The jupyter engine against a real Jupyter server with the tslab kernel, through
 * @jupyterlab/services: a course notebook gives the same texts and display MIME types as with
 * the embedded engine, and the tslab quirks (errors as streams, aborted requests after a
 * failure, no execution counts, hung cells) are handled.
 *
 * @jupyterlab/services logs each WebSocket and reconnect to the console; the environment below
 * holds those lines back unless a test fails.
 * @jest-environment ./test/support/quiet_console_environment.js
 */
import * as fs from "fs";
import * as path from "path";
import type { executeEmbedded as ExecuteEmbedded } from "../tools/notebook/embedded";
import { executeOnJupyter } from "../tools/notebook/jupyter_engine";
import { Notebook } from "../tools/notebook/nbformat";
import { readNotebook } from "../tools/notebook/read";
import { startTestServer } from "./support/jupyter";
import { codeCells, viewOf } from "./support/outputs";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { executeEmbedded } = require("../dist/tools/notebook/embedded") as { executeEmbedded: typeof ExecuteEmbedded };

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const options = { timeoutMs: 60_000, allowErrors: true };

test("a course notebook: same texts and display MIME types as the embedded engine", async () => {
  const file = path.join(server.root, "notebooks", "00-getting-started.ipynb");
  const notebook = readNotebook(file);
  const viaJupyter = await executeOnJupyter(notebook, file, { baseUrl: server.baseUrl, token: server.token, rootDir: server.root }, options);
  const embedded = await executeEmbedded(notebook, path.dirname(file), options);
  expect(viaJupyter.failedCell).toBeNull();
  expect(embedded.failedCell).toBeNull();
  const a = codeCells(viaJupyter.notebook).map(viewOf);
  const b = codeCells(embedded.notebook).map(viewOf);
  expect(a).toEqual(b);
  // The comparison must be about something: the notebook prints values and draws a plot.
  expect(a.some((v) => v.text.length > 0)).toBe(true);
  expect(a.flatMap((v) => v.displays)).toContainEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  // tslab announces no execution count: the engine numbers the cells itself.
  expect(codeCells(viaJupyter.notebook).map((c) => c.execution_count)).toEqual(codeCells(notebook).map((_, i) => i + 1));
}, 180_000);

test("errors become error outputs, the cell after a failure still runs, a hung cell times out", async () => {
  // The notebook must sit under the server's root; a scratch folder inside the repository does.
  const scratch = fs.mkdtempSync(path.join(server.root, "test", "scratch-"));
  try {
    const code = (source: string) => ({ cell_type: "code" as const, id: `c${Math.random().toString(36).slice(2, 8)}`, metadata: {}, execution_count: null, outputs: [], source });
    const notebook: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [code('throw new RangeError("out of range")'), code("1 + 1"), code("const n: number = 'text';"), code("while (true) {}"), code('"after the hang"')],
    };
    const file = path.join(scratch, "quirks.ipynb");
    fs.writeFileSync(file, JSON.stringify(notebook));
    const run = await executeOnJupyter(notebook, file, { baseUrl: server.baseUrl, token: server.token, rootDir: server.root }, { timeoutMs: 6000, allowErrors: true });
    const views = codeCells(run.notebook).map(viewOf);
    expect(views[0].errors).toEqual(["RangeError: out of range"]);
    expect(views[1].text).toBe("2"); // sent right after a failure: not lost to tslab's abort window
    expect(views[2].errors[0]).toMatch(/^CompileError: 1:7 - Type 'string' is not assignable to type 'number'/);
    expect(views[3].errors).toEqual(["TimeoutError: the cell ran longer than 6 s and was stopped"]);
    expect(views[4].text).toBe("after the hang");
    expect(run.failedCell).toBe(0);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}, 180_000);
