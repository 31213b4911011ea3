/**
 * `gradlab gradescope <assignment> [--out autograder.zip]` builds the Gradescope autograder, and
 * `gradlab gradescope-run <assignment> --submission DIR --results FILE` is what its
 * run_autograder calls inside Gradescope's container: it grades the notebook in DIR and writes
 * Gradescope's results.json. A submission that cannot be graded still gets a results.json that
 * says why, so the student sees it in Gradescope.
 */
import * as fs from "fs";
import * as path from "path";
import { closeCompilers } from "../grader/compile/compile";
import { buildGradescopeZip, gradescopeResults } from "../grader/export/gradescope";
import { gradeSubmission } from "../grader/grade";
import { writeFileAtomic } from "./util/atomic_write";

export async function gradescopeBuild(assignment: string, out: string): Promise<void> {
  const files = await buildGradescopeZip(assignment, out);
  console.log(`${out}: Gradescope autograder for ${assignment} (${files.length} files + setup.sh, run_autograder); upload it under "Configure Autograder" → "Zip file upload"`);
}

function pickNotebook(dir: string, assignment: string): string {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.toLowerCase().endsWith(".ipynb")) found.push(full);
    }
  };
  walk(dir);
  if (found.length === 1) return found[0];
  const named = found.filter((f) => path.basename(f) === `${assignment}.ipynb`);
  if (named.length === 1) return named[0];
  throw new Error(found.length === 0 ? "no .ipynb notebook was submitted" : `${found.length} notebooks were submitted (${found.map((f) => path.relative(dir, f)).join(", ")}); submit only ${assignment}.ipynb`);
}

export async function gradescopeRun(assignment: string, o: { submission: string; results: string }): Promise<void> {
  let results: unknown;
  try {
    const notebook = pickNotebook(o.submission, assignment);
    const result = await gradeSubmission({ assignment, submission: notebook });
    results = gradescopeResults(result);
  } catch (e) {
    results = { score: 0, output: `The autograder could not grade this submission: ${(e as Error).message}`, visibility: "visible", tests: [] };
  } finally {
    closeCompilers();
  }
  writeFileAtomic(o.results, JSON.stringify(results, null, 2) + "\n");
}
