import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { identify, readRoster, RosterRow } from "./identify";

const row = (r: Partial<RosterRow>): RosterRow => ({ id: "", name: "", email: "", canvasId: "", moodleId: "", login: "", ...r });

describe("identify", () => {
  test("Canvas bulk-download names: login, LATE marker, user id", () => {
    expect(identify("doejane_12345_67890_a1-backprop.ipynb", null, null)).toEqual({ ok: true, identity: { id: "12345", name: "doejane", lmsLate: false, canvasId: "12345", how: "canvas" } });
    const late = identify("doejane_LATE_12345_67890_a1.ipynb", null, null);
    expect(late.ok && late.identity.lmsLate).toBe(true);
  });

  test("Moodle: the student is the folder, with the participant id", () => {
    expect(identify("a1.ipynb", "Jane Doe_4321_assignsubmission_file_", null)).toEqual({ ok: true, identity: { id: "4321", name: "Jane Doe", lmsLate: false, canvasId: null, how: "moodle" } });
  });

  test("a roster maps LMS ids to the gradebook's ids, and says when a file is not in it", () => {
    const roster = [row({ id: "u100", name: "Jane Doe", canvasId: "12345" }), row({ id: "u200", login: "smithjo", moodleId: "4321" })];
    expect(identify("doejane_12345_67890_a1.ipynb", null, roster)).toMatchObject({ ok: true, identity: { id: "u100", name: "Jane Doe" } });
    expect(identify("a1.ipynb", "Jo Smith_4321_assignsubmission_file_", roster)).toMatchObject({ ok: true, identity: { id: "u200" } });
    expect(identify("u200.ipynb", null, roster)).toMatchObject({ ok: true, identity: { id: "u200", how: "plain" } });
    expect(identify("someone_999_1_a1.ipynb", null, roster)).toEqual({ ok: false, reason: 'the Canvas file "someone_999_1_a1.ipynb" (user 999, someone) is not in the roster' });
    expect(identify("nobody.ipynb", null, roster)).toEqual({ ok: false, reason: '"nobody.ipynb" is not in the roster' });
  });

  test("a name that fits no pattern is never guessed", () => {
    expect(identify("my homework (final).ipynb", null, null)).toEqual({ ok: false, reason: '"my homework (final).ipynb" is not named like a Canvas or Moodle download or <id>.ipynb' });
  });
});

describe("readRoster", () => {
  const write = (text: string): string => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-")), "r.csv");
    fs.writeFileSync(f, text);
    return f;
  };
  test("reads the columns by name, case-insensitively", () => {
    expect(readRoster(write("ID,Name,Canvas_ID\nu1,Ann,77\n"))).toEqual([row({ id: "u1", name: "Ann", canvasId: "77" })]);
  });
  test("a missing id column or a repeated id is an error naming the row", () => {
    expect(() => readRoster(write("name\nAnn\n"))).toThrow(/needs a header row with an "id" column/);
    expect(() => readRoster(write("id\nu1\nu1\n"))).toThrow(/row 3: the id "u1" appears twice/);
  });
});
