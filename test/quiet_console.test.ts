/**
 * The quiet-console test environment (test/support/quiet_console_environment.js) holds back
 * console.debug/info/log/warn and prints them only for a failing test: run jest on a small
 * file with one passing and one failing test, each logging a marker, and read its output.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");

test("held-back lines appear for the failing test only, console.error always", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-quiet-"));
  try {
    fs.writeFileSync(
      path.join(dir, "fixture.test.js"),
      // The markers are joined at run time: jest's report of the failure quotes the source.
      `
      const m = (s) => "marker-" + s;
      beforeAll(() => console.debug(m("beforeAll")));
      test("passes", () => { console.warn(m("passing")); console.error(m("error")); });
      test("fails", () => { console.debug(m("failing-debug")); console.warn(m("failing-warn")); expect(1).toBe(2); });
      test("passes too", () => { console.log(m("last")); });
      `,
    );
    const config = { rootDir: dir, testEnvironment: path.join(root, "test/support/quiet_console_environment.js"), transform: {} };
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/jest/bin/jest.js"), "--config", JSON.stringify(config), "--ci"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 60_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/Tests:\s+1 failed, 2 passed, 3 total/);
    expect(out).toContain('console output held back during the failed test "fails" (2 calls)');
    for (const shown of ["failing-debug", "failing-warn", "error"]) expect(out).toContain(`marker-${shown}`);
    for (const quiet of ["beforeAll", "passing", "last"]) expect(out).not.toContain(`marker-${quiet}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
