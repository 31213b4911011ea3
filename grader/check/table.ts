/**
 * A test's checks as readable text lines: what was compared, whether it met the threshold, and
 * the diagnosis with its hint. Used by `check()` in the notebook and by the Markdown feedback, so
 * the student reads the same words in both.
 */
import type { Diagnosis } from "../diagnose/diagnosis";
import type { Check } from "../tests/test_case";

export function formatError(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return "NaN";
  if (x === 0) return "0";
  return x.toExponential(1).replace("e-", "e-").replace("e+", "e+");
}

/** "dW ✓ (relError 2.2e-16)" or "dW ✗ transposed: …". */
export function checkLine(c: Check): string {
  if (c.passed) return `${c.what} ✓${c.relError !== undefined ? ` (relError ${formatError(c.relError)} < ${formatError(c.threshold)})` : ""}`;
  const d = c.diagnosis;
  const credit = c.credit > 0 ? " (earns its points)" : "";
  return `${c.what} ✗${credit}${d ? ` ${d.id}: ${d.message}` : ""}`;
}

export function diagnosisLines(d: Diagnosis, indent: string): string[] {
  return [`${indent}${d.id}: ${d.message}`, ...(d.hint ? [`${indent}hint: ${d.hint}`] : [])];
}

/**
 * One line per check, with the hint under a failure. Checks that failed for one and the same
 * reason (the same error raised, say "not implemented") share one line: "dx, dW, db ✗ …".
 */
export function checkLines(checks: readonly Check[], indent: string): string[] {
  const lines: string[] = [];
  const sameCause = (a: Check, b: Check): boolean =>
    !a.passed && !b.passed && a.credit === 0 && b.credit === 0 && a.relError === undefined && b.relError === undefined &&
    a.diagnosis !== undefined && b.diagnosis !== undefined && a.diagnosis.id === b.diagnosis.id &&
    JSON.stringify(a.diagnosis.evidence) === JSON.stringify(b.diagnosis.evidence);
  for (let i = 0; i < checks.length; ) {
    let j = i + 1;
    while (j < checks.length && sameCause(checks[i], checks[j])) j++;
    const c = checks[i];
    const names = checks.slice(i, j).map((x) => x.what).join(", ");
    lines.push(`${indent}${checkLine({ ...c, what: names })}`);
    if (!c.passed && c.diagnosis?.hint) lines.push(`${indent}  hint: ${c.diagnosis.hint}`);
    i = j;
  }
  return lines;
}
