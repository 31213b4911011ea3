/**
 * A grading worker of the batch's pool: a trusted grader process that grades the submissions the
 * pool sends it, one at a time, each with its own runner(s). Workers keep their TypeScript
 * converter warm between submissions, which is most of what makes a batch fast.
 */
import { closeCompilers } from "../compile/compile";
import { gradeSubmission } from "../grade";
import type { Limits } from "../assignment/spec";
import type { GradeResult } from "../score/result";

export interface GradeJob {
  type: "grade";
  job: number;
  assignment: string;
  file: string;
  label: string;
  seed: number;
  limits?: Partial<Limits>;
}

export type WorkerReply = { type: "done"; job: number; result: GradeResult } | { type: "failed"; job: number; message: string };

process.on("message", (m: GradeJob) => {
  if (m.type !== "grade") return;
  gradeSubmission({ assignment: m.assignment, submission: m.file, label: m.label, seed: m.seed, limits: m.limits }).then(
    (result) => process.send?.({ type: "done", job: m.job, result } satisfies WorkerReply),
    (e: unknown) => process.send?.({ type: "failed", job: m.job, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply),
  );
});
process.on("disconnect", () => {
  closeCompilers();
  process.exit(0);
});
