/**
 * The exported page in a real browser (Debian's Chromium, driven by playwright-core; no
 * browser is downloaded): plotly.js draws the figure, the maths is laid out as MathML, the
 * code is coloured, nothing is fetched from the network and no script fails. A screenshot is
 * left in test/artifacts/exported-notebook.png for a person to look at.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Browser, chromium } from "playwright-core";
import { findRepoRoot } from "../../lib/util/repo_root";
import { sampleNotebook } from "./sample_notebook";
import { notebookToHtml } from "./to_html";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = path.join(findRepoRoot(__dirname), "test", "artifacts", "exported-notebook.png");

/** The browser's path; a missing browser fails the test (it must not pass by skipping). */
function requireChromium(file: string = CHROMIUM): string {
  if (!fs.existsSync(file)) {
    throw new Error(`Chromium is not installed at ${file}, and the exported-page test needs it: run \`apt-get update && apt-get install chromium\``);
  }
  return file;
}

test("a missing browser is an error that says how to install it", () => {
  expect(() => requireChromium("/nonexistent/chromium")).toThrow("apt-get install chromium");
});

test("Chromium shows the exported notebook: the plot drawn, the maths as MathML, no errors, no network", async () => {
  const executablePath = requireChromium();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-export-"));
  const file = path.join(dir, "sample.html");
  fs.writeFileSync(file, notebookToHtml(sampleNotebook(), { title: "Gradient descent" }));
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
      timeout: 20_000,
    });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    // Should anything try the network, it is refused here and reported by the assertion below.
    await page.route(/^(https?|wss?):/, (route) => route.abort());

    await page.goto(`file://${file}`, { waitUntil: "load" });
    await page.waitForSelector("#plot-2-0 svg.main-svg", { timeout: 15_000 });

    // plotly drew one scatter trace, with the figure's title, into the plot's own div.
    expect(await page.locator("#plot-2-0 svg.main-svg").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator("#plot-2-0 .scatterlayer .trace").count()).toBe(1);
    expect(await page.locator("#plot-2-0 .scatterlayer .trace path.js-line").getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(await page.locator("#plot-2-0 .gtitle").textContent()).toBe("t");

    // The maths is MathML laid out by the browser: three formulas, each with a real size.
    const maths = page.locator("math");
    expect(await maths.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const box = await maths.nth(i).boundingBox();
      expect(box && box.width > 5 && box.height > 5).toBe(true);
    }
    expect(await page.locator('math[display="block"]').evaluate((e) => getComputedStyle(e).display)).toBe("block math");

    // highlight.js's GitHub theme is applied: keywords are #d73a49.
    expect(await page.locator(".hljs-keyword").first().evaluate((e) => getComputedStyle(e).color)).toBe("rgb(215, 58, 73)");
    // The printed "<script>" is text on the page.
    expect(await page.locator("pre.stream.stdout").textContent()).toBe("loss 0.25\n<script>alert(1)</script>\n");

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith("file:") && !url.startsWith("data:"))).toEqual([]);
  } finally {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
