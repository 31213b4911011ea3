/**
 * Grading speed (issues 9 and 10), through the built grader:
 *
 * - one a1 submission, **cold**: a fresh process grades it (tslab's converter starts, the
 *   contained runner starts, every test runs), timed from the outside;
 * - one a1 submission, **warm**: this process grades distinct submissions one after another on
 *   one core; each answer cell carries a comment of its own, so every cell is compiled again, as
 *   for real students' code (only the instructor's setup cell repeats);
 * - a **class** of 300 generated a1 submissions (60% working, the rest every fixture's mistake
 *   and attack in turn; every answer cell of every student differs, as in a real class) through
 *   `gradlab grade … --jobs 2`, timed from the outside.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface GradingResult {
  coldSeconds: number;
  warmSeconds: number;
  warmSamples: number;
  classSize: number;
  classJobs: number;
  classSeconds: number;
  classFailed: number;
  /**
   * CPU seconds the whole machine spent per submission during the class batch (every process:
   * the pool's graders and the contained runners, whose usage no parent can collect because
   * they are killed), from /proc/stat; null where there is none. With C cores, n submissions
   * in T seconds allow at most C·T/n of it.
   */
  classCpuPerSubmission: number | null;
  classCores: number;
}

/** CPU time the machine has spent busy so far, seconds (Linux /proc/stat), or null. */
function machineBusySeconds(): number | null {
  try {
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields[7] ?? 0);
    return busy / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

type Grade = (o: { assignment: string; submission: string; seed?: number }) => Promise<{ score: number }>;

/** A copy of the reference submission with a unique comment at the top of every answer cell. */
function uniqueCopy(reference: string, out: string, tag: string): void {
  const nb = JSON.parse(fs.readFileSync(reference, "utf8")) as { cells: { source: string[]; metadata: { nbgrader?: { solution?: boolean } } }[] };
  for (const c of nb.cells) if (c.metadata.nbgrader?.solution) c.source.unshift(`// ${tag}\n`);
  fs.writeFileSync(out, JSON.stringify(nb));
}

export async function benchGrading(root: string): Promise<GradingResult> {
  const dist = path.join(root, "dist");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bench-grading-"));
  try {
    /* eslint-disable @typescript-eslint/no-var-requires */
    const { parseFixture, buildFixture } = require(path.join(dist, "grader", "fixtures", "build.js"));
    const { assignmentFiles } = require(path.join(dist, "grader", "assignment", "load.js"));
    const { generateClass } = require(path.join(dist, "grader", "fixtures", "class.js"));
    const { gradeSubmission } = require(path.join(dist, "grader", "grade.js")) as { gradeSubmission: Grade };
    const { closeCompilers } = require(path.join(dist, "grader", "compile", "compile.js"));
    /* eslint-enable @typescript-eslint/no-var-requires */
    const files = assignmentFiles("a1-backprop", root);
    const reference = path.join(tmp, "reference.ipynb");
    buildFixture(parseFixture(path.join(root, "grader", "fixtures", "a1-backprop", "reference.cells")), files.source, files.release, reference);
    const cli = path.join(dist, "tools", "cli.js");

    const coldFile = path.join(tmp, "cold.ipynb");
    uniqueCopy(reference, coldFile, "cold");
    const t0 = Date.now();
    const cold = spawnSync(process.execPath, [cli, "grade", "a1-backprop", coldFile, "--out", path.join(tmp, "cold"), "--seed", "1"], { encoding: "utf8", cwd: tmp });
    const coldSeconds = (Date.now() - t0) / 1000;
    if (cold.status !== 0 || !/20 \/ 20 points/.test(cold.stdout)) throw new Error(`grading the cold submission failed: ${cold.stdout}${cold.stderr}`);

    await gradeSubmission({ assignment: "a1-backprop", submission: reference, seed: 1 }); // warm up: converter, library view
    const samples = 8;
    let warm = 0;
    for (let i = 0; i < samples; i++) {
      const file = path.join(tmp, `warm-${i}.ipynb`);
      uniqueCopy(reference, file, `student ${i}`);
      const t = Date.now();
      const r = await gradeSubmission({ assignment: "a1-backprop", submission: file, seed: 1 });
      warm += (Date.now() - t) / 1000;
      if (r.score !== 20) throw new Error(`a warm submission scored ${r.score}, not 20`);
    }
    closeCompilers();

    const classSize = 300;
    const classJobs = 2;
    const canary = path.join(tmp, "canary");
    fs.mkdirSync(canary);
    const cls = generateClass("a1-backprop", classSize, path.join(tmp, "class"), { correctShare: 0.6, vars: { repo: root, port: "9", canary } });
    const t1 = Date.now();
    const busy0 = machineBusySeconds();
    const batch = spawnSync(process.execPath, [cli, "grade", "a1-backprop", path.join(tmp, "class"), "--out", path.join(tmp, "out"), "--jobs", String(classJobs), "--seed", "1", "--roster", cls.roster], { encoding: "utf8", cwd: tmp });
    const classSeconds = (Date.now() - t1) / 1000;
    const busy1 = machineBusySeconds();
    const classCpuPerSubmission = busy0 !== null && busy1 !== null ? (busy1 - busy0) / classSize : null;
    const m = /(\d+) failed to run/.exec(batch.stdout);
    if (batch.status !== 0 || !m) throw new Error(`the class batch failed: ${batch.stdout}${batch.stderr}`);
    return { coldSeconds, warmSeconds: warm / samples, warmSamples: samples, classSize, classJobs, classSeconds, classFailed: Number(m[1]), classCpuPerSubmission, classCores: os.availableParallelism() };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
