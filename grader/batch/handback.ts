/**
 * Feedback ready to hand back: a folder per student with feedback.html (self-contained, opens
 * offline) and feedback.md, the late-work rule included. result.json stays with the staff: it
 * holds the evidence of hidden tests, which students do not see.
 */
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../../tools/util/atomic_write";
import { feedbackHtml } from "../feedback/html";
import { feedbackMarkdown } from "../feedback/markdown";
import { feedbackModel } from "../feedback/model";
import type { GradeResult } from "../score/result";
import type { Identity } from "./identify";
import type { LateRecord } from "./late";

export function writeStudentFeedback(result: GradeResult, late: LateRecord, identity: Identity, dir: string): void {
  const model = feedbackModel(result, { student: { id: identity.id, name: identity.name }, late: late.due ? { note: late.note, penalty: late.penalty } : undefined });
  writeFileAtomic(path.join(dir, "feedback.md"), feedbackMarkdown(model));
  writeFileAtomic(path.join(dir, "feedback.html"), feedbackHtml(model));
}

/**
 * `gradlab feedback <batch-folder> --to <dir>`: copies every graded student's feedback into
 * `<dir>/<id>/`, nothing else. Returns the ids handed back.
 */
export function handBack(batchDir: string, to: string): string[] {
  const root = path.join(batchDir, "students");
  if (!fs.existsSync(root)) throw new Error(`${batchDir} is not a graded batch folder (no students/ in it); grade a folder or zip with --out first`);
  const ids: string[] = [];
  for (const id of fs.readdirSync(root).sort()) {
    const from = path.join(root, id);
    if (!fs.existsSync(path.join(from, "feedback.html"))) continue;
    for (const f of ["feedback.html", "feedback.md"]) writeFileAtomic(path.join(to, id, f), fs.readFileSync(path.join(from, f)));
    ids.push(id);
  }
  return ids;
}
