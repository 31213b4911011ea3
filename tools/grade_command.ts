/**
 * `gradlab grade <assignment> <submission.ipynb> --out DIR [--seed N]`: grades one submission and
 * writes result.json, feedback.md and feedback.html into DIR, each atomically. Exit code 0 when
 * the submission was graded, whatever its score; an error (unknown assignment, unreadable
 * instructor files) is one line and exit code 1.
 */
import * as fs from "fs";
import * as path from "path";
import { gradeSubmission } from "../grader/grade";
import { closeCompilers } from "../grader/compile/compile";
import { feedbackHtml } from "../grader/feedback/html";
import { feedbackMarkdown } from "../grader/feedback/markdown";
import { feedbackModel } from "../grader/feedback/model";
import type { GradeResult } from "../grader/score/result";
import { writeFileAtomic } from "./util/atomic_write";

/** result.json, feedback.md and feedback.html for one result. */
export function writeResultFiles(result: GradeResult, outDir: string): void {
  const feedback = feedbackModel(result);
  writeFileAtomic(path.join(outDir, "result.json"), JSON.stringify(result, resultReplacer, 2) + "\n");
  writeFileAtomic(path.join(outDir, "feedback.md"), feedbackMarkdown(feedback));
  writeFileAtomic(path.join(outDir, "feedback.html"), feedbackHtml(feedback));
}

/** JSON has no NaN or Infinity: write them as strings rather than as null. */
function resultReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

export async function gradeCommand(assignment: string, submission: string, o: { out: string; seed?: number }): Promise<void> {
  // A path that names nothing is a typo on the command line, not a submission to grade.
  if (!fs.existsSync(submission)) throw new Error(`the submission ${submission} does not exist`);
  try {
    const result = await gradeSubmission({
      assignment,
      submission,
      seed: o.seed,
      onPart: (p, done, total) => process.stderr.write(`  [${done}/${total}] ${p.id}: ${p.score} / ${p.points}\n`),
    });
    writeResultFiles(result, o.out);
    console.log(`${path.basename(submission)}: ${result.score} / ${result.maxScore} points (seed ${result.seed}); feedback in ${o.out}`);
  } finally {
    closeCompilers();
  }
}
