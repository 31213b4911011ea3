/**
 * As a student would: start the course with the main-job command, open a notebook in the real
 * Jupyter page in headless Chromium, run all cells from the menu, and see the outputs and a
 * drawn plotly figure. A screenshot is kept in test/artifacts/.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { launchChromium, artifactPath } from "./support/browser";
import { findRepoRoot } from "../lib/util/repo_root";

const root = findRepoRoot();
let course: ChildProcess | undefined;
// Jupyter autosaves an open notebook: work on a copy so the committed one never gets outputs.
const scratch = fs.mkdtempSync(path.join(root, "test", "scratch-"));
fs.copyFileSync(path.join(root, "notebooks", "00-getting-started.ipynb"), path.join(scratch, "getting-started.ipynb"));

afterAll(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
  if (course && course.exitCode === null) {
    const exited = new Promise((r) => course!.once("exit", r));
    course.kill("SIGTERM");
    await exited;
  }
});

/** Starts `gradlab start` (what `npm start` runs after building) and waits for the URL it prints. */
function startCourse(): Promise<string> {
  return new Promise((resolve, reject) => {
    course = spawn(process.execPath, [path.join(root, "dist", "tools", "cli.js"), "start", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL within 90 s; output:\n${out}`)), 90_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /The course is open at: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
      if (/No Jupyter found/.test(out)) {
        clearTimeout(timer);
        reject(new Error("Jupyter is not installed: apt-get install jupyter-notebook (npm test does so as root)"));
      }
    };
    course.stdout!.on("data", onData);
    course.stderr!.on("data", onData);
    course.once("exit", (code) => reject(new Error(`gradlab start exited with ${code}:\n${out}`)));
  });
}

test("the Jupyter page runs a course notebook and draws its plot", async () => {
  const treeUrl = new URL(await startCourse());
  expect(treeUrl.hostname).toBe("127.0.0.1");
  const token = treeUrl.searchParams.get("token");
  expect(token).toMatch(/^[0-9a-f]{48}$/);
  const notebookUrl = `${treeUrl.origin}/notebooks/test/${path.basename(scratch)}/getting-started.ipynb?token=${token}`;

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(notebookUrl);
    await page.waitForSelector("#notebook-container .cell", { timeout: 60_000 });
    await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 60_000 });
    // Cell → Run All, as a student clicks it.
    await page.click("#celllink");
    await page.click("#run_all_cells");
    // The last code cell prints the lecture's gradients; the plot cell draws an SVG.
    await page.waitForFunction(() => document.body.innerText.includes("[ -12, -4, -4, 3 ]"), undefined, { timeout: 120_000 });
    await page.waitForSelector(".gradlab-plot svg.main-svg", { timeout: 60_000 });
    await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 60_000 });
    const text = await page.innerText("#notebook-container");
    expect(text).toContain("gradcheck Linear: passed");
    expect(await page.locator(".gradlab-plot .scatterlayer .trace").count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath("jupyter-notebook.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 300_000);
