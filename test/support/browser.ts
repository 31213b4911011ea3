import * as fs from "fs";
import * as path from "path";
import { Browser, chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** Debian's Chromium, headless, with the flags this closed network needs. Fails (never skips) when missing. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install it with \`apt-get install chromium\` (npm test does so as root)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Screenshots are kept for a person to look at (test/artifacts/ is not committed). */
export function artifactPath(name: string): string {
  const dir = path.join(__dirname, "..", "artifacts");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
