/**
 * An assignment as its author declares it, in `assignments/<name>/assignment.ts`: its parts
 * (each a test cell of the source notebook, whose nbgrader `points` it carries), the answer cells
 * each part needs, the library names the graded cells may not use, and time limits. Its tests
 * are in `tests/public.ts` (also run by `check()` in the student's notebook) and
 * `tests/hidden.ts` (grader only).
 */

export interface PartSpec {
  /** The grade_id of the part's test cell, e.g. "linear_bprop". */
  id: string;
  /** A title for feedback, e.g. "Linear: bprop". */
  title: string;
  /** The answer cells (grade_ids) whose code this part calls. */
  cells: string[];
}

export interface Limits {
  /** Time for one cell's top level to run when the runner loads the cells. */
  cellMs: number;
  /** Time for all calls of one test. */
  testMs: number;
  /** Time for the whole submission, after which the remaining parts score zero. */
  submissionMs: number;
}

export const DEFAULT_LIMITS: Limits = { cellMs: 10_000, testMs: 10_000, submissionMs: 120_000 };

export interface AssignmentSpec {
  name: string;
  title: string;
  /**
   * Library exports the graded cells may not use: the library's own implementations of what the
   * assignment grades. The runner's view of the library leaves them out.
   */
  banned: string[];
  parts: PartSpec[];
  limits?: Partial<Limits>;
}
