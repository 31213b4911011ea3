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

export function checkLines(checks: readonly Check[], indent: string): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${indent}${checkLine(c)}`);
    if (!c.passed && c.diagnosis?.hint) lines.push(`${indent}  hint: ${c.diagnosis.hint}`);
  }
  return lines;
}
