/**
 * Malformed notebooks get a one-line error naming the file and the problem, from the library
 * function and from the CLI, and the CLI exits non-zero without a stack trace.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readNotebook } from "../tools/notebook/read";

const cli = path.join(__dirname, "..", "dist", "tools", "cli.js");
let dir: string;
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bad-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases: [string, string, RegExp][] = [
  ["not-json.ipynb", '{"cells": [', /not-json\.ipynb: is not valid JSON \(/],
  ["v3.ipynb", JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }), /v3\.ipynb: is nbformat 3, but only nbformat 4 is supported; convert it with: jupyter nbconvert --to notebook --nbformat 4/],
  [
    "no-source.ipynb",
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", id: "a", metadata: {}, source: "ok" }, { cell_type: "code", id: "b", metadata: {}, outputs: [], execution_count: null }] }),
    /no-source\.ipynb: cells\[1\]\.source is missing/,
  ],
];

test.each(cases)("%s: readNotebook names the file and the problem in one line", (name, text, expected) => {
  const file = write(name, text);
  expect(() => readNotebook(file)).toThrow(expected);
  try {
    readNotebook(file);
  } catch (e) {
    expect((e as Error).message.split("\n")).toHaveLength(1);
  }
});

test.each(cases)("%s: the CLI prints one line and exits 1", (name, text, expected) => {
  const file = write(name, text);
  for (const command of [["nb", "run", file], ["nb", "validate", file]]) {
    const r = spawnSync(process.execPath, [cli, ...command], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }
});

test("an unknown engine and a missing server are clear errors", () => {
  const file = write("fine.ipynb", JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
  const unknown = spawnSync(process.execPath, [cli, "nb", "run", "--engine", "colab", file], { encoding: "utf8" });
  expect(unknown.status).not.toBe(0);
  expect(unknown.stderr).toMatch(/unknown engine "colab"; use embedded or jupyter/);
  const noServer = spawnSync(process.execPath, [cli, "nb", "run", "--engine", "jupyter", file], { encoding: "utf8" });
  expect(noServer.stderr).toMatch(/--engine jupyter needs --server URL and --token TOKEN/);
});
