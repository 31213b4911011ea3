/**
 * Each containment layer, tested by itself: a small program run exactly as the runner is run
 * (the same wrapper command, the same Node flags, the same scrubbed environment) tries what a
 * hostile submission would, with the real Node APIs (which the harness does not even hand to
 * student code). The fixtures in hostile.test.ts test the whole runner on top of this.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { findRepoRoot } from "gradlab";
import { probeContainment } from "./containment";
import { RunnerProcess } from "./runner_process";

jest.setTimeout(60_000);

const containment = probeContainment();
const root = findRepoRoot();
let scratch = "";
let outside = "";

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-contained-"));
  fs.chmodSync(scratch, 0o777);
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-outside-"));
  fs.chmodSync(outside, 0o777);
});
afterEach(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

/** Runs `code` as the runner would be run; it prints one JSON line of what happened. */
function contained(code: string, timeoutMs = 20_000): Promise<{ out: Record<string, unknown>; code: number | null; signal: string | null }> {
  const argv = [...containment.prefix, process.execPath, ...containment.nodeFlags(scratch), "-e", code];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: scratch, env: { PATH: "/usr/bin:/bin" }, detached: true });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (exitCode, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop() ?? "{}";
      resolve({ out: JSON.parse(line || "{}") as Record<string, unknown>, code: exitCode, signal });
    });
  });
}

const attempt = (name: string, body: string): string => `try { ${body}; r[${JSON.stringify(name)}] = "done"; } catch (e) { r[${JSON.stringify(name)}] = e.code || e.message; }`;

test("the layers in force here are the ones the runner records", () => {
  expect(containment.layers).toEqual(expect.arrayContaining(["node-permission", "wall-clock-limit", "output-cap", "scrubbed-environment", "heap-limit"]));
  // This machine (Linux, root or user namespaces) offers all of them; a result says which were used.
  if (process.platform === "linux") expect(containment.layers).toEqual(expect.arrayContaining(["network-namespace", "pid-namespace", "resource-limits"]));
});

test("files: nothing outside the scratch folder can be read or written; inside, it can", async () => {
  const secret = path.join(root, "assignments", "a1-backprop", "manifest.json");
  const { out } = await contained(`
    const fs = require("fs"); const r = {};
    ${attempt("readManifest", `fs.readFileSync(${JSON.stringify(secret)})`)}
    ${attempt("readLibrary", `fs.readFileSync(${JSON.stringify(path.join(root, "dist", "lib", "index.js"))})`)}
    ${attempt("readPasswd", `fs.readFileSync("/etc/passwd")`)}
    ${attempt("writeOutside", `fs.writeFileSync(${JSON.stringify(path.join(outside, "x"))}, "x")`)}
    ${attempt("writeInside", `fs.writeFileSync(${JSON.stringify(path.join(scratch, "x"))}, "x")`)}
    ${attempt("bindingFs", `process.binding("fs")`)}
    console.log(JSON.stringify(r));`);
  expect(out).toEqual({
    readManifest: "ERR_ACCESS_DENIED",
    readLibrary: "ERR_ACCESS_DENIED",
    readPasswd: "ERR_ACCESS_DENIED",
    writeOutside: "ERR_ACCESS_DENIED",
    writeInside: "done",
    bindingFs: "ERR_ACCESS_DENIED",
  });
  expect(fs.readdirSync(outside)).toEqual([]);
});

test("processes, threads and native code: refused", async () => {
  const { out } = await contained(`
    const r = {};
    ${attempt("spawn", `require("child_process").spawnSync("touch", [${JSON.stringify(path.join(outside, "spawned"))}])`)}
    ${attempt("exec", `require("child_process").execSync("true")`)}
    ${attempt("worker", `new (require("worker_threads").Worker)("1", { eval: true })`)}
    ${attempt("addon", `process.dlopen({ exports: {} }, "/nonexistent.node")`)}
    console.log(JSON.stringify(r));`);
  expect(out).toEqual({ spawn: "ERR_ACCESS_DENIED", exec: "ERR_ACCESS_DENIED", worker: "ERR_ACCESS_DENIED", addon: "ERR_DLOPEN_DISABLED" });
  expect(fs.readdirSync(outside)).toEqual([]);
});

test("network: a server on this machine's loopback is unreachable", async () => {
  if (!containment.layers.includes("network-namespace")) return;
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const { out } = await contained(`
      const r = {};
      const s = require("net").connect(${port}, "127.0.0.1");
      s.on("connect", () => { r.tcp = "connected"; done(); });
      s.on("error", (e) => { r.tcp = e.code; done(); });
      function done() { fetch("http://127.0.0.1:${port}/").then(() => { r.fetch = "fetched"; }, (e) => { r.fetch = e.message; }).then(() => console.log(JSON.stringify(r))); }`);
    expect(out).toEqual({ tcp: "ENETUNREACH", fetch: "fetch failed" });
    expect(connections).toBe(0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("processes outside cannot be signalled, and the runner is not root", async () => {
  if (!containment.layers.includes("pid-namespace")) return;
  const { out } = await contained(`
    const r = { pid: process.pid, ppid: process.ppid, uid: process.getuid() };
    ${attempt("killParentPid", `process.kill(${process.pid}, 0)`)}
    ${attempt("killAll", `process.kill(-1, 0)`)}
    console.log(JSON.stringify(r));`);
  // Alone in its PID namespace: it is process 1 there, and no pid of this machine names anything.
  expect(out.pid).toBe(1);
  expect(out.ppid).toBe(0);
  expect(out.killParentPid).toBe("ESRCH");
  expect(out.killAll).toBe("ESRCH");
  if (containment.layers.includes("unprivileged-user")) expect(out.uid).toBe(65534);
});

test("memory: typed arrays beyond the data limit fail, whatever the heap flag says", async () => {
  if (!containment.layers.includes("resource-limits")) return;
  const { out } = await contained(`
    const r = {}; const keep = [];
    try { for (let i = 0; i < 64; i++) keep.push(new Float64Array(1 << 26)); r.gib = keep.length / 2; } catch (e) { r.error = e.message; r.gib = keep.length / 2; }
    console.log(JSON.stringify(r));`);
  expect(out.error).toMatch(/Array buffer allocation failed/);
  expect(out.gib as number).toBeLessThan(2);
});

test("the runner's environment is scrubbed: nothing of the grader's reaches it", async () => {
  process.env.GRADLAB_TEST_SECRET = "s3cret";
  const image = { library: { id: "empty", code: "module.exports = {};", exported: [], banned: [] }, snapshot: null };
  const runner = new RunnerProcess({ containment, image });
  try {
    const cells = [{ id: "env", async: false, js: "console.log(JSON.stringify(Object.keys(process.env).sort()));" }];
    const init = await runner.init("demo", cells, 10_000);
    expect(init.failure).toBeUndefined();
    await runner.close();
    expect(JSON.parse(runner.output.stdout)).toEqual(["GRADLAB_THREADS", "HOME", "LANG", "PATH", "TMPDIR"]);
  } finally {
    delete process.env.GRADLAB_TEST_SECRET;
    await runner.close();
  }
});
