/**
 * The submissions of a batch: every notebook in a folder (searched recursively, Moodle's folder
 * per student included) or in the zip an LMS hands out, each identified (identify.ts). A zip is
 * read entry by entry with yauzl and its notebooks copied out under names of our own, so an
 * entry named `../../etc/passwd` or a zip bomb cannot write outside the scratch folder or fill
 * the disk.
 */
import * as fs from "fs";
import * as path from "path";
import * as yauzl from "yauzl";
import { Identity, RosterRow, identify } from "./identify";

export interface Submission {
  /** The notebook on disk (inside the scratch folder for a zip). */
  file: string;
  /** Where it came from, as the TA knows it: the path within the folder or the zip. */
  source: string;
  identity: Identity;
  /** The file's (or zip entry's) modification time: a submission time when the LMS keeps it. */
  mtime: Date;
}

export interface Unmatched {
  source: string;
  reason: string;
}

export interface Discovery {
  submissions: Submission[];
  unmatched: Unmatched[];
}

/** Largest notebook taken from a zip: real submissions are kilobytes to a few megabytes. */
const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

interface Candidate {
  file: string;
  source: string;
  mtime: Date;
}

function walk(dir: string, root: string, out: Candidate[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".") || entry.name === "__MACOSX") continue; // .ipynb_checkpoints, macOS litter
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, root, out);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".ipynb")) out.push({ file: full, source: path.relative(root, full), mtime: fs.statSync(full).mtime });
  }
}

function readZip(zipFile: string, scratch: string): Promise<{ candidates: Candidate[]; skipped: Unmatched[] }> {
  fs.mkdirSync(scratch, { recursive: true });
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(new Error(`${zipFile} is not a readable zip file (${err?.message ?? "no zip"})`));
      const candidates: Candidate[] = [];
      const skipped: Unmatched[] = [];
      let index = 0;
      zip.on("error", (e: Error) => reject(new Error(`${zipFile}: ${e.message}`)));
      zip.on("end", () => resolve({ candidates, skipped }));
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const parts = name.split("/");
        const base = parts[parts.length - 1];
        if (name.endsWith("/") || parts.some((p) => p.startsWith(".") || p === "__MACOSX") || !base.toLowerCase().endsWith(".ipynb")) {
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > MAX_NOTEBOOK_BYTES) {
          skipped.push({ source: name, reason: `${entry.uncompressedSize} bytes, larger than a notebook can be (${MAX_NOTEBOOK_BYTES})` });
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            skipped.push({ source: name, reason: `cannot be read from the zip (${e?.message})` });
            zip.readEntry();
            return;
          }
          // Our own name: the entry's path never decides where a file goes.
          const target = path.join(scratch, `${String(index++).padStart(5, "0")}.ipynb`);
          const out = fs.createWriteStream(target);
          stream.on("error", (se: Error) => {
            skipped.push({ source: name, reason: `is damaged in the zip (${se.message})` });
            out.destroy();
            zip.readEntry();
          });
          out.on("finish", () => {
            candidates.push({ file: target, source: name, mtime: entry.getLastModDate() });
            zip.readEntry();
          });
          stream.pipe(out);
        });
      });
      zip.readEntry();
    });
  });
}

/** Finds and identifies the notebooks of `input` (a folder or a .zip). */
export async function discoverSubmissions(input: string, scratch: string, roster: RosterRow[] | null): Promise<Discovery> {
  if (!fs.existsSync(input)) throw new Error(`${input} does not exist: give a folder of submissions or the LMS's zip`);
  let candidates: Candidate[];
  const unmatched: Unmatched[] = [];
  if (fs.statSync(input).isDirectory()) {
    candidates = [];
    walk(input, input, candidates);
  } else if (input.toLowerCase().endsWith(".zip")) {
    const z = await readZip(input, scratch);
    candidates = z.candidates;
    unmatched.push(...z.skipped);
  } else {
    throw new Error(`${input} is neither a folder nor a .zip file`);
  }
  const byStudent = new Map<string, Submission[]>();
  for (const c of candidates) {
    const parts = c.source.split(/[\\/]/);
    const folder = parts.length > 1 ? parts[parts.length - 2] : null;
    const who = identify(parts[parts.length - 1], folder, roster);
    if (!who.ok) {
      unmatched.push({ source: c.source, reason: who.reason });
      continue;
    }
    byStudent.set(who.identity.id, [...(byStudent.get(who.identity.id) ?? []), { file: c.file, source: c.source, identity: who.identity, mtime: c.mtime }]);
  }
  const submissions: Submission[] = [];
  for (const [id, subs] of [...byStudent].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (subs.length === 1) submissions.push(subs[0]);
    else for (const s of subs) unmatched.push({ source: s.source, reason: `one of ${subs.length} notebooks for student ${id}; keep one (${subs.map((x) => x.source).join(", ")})` });
  }
  return { submissions, unmatched };
}
