/**
 * A batch remembers how it was started: the roster, the due date and late policy, the
 * extensions and submission times, the Canvas column. A TA who resumes after Ctrl-C or a reboot
 * with only `gradlab grade a1 subs.zip --out DIR` gets the same students and the same penalties,
 * instead of a gradebook keyed on other ids; an option given again replaces the remembered one.
 * Files are remembered by absolute path, so a resume from another folder finds them.
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../../tools/util/atomic_write";

export interface BatchSettings {
  roster?: string;
  due?: string;
  late?: string;
  grace?: string;
  extensions?: string;
  times?: string;
  canvasColumn?: string;
}

export const SETTINGS_FILE = "settings.json";
const KEYS = ["roster", "due", "late", "grace", "extensions", "times", "canvasColumn"] as const;
const FILE_KEYS = new Set<keyof BatchSettings>(["roster", "extensions", "times"]);
const FLAGS: Record<keyof BatchSettings, string> = { roster: "--roster", due: "--due", late: "--late", grace: "--grace", extensions: "--extensions", times: "--times", canvasColumn: "--canvas-column" };

function readSettings(out: string): BatchSettings {
  const file = path.join(out, SETTINGS_FILE);
  if (!fs.existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not readable JSON (${(e as Error).message}); fix it, or delete it and give every option again`);
  }
  const s: BatchSettings = {};
  for (const k of KEYS) {
    const v = (parsed as Record<string, unknown>)[k];
    if (typeof v === "string") s[k] = v;
  }
  return s;
}

/**
 * The settings for this run: each option as given now, else as remembered in `out`. Returns the
 * settings and the flags that came from memory, to say so; `rememberSettings` keeps them once
 * they have been read without an error.
 */
export function resolveSettings(out: string, given: BatchSettings): { settings: BatchSettings; remembered: string[] } {
  const stored = readSettings(out);
  const settings: BatchSettings = {};
  const remembered: string[] = [];
  for (const k of KEYS) {
    const now = given[k];
    if (now !== undefined) settings[k] = FILE_KEYS.has(k) ? path.resolve(now) : now;
    else if (stored[k] !== undefined) {
      settings[k] = stored[k];
      remembered.push(`${FLAGS[k]} ${stored[k]}`);
    }
  }
  for (const k of FILE_KEYS) {
    const f = settings[k];
    if (f !== undefined && !fs.existsSync(f)) {
      const from = given[k] !== undefined ? "" : ` (remembered from the first run in ${path.join(out, SETTINGS_FILE)})`;
      throw new Error(`${FLAGS[k]} ${f}: no such file${from}; give ${FLAGS[k]} again with the file's new place`);
    }
  }
  return { settings, remembered };
}

export function rememberSettings(out: string, settings: BatchSettings): void {
  fs.mkdirSync(out, { recursive: true });
  writeFileAtomic(path.join(out, SETTINGS_FILE), JSON.stringify(settings, null, 2) + "\n");
}
