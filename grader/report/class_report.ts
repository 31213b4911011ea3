/**
 * The class report: one self-contained HTML page (plotly.js inlined, no network) that tells the
 * staff what to re-teach: the distribution of scores, overall and per part; the diagnoses found
 * across the class ("41% transposed dW in linear_bprop"); the parts that failed to run; late work
 * and the findings. Built from the gradebook and the students' results.
 */
import { writeFileAtomic } from "../../tools/util/atomic_write";
import { plotlyScript } from "../../tools/notebook/html_assets";
import { scriptSafeJson } from "gradlab";
import { escapeHtml } from "../feedback/html";
import type { Gradebook } from "../batch/gradebook";
import type { GradeResult } from "../score/result";

export interface DiagnosisCount {
  part: string;
  what: string;
  diagnosis: string;
  students: number;
  /** Share of the students whose submission was graded. */
  share: number;
  /** One student's message, as an example of what the class saw. */
  example: string;
}

/** Diagnoses that say the code did not run (or was not allowed to), rather than what it computed wrong. */
const FAILED_TO_RUN = new Set(["timeout", "out-of-memory", "runner-exited", "protocol-error", "blocked", "banned-name", "compile-error", "missing-cell", "unreadable-submission"]);

/** How many students got each (part, quantity, diagnosis), most frequent first. */
export function diagnosisCounts(results: readonly GradeResult[]): DiagnosisCount[] {
  const seen = new Map<string, { part: string; what: string; diagnosis: string; ids: Set<number>; example: string }>();
  results.forEach((r, i) => {
    for (const p of r.parts) {
      const add = (whatWas: string, diagnosis: string, example: string): void => {
        // A part that did not run is counted once per student, whichever call it stopped in.
        const what = FAILED_TO_RUN.has(diagnosis) ? "" : whatWas;
        const key = `${p.id}\u0000${what}\u0000${diagnosis}`;
        const e = seen.get(key) ?? { part: p.id, what, diagnosis, ids: new Set<number>(), example };
        e.ids.add(i);
        seen.set(key, e);
      };
      if (p.reason) add("the part", p.reason.id, p.reason.message);
      for (const t of p.tests) {
        if (t.failure) add("the test", t.failure.id, t.failure.message);
        for (const c of t.checks) if (!c.passed && c.diagnosis) add(c.what, c.diagnosis.id, c.diagnosis.message);
      }
    }
  });
  const n = Math.max(1, results.length);
  return [...seen.values()]
    .map((e) => ({ part: e.part, what: e.what, diagnosis: e.diagnosis, students: e.ids.size, share: e.ids.size / n, example: e.example }))
    .sort((a, b) => b.students - a.students || (a.part + a.what + a.diagnosis < b.part + b.what + b.diagnosis ? -1 : 1));
}

