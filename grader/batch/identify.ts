/**
 * Whose submission is this file? Learning management systems name the files of a bulk download
 * after the student, each in its own way; a roster maps those names to the ids of the course's
 * gradebook. A file that matches no pattern, or no roster row, is listed as unmatched, never
 * guessed.
 *
 * - Canvas ("Download submissions"): `doejane_12345_67890_a1.ipynb`, and `doejane_LATE_12345_…`
 *   for a late one: the login-like name, the Canvas user id, the submission id, the file's name.
 * - Moodle ("Download all submissions"): a folder per student,
 *   `Jane Doe_12345_assignsubmission_file_/a1.ipynb` (12345 is the participant id).
 * - Plain: `<id>.ipynb`, where the id is a roster id (or, without a roster, taken as it is).
 */
import { parse } from "csv-parse/sync";
import * as fs from "fs";

export interface RosterRow {
  /** The id in the gradebook (a university id, a login). */
  id: string;
  name: string;
  email: string;
  /** Ids the LMS uses in its file names, when given. */
  canvasId: string;
  moodleId: string;
  login: string;
}

export interface Identity {
  id: string;
  name: string;
  /** The LMS said the submission was late (Canvas's LATE marker). */
  lmsLate: boolean;
  /** The Canvas user id, for a Canvas gradebook export. */
  canvasId: string | null;
  how: "canvas" | "moodle" | "plain";
}

export type Identification = { ok: true; identity: Identity } | { ok: false; reason: string };

const CANVAS = /^(?<login>[a-z0-9]+)(?<late>_late)?_(?<userId>\d+)_(?<submissionId>\d+)_(?<original>.+)$/i;
const MOODLE_FOLDER = /^(?<fullname>.+)_(?<participant>\d+)_assign(?:submission|feedback)_\w+?_?$/;
const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

const ROSTER_COLUMNS = ["id", "name", "email", "canvas_id", "moodle_id", "login"];

/** Reads a roster CSV with a header row; `id` is required, the other columns optional. */
export function readRoster(file: string): RosterRow[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(fs.readFileSync(file, "utf8"), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new Error(`roster ${file}: ${(e as Error).message}`);
  }
  if (rows.length === 0 || !("id" in rows[0])) {
    throw new Error(`roster ${file}: needs a header row with an "id" column (known columns: ${ROSTER_COLUMNS.join(", ")})`);
  }
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const id = r.id ?? "";
    if (!id) throw new Error(`roster ${file}, row ${i + 2}: the id is empty`);
    if (seen.has(id)) throw new Error(`roster ${file}, row ${i + 2}: the id "${id}" appears twice`);
    seen.add(id);
    return { id, name: r.name ?? "", email: r.email ?? "", canvasId: r.canvas_id ?? "", moodleId: r.moodle_id ?? "", login: r.login ?? "" };
  });
}

function fromRoster(roster: RosterRow[] | null, match: (r: RosterRow) => boolean, fallback: Identity, describe: string): Identification {
  if (!roster) return { ok: true, identity: fallback };
  const rows = roster.filter(match);
  if (rows.length === 1) return { ok: true, identity: { ...fallback, id: rows[0].id, name: rows[0].name || fallback.name } };
  if (rows.length > 1) return { ok: false, reason: `${describe} matches ${rows.length} roster rows (${rows.map((r) => r.id).join(", ")})` };
  return { ok: false, reason: `${describe} is not in the roster` };
}

/**
 * The student of a submission file, from its name (`base`, without folders) and the name of the
 * folder it is in (`folder`, for Moodle), checked against the roster when one is given.
 */
export function identify(base: string, folder: string | null, roster: RosterRow[] | null): Identification {
  const moodle = folder ? MOODLE_FOLDER.exec(folder) : null;
  if (moodle?.groups) {
    const { fullname, participant } = moodle.groups;
    const fallback: Identity = { id: participant, name: fullname, lmsLate: false, canvasId: null, how: "moodle" };
    return fromRoster(roster, (r) => r.moodleId === participant || (!r.moodleId && r.name === fullname), fallback, `the Moodle folder "${folder}" (participant ${participant})`);
  }
  const canvas = CANVAS.exec(base);
  if (canvas?.groups) {
    const { login, late, userId } = canvas.groups;
    const fallback: Identity = { id: userId, name: login, lmsLate: late !== undefined, canvasId: userId, how: "canvas" };
    return fromRoster(roster, (r) => r.canvasId === userId || (!r.canvasId && r.login === login), fallback, `the Canvas file "${base}" (user ${userId}, ${login})`);
  }
  const stem = base.replace(/\.ipynb$/i, "");
  if (!PLAIN_ID.test(stem)) {
    return { ok: false, reason: `"${base}" is not named like a Canvas or Moodle download or <id>.ipynb` };
  }
  const fallback: Identity = { id: stem, name: "", lmsLate: false, canvasId: null, how: "plain" };
  return fromRoster(roster, (r) => r.id === stem || r.login === stem, fallback, `"${base}"`);
}
