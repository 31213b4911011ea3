/**
 * Grading a class with the real CLI: a Canvas-style folder with a roster, submission times and a
 * late policy; the gradebook, the Canvas export and the summary; a batch killed with SIGKILL
 * midway and resumed gives the same gradebook, byte for byte, as an uninterrupted run with
 * another number of workers; an unchanged submission is not graded again; one student regraded
 * alone; feedback handed back; the class report and a student's feedback drawn in Chromium.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findRepoRoot } from "gradlab";
import { generateClass, GeneratedClass } from "../fixtures/class";
import { gradeSubmission } from "../grade";
import { closeCompilers } from "../compile/compile";
import { artifactPath, launchChromium } from "../../test/support/browser";

jest.setTimeout(600_000);
const root = findRepoRoot();
const cli = path.join(root, "dist", "tools", "cli.js");
const KINDS = ["linear-transposed-dw", "softmax-missing-1-over-n", "integrity-malformed-json", "hostile-exit-forged", "compile-syntax-error", "hostile-infinite-loop"];
let dir = "";
let cls: GeneratedClass;
let times = "";

function gradlab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: os.tmpdir() });
}

function batchArgs(out: string, jobs: number): string[] {
  return ["grade", "a1-backprop", path.join(dir, "subs"), "--out", out, "--jobs", String(jobs), "--seed", "11", "--roster", cls.roster, "--times", times, "--due", "2026-12-01T12:00:00Z", "--late", "percent-per-day:10", "--grace", "10m"];
}

const read = (f: string): string => fs.readFileSync(f, "utf8");

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-class-"));
  cls = generateClass("a1-backprop", 10, path.join(dir, "subs"), { correctShare: 0.4, exclude: (f) => !KINDS.includes(f.name) });
  // A roster student who handed nothing in, and the times the LMS recorded: s0001 is 25 h late.
  fs.appendFileSync(cls.roster, "s9999,Absent Student,absent,199999\n");
  times = path.join(dir, "times.csv");
  fs.writeFileSync(times, ["id,submitted_at", ...cls.students.map((s) => `${s.id},${s.id === "s0001" ? "2026-12-02T13:10:00Z" : "2026-12-01T11:00:00Z"}`)].join("\n") + "\n");
});
afterAll(() => {
  closeCompilers();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a class graded in one run: gradebook, Canvas export, late work, the scores each submission earns alone", async () => {
  const out = path.join(dir, "A");
  const r = gradlab(batchArgs(out, 2));
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^11 students in the gradebook: 10 graded now, 0 unchanged since the last run \(not graded again\), 0 failed to run/);
  const book = JSON.parse(read(path.join(out, "gradebook.json")));
  expect(book.rows.map((x: { id: string }) => x.id)).toEqual([...cls.students.map((s) => s.id), "s9999"]);
  // Each student's score is what the same file earns graded alone: nothing in the batch (another
  // submission's attack included) changed it.
  for (const s of cls.students) {
    const alone = await gradeSubmission({ assignment: "a1-backprop", submission: s.file, seed: 11 });
    const row = book.rows.find((x: { id: string }) => x.id === s.id);
    expect([s.fixture, row.raw, row.parts]).toEqual([s.fixture, alone.score, Object.fromEntries(alone.parts.map((p) => [p.id, p.score]))]);
  }
  const late = book.rows.find((x: { id: string }) => x.id === "s0001");
  expect([late.late.lateHours, late.late.penalty, late.score]).toEqual([25, 0.2, 16]);
  expect(book.rows.find((x: { id: string }) => x.id === "s9999").error).toBe("no submission");
  const canvas = read(path.join(out, "canvas.csv")).split("\n");
  expect(canvas[0]).toBe("Student,ID,SIS User ID,SIS Login ID,Section,Backpropagation: boxes with fprop and bprop (a1-backprop)");
  expect(canvas).toContain("Student 1,100000,,,,16");
  expect(read(path.join(out, "gradebook.csv")).split("\n")[0]).toMatch(/^id,name,linear_fprop \(2\),.*,score,max_score,findings,grading_error,source$/);
  expect(read(path.join(out, "students", "s0001", "feedback.md"))).toMatch(/Late work:.*25 h late.*20% off the earned points.*16 \/ 20/);
});

test("SIGKILL midway, then a re-run: the same gradebook, byte for byte, as the uninterrupted run", async () => {
  const out = path.join(dir, "B");
  const child = spawn(process.execPath, [cli, ...batchArgs(out, 1)], { cwd: os.tmpdir(), detached: true, stdio: "ignore" });
  const results = (): number => (fs.existsSync(path.join(out, "students")) ? fs.readdirSync(path.join(out, "students")).filter((s) => fs.existsSync(path.join(out, "students", s, "result.json"))).length : 0);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (results() >= 3) {
        clearInterval(timer);
        process.kill(-child.pid!, "SIGKILL"); // the batch, its workers and their runners
        resolve();
      }
    }, 50);
  });
  await new Promise((resolve) => child.once("exit", resolve));
  const done = results();
  expect(done).toBeGreaterThanOrEqual(3);
  expect(done).toBeLessThan(10);
  expect(fs.existsSync(path.join(out, "gradebook.csv"))).toBe(false);
  const resumed = gradlab(batchArgs(out, 1));
  expect(resumed.status).toBe(0);
  expect(resumed.stdout).toContain(`${10 - done} graded now, ${done} unchanged since the last run`);
  for (const f of ["gradebook.csv", "gradebook.json", "canvas.csv"]) expect([f, read(path.join(out, f))]).toEqual([f, read(path.join(dir, "A", f))]);
});

test("a re-run grades nothing unchanged; --only regrades one student; feedback is handed back without results", () => {
  const out = path.join(dir, "A");
  const before = read(path.join(out, "gradebook.csv"));
  expect(gradlab(batchArgs(out, 2)).stdout).toMatch(/10 students|11 students in the gradebook: 0 graded now, 10 unchanged/);
  const only = gradlab([...batchArgs(out, 2), "--only", "s0002", "--force"]);
  expect(only.stdout).toMatch(/1 graded now, 0 unchanged/);
  expect(read(path.join(out, "gradebook.csv"))).toBe(before);
  const hand = path.join(dir, "handback");
  const fb = gradlab(["feedback", out, "--to", hand]);
  expect(fb.stdout.trim()).toBe(`feedback for 10 students in ${hand}/<id>/feedback.html and feedback.md`);
  expect(fs.readdirSync(path.join(hand, "s0002")).sort()).toEqual(["feedback.html", "feedback.md"]);
});

test("the class report and a student's feedback open in Chromium with their plots drawn", async () => {
  const out = path.join(dir, "A");
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`file://${path.join(out, "class-report.html")}`);
    await page.waitForFunction(() => document.querySelectorAll(".plot .main-svg").length >= 3, undefined, { timeout: 30_000 });
    // Every figure has drawn its bars.
    expect(await page.locator(".plot").count()).toBe(3);
    expect(await page.locator(".plot .bars path").count()).toBeGreaterThan(10);
    const text = await page.locator("body").innerText();
    expect(text).toMatch(/\d+%\s+transposed dW in\s+linear_bprop/);
    expect(text).toMatch(/linear_fprop\s+timeout/);
    await page.screenshot({ path: artifactPath("class-report.png"), fullPage: true });
    await page.goto(`file://${path.join(out, "students", "s0005", "feedback.html")}`);
    expect(await page.locator("h1").innerText()).toMatch(/a1-backprop: \d+(\.\d+)? \/ 20 points/);
    expect(await page.locator(".bar span").count()).toBe(8);
    await page.screenshot({ path: artifactPath("student-feedback.png"), fullPage: true });
  } finally {
    await browser.close();
  }
});
