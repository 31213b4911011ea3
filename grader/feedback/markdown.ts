/**
 * The feedback as Markdown (feedback.md). Everything that comes from the submission (error
 * messages, printed output) is escaped, so a student's text cannot become markup in a viewer.
 */
import { Feedback, formatPoints } from "./model";

/**
 * Escapes what can turn running text into markup (emphasis, code, links, tables, HTML), so a
 * student's text stays text in any renderer. Feedback lines never start with student text, so
 * line-start markers (#, -, 1.) need no escaping and the raw file stays readable.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const MARK = { passed: "✅", partial: "🟡", failed: "❌", "not-graded": "⏸" } as const;

export function feedbackMarkdown(f: Feedback): string {
  const e = escapeMarkdown;
  const out: string[] = [];
  out.push(`# ${e(f.assignment)}: ${formatPoints(f.score)} / ${formatPoints(f.maxScore)} points`, "");
  out.push(`Submission \`${f.submission.replace(/`/g, "'")}\`${f.student ? ` by ${e(f.student.name || f.student.id)} (${e(f.student.id)})` : ""}.`, "");
  if (f.late) {
    out.push(`**Late work:** ${e(f.late.note)}.${f.late.penalty > 0 ? ` Score after the penalty: **${formatPoints(f.late.finalScore)} / ${formatPoints(f.maxScore)}**.` : ""}`, "");
  }
  out.push("| part | score | |", "| --- | --- | --- |");
  for (const p of f.parts) out.push(`| ${e(p.title)} (\`${p.id}\`) | ${formatPoints(p.score)} / ${formatPoints(p.points)} | ${MARK[p.status]} |`);
  out.push("");
  if (f.findings.length > 0) {
    out.push("## Findings", "");
    for (const x of f.findings) out.push(`- **${x.severity}**: ${e(x.message)}`);
    out.push("");
  }
  for (const p of f.parts) {
    out.push(`## ${e(p.title)}: ${formatPoints(p.score)} / ${formatPoints(p.points)}`, "");
    if (p.reason) {
      out.push(`${MARK.failed} ${e(p.reason.detail)}`, "");
      if (p.reason.hint) out.push(`*Where to look:* ${e(p.reason.hint)}`, "");
    }
    for (const t of p.tests) {
      out.push(`- ${MARK[t.status]} **${e(t.name)}**${t.hidden ? " (hidden test)" : ""}${t.status === "partial" ? `: ${t.percent}% of its points` : ""}`);
      for (const l of t.lines) {
        const mark = l.ok ? "✓" : l.credited ? "✓ (credited)" : "✗";
        out.push(`  - ${mark} \`${l.what}\`: ${e(l.detail)}`);
        if (l.hint) out.push(`    *Where to look:* ${e(l.hint)}`);
      }
    }
    out.push("");
  }
  if (f.output) {
    out.push("## What your code printed", "", "The grader never reads this output; it is shown in case it helps you.", "", "```text");
    out.push(f.output.text.replace(/```/g, "ʼʼʼ"));
    out.push("```");
    if (f.output.droppedBytes > 0) out.push("", `(${f.output.droppedBytes} more bytes were printed and not kept.)`);
    out.push("");
  }
  out.push("---", `Seed ${f.seed}. The code ran contained: ${f.containment.join(", ")}.`, "");
  return out.join("\n");
}
