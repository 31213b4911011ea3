import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yazl from "yazl";
import { discoverSubmissions } from "./discover";

/** A zip of the entries; "../" in a name is written as the bytes a hostile zip would hold (yazl refuses to). */
async function zip(file: string, entries: Record<string, string>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const [name, text] of Object.entries(entries)) z.addBuffer(Buffer.from(text), name.replace(/\.\.\//g, "xx/"), { mtime: new Date("2026-12-01T09:00:00Z") });
    z.outputStream.pipe(fs.createWriteStream(file)).on("close", () => resolve()).on("error", reject);
    z.end();
  });
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, Buffer.from(bytes.toString("latin1").replace(/xx\//g, "../"), "latin1"));
}

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "discover-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("an LMS zip: notebooks identified, an escaping entry name cannot write outside, litter skipped, doubles listed", async () => {
  const file = path.join(dir, "submissions.zip");
  await zip(file, {
    "doejane_12345_1_a1.ipynb": "{}",
    "../../escaped_777_2_a1.ipynb": "{}",
    "__MACOSX/._doejane_12345_1_a1.ipynb": "junk",
    "notes.txt": "not a notebook",
    "smithjo_555_3_a1.ipynb": "{}",
    "smithjo_555_4_a1-v2.ipynb": "{}",
    "weird name.ipynb": "{}",
  });
  const scratch = path.join(dir, "scratch");
  const d = await discoverSubmissions(file, scratch, null);
  expect(d.submissions.map((s) => [s.identity.id, s.source])).toEqual([
    ["12345", "doejane_12345_1_a1.ipynb"],
    ["777", "../../escaped_777_2_a1.ipynb"],
  ]);
  // Every extracted file is inside the scratch folder, under a name of our own.
  for (const s of d.submissions) expect(path.dirname(s.file)).toBe(scratch);
  expect(fs.existsSync(path.join(dir, "..", "escaped_777_2_a1.ipynb"))).toBe(false);
  expect(d.submissions[0].mtime.toISOString()).toBe("2026-12-01T09:00:00.000Z");
  expect(d.unmatched.map((u) => u.source).sort()).toEqual(["smithjo_555_3_a1.ipynb", "smithjo_555_4_a1-v2.ipynb", "weird name.ipynb"]);
  expect(d.unmatched.find((u) => u.source === "smithjo_555_3_a1.ipynb")!.reason).toMatch(/one of 2 notebooks for student 555/);
});

test("a Moodle folder: a folder per student, checkpoints ignored", async () => {
  const folder = path.join(dir, "moodle");
  for (const [sub, name] of [["Jane Doe_11_assignsubmission_file_", "a1.ipynb"], ["Jo Smith_12_assignsubmission_file_", "mine.ipynb"], ["Jo Smith_12_assignsubmission_file_/.ipynb_checkpoints", "mine-checkpoint.ipynb"]]) {
    fs.mkdirSync(path.join(folder, sub), { recursive: true });
    fs.writeFileSync(path.join(folder, sub, name), "{}");
  }
  const d = await discoverSubmissions(folder, path.join(dir, "s"), null);
  expect(d.submissions.map((s) => [s.identity.id, s.identity.name])).toEqual([
    ["11", "Jane Doe"],
    ["12", "Jo Smith"],
  ]);
  expect(d.unmatched).toEqual([]);
});

test("an input that is neither: one clear error", async () => {
  await expect(discoverSubmissions(path.join(dir, "nope"), dir, null)).rejects.toThrow(/does not exist: give a folder of submissions or the LMS's zip/);
});