function histogram(values: number[], max: number, bins: number): { x: number[]; y: number[]; width: number } {
  const width = max / bins || 1;
  const y = new Array<number>(bins).fill(0);
  for (const v of values) y[Math.min(bins - 1, Math.max(0, Math.floor(v / width)))]++;
  return { x: y.map((_, i) => (i + 0.5) * width), y, width };
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function classReportHtml(book: Gradebook, results: readonly GradeResult[]): string {
  const e = escapeHtml;
  const graded = book.rows.filter((r) => r.error === null);
  const scores = graded.map((r) => r.score).sort((a, b) => a - b);
  const mean = scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : 0;
  const median = scores.length ? scores[Math.floor((scores.length - 1) / 2)] : 0;
  const total = histogram(scores, book.maxScore, Math.min(20, Math.max(5, Math.ceil(book.maxScore))));
  const figures: { id: string; data: unknown[]; layout: Record<string, unknown> }[] = [
    {
      id: "total",
      data: [{ type: "bar", x: total.x, y: total.y, width: total.width * 0.9, marker: { color: "#1f77b4" }, hovertemplate: "%{y} students<extra></extra>" }],
      layout: { title: { text: "Total score (after late penalties)" }, xaxis: { title: { text: `points of ${book.maxScore}` }, range: [0, book.maxScore] }, yaxis: { title: { text: "students" } }, height: 320, margin: { t: 50 } },
    },
  ];
  // Small multiples: one histogram per part, on a grid of three columns.
  const cols = 3;
  const rowsN = Math.ceil(book.parts.length / cols);
  const partData: unknown[] = [];
  const partLayout: Record<string, unknown> = { title: { text: "Score per part" }, height: 220 * rowsN + 60, showlegend: false, grid: { rows: rowsN, columns: cols, pattern: "independent" }, annotations: [] as unknown[], margin: { t: 70 } };
  book.parts.forEach((p, i) => {
    const h = histogram(graded.map((r) => r.parts[p.id] ?? 0), p.points, Math.min(10, Math.max(2, Math.ceil(p.points * 2))));
    const axis = i === 0 ? "" : String(i + 1);
    partData.push({ type: "bar", x: h.x, y: h.y, width: h.width * 0.9, xaxis: `x${axis}`, yaxis: `y${axis}`, marker: { color: "#2ca02c" }, hovertemplate: "%{y} students<extra></extra>" });
    partLayout[`xaxis${axis}`] = { range: [0, p.points], title: { text: `${p.id} (${p.points})`, font: { size: 11 } } };
    partLayout[`yaxis${axis}`] = { rangemode: "tozero" };
  });
  figures.push({ id: "parts", data: partData, layout: partLayout });
  const counts = diagnosisCounts(results);
  const top = counts.filter((c) => !FAILED_TO_RUN.has(c.diagnosis)).slice(0, 15);
  if (top.length) {
    figures.push({
      id: "diagnoses",
      data: [{ type: "bar", orientation: "h", y: top.map((c) => `${c.part}: ${c.what} ${c.diagnosis}`).reverse(), x: top.map((c) => c.share * 100).reverse(), marker: { color: "#d62728" }, hovertemplate: "%{x:.0f}% of the class<extra></extra>" }],
      layout: { title: { text: "Most frequent mistakes" }, xaxis: { title: { text: "% of graded students" }, range: [0, 100] }, height: 120 + 28 * top.length, margin: { l: 320, t: 50 } },
    });
  }
  const mistakeRows = counts
    .filter((c) => !FAILED_TO_RUN.has(c.diagnosis))
    .map((c) => `<tr><td>${pct(c.share)}</td><td><b>${e(c.diagnosis)}</b> ${e(c.what)} in <code>${e(c.part)}</code></td><td>${c.students}</td><td class="ex">${e(c.example)}</td></tr>`)
    .join("\n");
  const failedRows = counts
    .filter((c) => FAILED_TO_RUN.has(c.diagnosis))
    .map((c) => `<tr><td><code>${e(c.part)}</code></td><td>${e(c.diagnosis)}</td><td>${c.students}</td><td class="ex">${e(c.example)}</td></tr>`)
    .join("\n");
  const late = book.rows.filter((r) => r.late.lateHours > 0);
  const lateRows = late.map((r) => `<tr><td>${e(r.id)}</td><td>${e(r.name)}</td><td>${r.late.lateHours}</td><td>${pct(r.late.penalty)}</td><td>${r.raw} → ${r.score}</td></tr>`).join("\n");
  const findingCounts = new Map<string, number>();
  for (const r of book.rows) for (const f of r.findings) findingCounts.set(f, (findingCounts.get(f) ?? 0) + 1);
  const findingRows = [...findingCounts].sort((a, b) => b[1] - a[1]).map(([f, n]) => `<tr><td>${e(f)}</td><td>${n}</td></tr>`).join("\n");
  const errors = book.rows.filter((r) => r.error !== null);
  const plots = figures.map((f) => `<div id="plot-${f.id}" class="plot"></div>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(book.assignment)}: class report</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; } td, th { padding: .3rem .6rem; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; }
td.ex { color: #57606a; font-size: .85rem; } code { background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; }
.stats span { margin-right: 2rem; } .plot { width: 100%; }
</style>
<script>${plotlyScript()}</script>
</head>
<body>
<h1>${e(book.assignment)}: class report</h1>
<p class="stats"><span>${book.rows.length} students</span><span>${graded.length} graded</span><span>mean ${Math.round(mean * 100) / 100} / ${book.maxScore}</span><span>median ${median}</span><span>${late.length} late</span><span>seed ${book.seed}</span></p>
${plots}
<h2>What the class got wrong</h2>
<p>For each part and quantity, the diagnosis the grader gave and the share of graded students who got it. Re-teach from the top.</p>
<table><tr><th>share</th><th>diagnosis</th><th>students</th><th>an example of what they read</th></tr>
${mistakeRows || '<tr><td colspan="4">No mistakes were diagnosed.</td></tr>'}
</table>
<h2>Parts that failed to run</h2>
<table><tr><th>part</th><th>why</th><th>students</th><th>example</th></tr>
${failedRows || '<tr><td colspan="4">Every part ran.</td></tr>'}
</table>
${errors.length ? `<p><b>${errors.length}</b> submission(s) could not be graded at all (${e(errors.map((r) => `${r.id}: ${r.error}`).slice(0, 10).join("; "))}).</p>` : ""}
<h2>Late work</h2>
<table><tr><th>id</th><th>name</th><th>hours late</th><th>penalty</th><th>score</th></tr>
${lateRows || '<tr><td colspan="5">No late submissions.</td></tr>'}
</table>
<h2>Findings</h2>
<table><tr><th>finding</th><th>students</th></tr>
${findingRows || '<tr><td colspan="2">None.</td></tr>'}
</table>
<script>
var figures = ${scriptSafeJson(figures)};
figures.forEach(function (f) { Plotly.newPlot("plot-" + f.id, f.data, f.layout, { displaylogo: false, responsive: true }); });
</script>
</body></html>
`;
}

export function writeClassReport(book: Gradebook, results: readonly GradeResult[], file: string): void {
  writeFileAtomic(file, classReportHtml(book, results));
}
