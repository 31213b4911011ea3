/**
 * The containment against real hostile submissions (grader/fixtures/a1-backprop/hostile-*.cells):
 * each gets a finding and a score, the other parts are graded, and nothing it tries has an
 * effect outside its runner: the manifest and the instructor's files are unchanged, no file
 * appears outside its folder, no connection reaches a server on this machine, and the grader
 * (this process) is still alive.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { findRepoRoot } from "gradlab";
import { assignmentFiles } from "./assignment/load";
import { closeCompilers } from "./compile/compile";
import { listFixtures } from "./fixtures/build";
import { gradeFixture, unmetExpectations } from "./fixture_support";
import { probeContainment } from "./runner/containment";

jest.setTimeout(180_000);

const root = findRepoRoot();
const files = assignmentFiles("a1-backprop");
const hashOf = (f: string): string => createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const instructorFiles = [files.manifest, files.source, files.release, path.join(root, "dist", "assignments", "a1-backprop", "tests", "hidden.js")];
const before = new Map(instructorFiles.map((f) => [f, hashOf(f)]));

let server: net.Server;
let port = 0;
let connections = 0;
let canary = "";

beforeAll(async () => {
  canary = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-canary-"));
  // Writable by anyone: if a write outside the runner's folder got through, it would land here.
  fs.chmodSync(canary, 0o777);
  server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  closeCompilers();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(canary, { recursive: true, force: true });
});

const LIMITS = { testMs: 2500, cellMs: 2500 };
const containment = probeContainment();
// Killing "every process it can signal" is only safe to try, and reaching a local server only
// impossible, where the namespaces are in force (containment.test.ts says which layers are).
const needs: Record<string, string> = { "hostile-kills": "pid-namespace", "hostile-opens-socket": "network-namespace" };
const hostile = listFixtures("a1-backprop").filter((f) => f.name.startsWith("hostile-") && (!needs[f.name] || containment.layers.includes(needs[f.name])));

test("the corpus has every kind of attack", () => {
  const names = hostile.map((f) => f.name);
  for (const kind of ["infinite-loop", "loop-after-await", "ignores-sigterm", "memory", "prints-100mb", "exit-forged", "reads-secrets", "writes-outside", "spawns", "opens-socket", "delegates-import", "delegates-dynamic", "delegates-deep-path", "patches-globals"]) {
    expect(names).toContain(`hostile-${kind}`);
  }
});

test.each(hostile.map((f) => [f.name, f] as const))("%s: a finding and a score, no effect outside", async (_name, f) => {
  const { result } = await gradeFixture("a1-backprop", f, { limits: LIMITS, vars: { repo: root, port: String(port), canary } });
  expect(unmetExpectations(f, result)).toEqual([]);
  expect(result.containment.layers).toEqual(expect.arrayContaining(["node-permission", "wall-clock-limit", "output-cap"]));
  if (f.name === "hostile-prints-100mb") {
    expect(result.output.droppedBytes).toBeGreaterThan(99e6);
    expect(result.output.stdout.length).toBeLessThanOrEqual(64 * 1024);
  }
  expect(fs.readdirSync(canary)).toEqual([]);
  expect(connections).toBe(0);
  for (const [file, hash] of before) expect([file, hashOf(file)]).toEqual([file, hash]);
});
