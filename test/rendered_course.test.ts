/**
 * The main job without Jupyter: `gradlab start --rendered` (what `npm start` falls back to when
 * no Jupyter is installed) executes the course headless and serves it as HTML on localhost; a
 * served page, opened in headless Chromium, draws its plots and links to its neighbours; the
 * index lists every notebook by title; a second start reuses the executed course.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findRepoRoot } from "../lib/util/repo_root";
import { artifactPath, launchChromium } from "./support/browser";

const root = findRepoRoot();
const notebookCount = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).length;
let course: ChildProcess | undefined;

async function stopCourse(): Promise<void> {
  if (course && course.exitCode === null) {
    const exited = new Promise((r) => course!.once("exit", r));
    course.kill("SIGTERM");
    await exited;
  }
}
afterAll(stopCourse);

function startRendered(): Promise<{ url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    course = spawn(process.execPath, [path.join(root, "dist", "tools", "cli.js"), "start", "--rendered", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL within 400 s; output:\n${out}`)), 400_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /The executed course is at: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], output: () => out });
      }
    };
    course.stdout!.on("data", onData);
    course.stderr!.on("data", onData);
    course.once("exit", (code) => reject(new Error(`gradlab start exited with ${code}:\n${out}`)));
  });
}

test("the executed course is served on localhost, every notebook ok, and its plots draw", async () => {
  const { url, output } = await startRendered();
  expect(new URL(url).hostname).toBe("127.0.0.1");
  expect(output()).not.toMatch(/FAILED/);
  const index = await (await fetch(url)).text();
  const links = [...index.matchAll(/href="([^"]+\.html)"/g)].map((m) => m[1]);
  expect(links).toContain("05-gradient-descent.html");
  expect(links).toHaveLength(notebookCount);
  expect(index).not.toMatch(/has errors/);
  // Titles from the notebooks' headings, not file names.
  expect(index).toContain('<a href="05-gradient-descent.html">Gradient descent</a>');

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(new URL("05-gradient-descent.html", url).href);
    await page.waitForSelector("svg.main-svg", { timeout: 60_000 });
    expect(await page.locator(".js-plotly-plot").count()).toBeGreaterThan(1);
    await page.screenshot({ path: artifactPath("rendered-course.png") });
    expect(errors).toEqual([]);
    // The next page is one click away, and links back.
    await page.click('nav.course-nav.top a[rel="next"]');
    expect(new URL(page.url()).pathname).toBe("/06-sgd-and-minibatches.html");
    expect(await page.getAttribute('nav.course-nav.top a[rel="prev"]', "href")).toBe("05-gradient-descent.html");
    await page.goto(url);
    await page.screenshot({ path: artifactPath("rendered-course-index.png"), fullPage: true });
  } finally {
    await browser.close();
  }
}, 480_000);

test("a second start executes nothing: the course is cached while the notebooks and the library are unchanged", async () => {
  await stopCourse();
  const started = Date.now();
  const { url, output } = await startRendered();
  expect(output()).toContain(`all ${notebookCount} notebooks are unchanged since their last run`);
  expect(output()).not.toMatch(/cell \d+\/\d+/);
  expect(Date.now() - started).toBeLessThan(30_000);
  expect((await fetch(url)).status).toBe(200);
}, 60_000);
