/** A batch resumed with only --out keeps the roster and late rules of its first run. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BatchSettings, rememberSettings, resolveSettings as resolve, SETTINGS_FILE } from "./settings";

/** What a run does: resolve, then remember once the settings were read. */
function resolveSettings(out: string, given: BatchSettings): ReturnType<typeof resolve> {
  const r = resolve(out, given);
  rememberSettings(out, r.settings);
  return r;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-settings-"));
  fs.writeFileSync(path.join(dir, "roster.csv"), "id,name\ns1,A\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a resume without options gets the first run's, and says which", () => {
  const out = path.join(dir, "out");
  const first = resolveSettings(out, { roster: path.join(dir, "roster.csv"), due: "2026-12-01T23:59:00Z", late: "percent-per-day:10" });
  expect(first.remembered).toEqual([]);
  const again = resolveSettings(out, {});
  expect(again.settings).toEqual({ roster: path.join(dir, "roster.csv"), due: "2026-12-01T23:59:00Z", late: "percent-per-day:10" });
  expect(again.remembered).toEqual([`--roster ${path.join(dir, "roster.csv")}`, "--due 2026-12-01T23:59:00Z", "--late percent-per-day:10"]);
});

test("an option given again replaces the remembered one, and is remembered in turn", () => {
  const out = path.join(dir, "out");
  resolveSettings(out, { due: "2026-12-01T23:59:00Z", late: "zero" });
  expect(resolveSettings(out, { late: "none" }).settings).toEqual({ due: "2026-12-01T23:59:00Z", late: "none" });
  expect(resolveSettings(out, {}).settings.late).toBe("none");
});

test("files are remembered by absolute path; a file that is gone is an error that says what to do", () => {
  const out = path.join(dir, "out");
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    expect(resolveSettings(out, { roster: "roster.csv" }).settings.roster).toBe(path.join(dir, "roster.csv"));
  } finally {
    process.chdir(cwd);
  }
  fs.rmSync(path.join(dir, "roster.csv"));
  expect(() => resolveSettings(out, {})).toThrow(/--roster .*roster\.csv: no such file \(remembered from the first run in .*settings\.json\); give --roster again/);
});

test("an unreadable settings file is an error naming it, not a silent fresh start", () => {
  const out = path.join(dir, "out");
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, SETTINGS_FILE), "{ not json");
  expect(() => resolveSettings(out, {})).toThrow(/settings\.json is not readable JSON/);
});
