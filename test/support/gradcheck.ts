import { GradcheckReport } from "../../lib/check/gradcheck";

/**
 * Asserts the whole gradcheck report, not only each relError: it passed, it checked the named
 * tensors in that order and every coordinate of each, the errors are below the report's
 * tolerance, and every parameter gradient accumulates (+=) rather than being overwritten.
 */
export function expectGradcheckPasses(report: GradcheckReport, names: string[], tol = 1e-7): void {
  expect(report.entries.map((e) => e.name)).toEqual(names);
  expect(report.tol).toBe(tol);
  for (const e of report.entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    expect({ name: e.name, ok: e.ok, accumulates: e.accumulates, checked: e.checked }).toEqual({ name: e.name, ok: true, accumulates: true, checked: size });
    expect(e.relError).toBeLessThan(tol);
  }
  expect(report.ok).toBe(true);
  expect(report.toString()).toMatch(/: passed \(tolerance/);
}
