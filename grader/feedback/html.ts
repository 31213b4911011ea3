/**
 * The feedback as one self-contained HTML page (feedback.html): no script, no external file, so
 * it opens offline and can be handed back as is. Every text from the submission is escaped.
 */
import { Feedback, formatPoints } from "./model";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; } td, th { padding: .3rem .8rem; border-bottom: 1px solid #eaeef2; text-align: left; }
.passed { color: #1a7f37; } .partial { color: #9a6700; } .failed { color: #cf222e; }
.bar { display: inline-block; height: .6rem; background: #eaeef2; width: 8rem; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2da44e; }
ul.checks { list-style: none; padding-left: 1.2rem; margin: .2rem 0 .8rem; }
code { background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; }
.hint { color: #57606a; } pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; }
.meta { color: #57606a; font-size: .85rem; margin-top: 3rem; }`;

const SYMBOL = { passed: "✓", partial: "◐", failed: "✗", "not-graded": "⏸" } as const;

export function feedbackHtml(f: Feedback): string {
  const e = escapeHtml;
  const rows = f.parts
    .map((p) => {
      const pct = p.points > 0 ? Math.round((100 * p.score) / p.points) : 0;
      return `<tr><td>${e(p.title)} <code>${e(p.id)}</code></td><td class="${p.status}">${SYMBOL[p.status]} ${formatPoints(p.score)} / ${formatPoints(p.points)}</td><td><span class="bar"><span style="width:${pct}%"></span></span></td></tr>`;
    })
    .join("\n");
  const findings = f.findings.length
    ? `<h2>Findings</h2><ul>${f.findings.map((x) => `<li><b>${e(x.severity)}</b>: ${e(x.message)}</li>`).join("")}</ul>`
    : "";
  const parts = f.parts
    .map((p) => {
      const reason = p.reason
        ? `<p class="failed">✗ ${e(p.reason.detail)}</p>${p.reason.hint ? `<p class="hint">Where to look: ${e(p.reason.hint)}</p>` : ""}`
        : "";
      const tests = p.tests
        .map((t) => {
          const lines = t.lines
            .map((l) => `<li class="${l.ok || l.credited ? "passed" : "failed"}">${l.ok ? "✓" : l.credited ? "✓ (credited)" : "✗"} <code>${e(l.what)}</code>: ${e(l.detail)}${l.hint ? `<div class="hint">Where to look: ${e(l.hint)}</div>` : ""}</li>`)
            .join("");
          const extra = t.hidden ? " <i>(hidden test)</i>" : "";
          const partial = t.status === "partial" ? ` — ${t.percent}% of its points` : "";
          return `<p class="${t.status}">${SYMBOL[t.status]} <b>${e(t.name)}</b>${extra}${partial}</p><ul class="checks">${lines}</ul>`;
        })
        .join("\n");
      return `<section id="${e(p.id)}"><h2>${e(p.title)}: ${formatPoints(p.score)} / ${formatPoints(p.points)}</h2>${reason}${tests}</section>`;
    })
    .join("\n");
  const output = f.output
    ? `<h2>What your code printed</h2><p class="hint">The grader never reads this output; it is shown in case it helps you.</p><pre>${e(f.output.text)}</pre>${f.output.droppedBytes ? `<p class="hint">(${f.output.droppedBytes} more bytes were printed and not kept.)</p>` : ""}`
    : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(f.assignment)}: ${formatPoints(f.score)} / ${formatPoints(f.maxScore)}</title><style>${STYLE}</style></head>
<body>
<h1>${e(f.assignment)}: <span class="${f.score >= f.maxScore ? "passed" : f.score > 0 ? "partial" : "failed"}">${formatPoints(f.score)} / ${formatPoints(f.maxScore)}</span> points</h1>
<p>Submission <code>${e(f.submission)}</code>${f.student ? ` by ${e(f.student.name || f.student.id)} (${e(f.student.id)})` : ""}</p>
${f.late ? `<p class="${f.late.penalty > 0 ? "partial" : ""}"><b>Late work:</b> ${e(f.late.note)}.${f.late.penalty > 0 ? ` Score after the penalty: <b>${formatPoints(f.late.finalScore)} / ${formatPoints(f.maxScore)}</b>.` : ""}</p>` : ""}
<table><tr><th>part</th><th>score</th><th></th></tr>
${rows}
</table>
${findings}
${parts}
${output}
<p class="meta">Seed ${f.seed}. The code ran contained: ${e(f.containment.join(", "))}.</p>
</body></html>
`;
}
