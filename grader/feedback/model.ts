/**
 * What a student reads about their submission, built once from the result and rendered as
 * Markdown and as HTML: the score per part, what failed, why, and where to look. Hidden tests
 * appear with their name, pass/fail and diagnosis, never their inputs or expected values: a
 * diagnosis whose message would quote those is replaced by its generic form.
 */
import type { Diagnosis, DiagnosisId } from "../diagnose/diagnosis";
import type { GradeResult, PartStatus } from "../score/result";
import { formatError } from "../check/table";

export interface FeedbackLine {
  what: string;
  ok: boolean;
  /** "earns its points" although not passed (the own-fprop rule). */
  credited: boolean;
  detail: string;
  hint?: string;
}

export interface FeedbackTest {
  name: string;
  hidden: boolean;
  status: "passed" | "partial" | "failed";
  percent: number;
  lines: FeedbackLine[];
}

export interface FeedbackPart {
  id: string;
  title: string;
  score: number;
  points: number;
  status: PartStatus;
  reason?: { detail: string; hint?: string };
  tests: FeedbackTest[];
}

export interface Feedback {
  assignment: string;
  submission: string;
  score: number;
  maxScore: number;
  parts: FeedbackPart[];
  findings: { severity: string; message: string }[];
  output: { text: string; droppedBytes: number } | null;
  seed: number;
  containment: string[];
  /** The student, when graded in a batch. */
  student?: { id: string; name: string };
  /** Late work: the rule applied and the score after it. */
  late?: { note: string; penalty: number; finalScore: number };
}

/** What a batch knows besides the result: who the student is and how late the work was. */
export interface FeedbackContext {
  student?: { id: string; name: string };
  late?: { note: string; penalty: number };
}

/** Diagnoses whose message quotes a test's values: for hidden tests only their generic form is shown. */
const GENERIC: Partial<Record<DiagnosisId, string>> = {
  "some-entries-wrong": "some entries differ from the expected values",
  "mutates-input": "your code changed one of its inputs; work on copies instead",
};

function describe(d: Diagnosis | undefined, hidden: boolean): { detail: string; hint?: string } {
  if (!d) return { detail: "" };
  const generic = hidden ? GENERIC[d.id] : undefined;
  return { detail: generic ?? d.message, hint: generic ? undefined : d.hint };
}

export function feedbackModel(r: GradeResult, context: FeedbackContext = {}): Feedback {
  const parts: FeedbackPart[] = r.parts.map((p) => ({
    id: p.id,
    title: p.title,
    score: p.score,
    points: p.points,
    status: p.status,
    reason: p.reason ? describe(p.reason, false) : undefined,
    tests: p.tests.map((t) => {
      const hidden = t.visibility === "hidden";
      const lines: FeedbackLine[] = t.checks.map((c) => {
        const d = describe(c.diagnosis, hidden);
        const detail = c.passed
          ? c.relError !== undefined
            ? `relative error ${formatError(c.relError)} (passes below ${formatError(c.threshold)})`
            : "correct"
          : d.detail;
        return { what: c.what, ok: c.passed, credited: !c.passed && c.credit > 0, detail, hint: c.passed ? undefined : d.hint };
      });
      if (t.failure) lines.push({ what: "the test", ok: false, credited: false, ...describe(t.failure, hidden) });
      const status = t.credit >= 1 ? "passed" : t.credit > 0 ? "partial" : "failed";
      return { name: t.name, hidden, status, percent: Math.round(t.credit * 100), lines };
    }),
  }));
  const text = [r.output.stdout, r.output.stderr].filter((s) => s.length > 0).join("\n");
  return {
    assignment: r.assignment,
    submission: r.submission.file,
    score: r.score,
    maxScore: r.maxScore,
    parts,
    findings: r.findings.map((f) => ({ severity: f.severity, message: f.message })),
    output: text || r.output.droppedBytes ? { text: text.slice(0, 4000), droppedBytes: r.output.droppedBytes + Math.max(0, text.length - 4000) } : null,
    seed: r.seed,
    containment: r.containment.layers,
    student: context.student,
    late: context.late ? { ...context.late, finalScore: Math.round(r.score * (1 - context.late.penalty) * 10000) / 10000 } : undefined,
  };
}

/** "3.5" for 3.5, "2" for 2: points as people write them. */
export function formatPoints(x: number): string {
  return String(Math.round(x * 100) / 100);
}
