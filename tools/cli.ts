#!/usr/bin/env node
/**
 * `gradlab`: the command-line tools of the course (also `npx gradlab`, `npm start`).
 * Every command has --help.
 */
import { Command, InvalidArgumentError } from "commander";
import { notebookText, clearOutputs, hasOutputs } from "./notebook/clear";
import { convertNotebookFile } from "./notebook/convert";
import { readNotebook } from "./notebook/read";
import { runNotebooks } from "./notebook/run_notebooks";
import { STATIC_IMAGE_FORMATS, StaticImageFormat } from "./notebook/static_images";
import { installKernelSpec } from "./jupyter/kernel_spec";
import { start } from "./start";
import { assign } from "./assign";
import { gradeCommand } from "./grade_command";
import { BatchCommandOptions, batchCommand } from "./batch_command";
import { handBack } from "../grader/batch/handback";
import { gradescopeBuild, gradescopeRun } from "./gradescope_command";
import * as fs from "fs";
import * as os from "os";
import { writeFileAtomic } from "./util/atomic_write";
import { findRepoRoot } from "../lib/util/repo_root";

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of seconds, got "${value}"`);
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

function seedNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new InvalidArgumentError(`expected an integer seed 0 … 2^32 − 1, got "${value}"`);
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port number 0-65535 (0: any free port), got "${value}"`);
  return n;
}

interface RunCommandOptions {
  engine: string;
  server?: string;
  token?: string;
  root?: string;
  timeout: number;
  allowErrors: boolean;
  inplace: boolean;
  output?: string;
  images?: string;
  chromium?: string;
  jobs?: number;
}

const program = new Command("gradlab").description("gradlab: notebooks, assignments and grading for a first deep-learning course");

program
  .command("start")
  .description("open the course: Jupyter with the tslab kernel if installed, else the executed course as HTML on localhost")
  .option("--port <n>", "port to listen on (0: any free port)", port)
  .option("--rendered", "serve the executed course as HTML even if Jupyter is installed", false)
  .action(async (opts: { port?: number; rendered: boolean }) => start(opts));

program
  .command("kernel")
  .description("register the tslab kernel for this repository only (under .jupyter-local/) and print the environment to use it")
  .action(() => {
    const { env, kernelJson } = installKernelSpec(findRepoRoot());
    console.log(`kernel spec written to ${kernelJson}`);
    for (const [k, v] of Object.entries(env)) console.log(`export ${k}=${v}`);
  });

const nb = program.command("nb").description("notebook tools: run, convert, validate, clear");

nb.command("run")
  .description("execute notebooks top to bottom and write the executed notebooks")
  .argument("<notebooks...>", "notebook files")
  .option("--engine <engine>", "embedded (tslab in a child process) or jupyter (a running Jupyter server)", "embedded")
  .option("--server <url>", "with --engine jupyter: the server's base URL, e.g. http://127.0.0.1:8888/")
  .option("--token <token>", "with --engine jupyter: the server's token")
  .option("--root <dir>", "with --engine jupyter: the folder the server serves (default: this repository)")
  .option("--timeout <seconds>", "time limit per cell", positiveNumber, 120)
  .option("--allow-errors", "keep running after a failing cell (the notebook still records the error)", false)
  .option("--inplace", "overwrite the notebooks", false)
  .option("--output <path>", "output file (one notebook) or folder")
  .option("--images <format>", "also store a static picture of every plot (png or svg, drawn in headless Chromium), for viewers that run no scripts such as GitHub")
  .option("--chromium <path>", "with --images: the Chromium to draw with (default: $GRADLAB_CHROMIUM, else /usr/bin/chromium)")
  .option("--jobs <n>", "notebooks run at once, one kernel each (default: the number of cores)", positiveInteger)
  .action(async (files: string[], o: RunCommandOptions) => {
    if (o.images !== undefined && !STATIC_IMAGE_FORMATS.includes(o.images as StaticImageFormat)) {
      throw new InvalidArgumentError(`unknown image format "${o.images}"; use png or svg`);
    }
    if (o.engine !== "embedded" && o.engine !== "jupyter") throw new InvalidArgumentError(`unknown engine "${o.engine}"; use embedded or jupyter`);
    if (o.engine === "jupyter" && (!o.server || !o.token)) throw new InvalidArgumentError("--engine jupyter needs --server URL and --token TOKEN");
    const server = o.server && o.token ? { baseUrl: o.server.endsWith("/") ? o.server : `${o.server}/`, token: o.token, rootDir: o.root ?? findRepoRoot() } : undefined;
    const images = o.images as StaticImageFormat | undefined;
    const results = await runNotebooks(files, { engine: o.engine, server, timeoutMs: o.timeout * 1000, allowErrors: o.allowErrors, inplace: o.inplace, output: o.output, images, chromium: o.chromium, jobs: o.jobs ?? os.availableParallelism() });
    const failed = results.filter((r) => !r.ok).length;
    console.error(`${results.length - failed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  });

nb.command("convert")
  .description("convert notebooks to a self-contained HTML page or to Markdown, as nbconvert does")
  .argument("<notebooks...>", "notebook files")
  .requiredOption("--to <format>", "html or markdown")
  .option("--output-dir <dir>", "write the files here instead of beside the notebooks")
  .action((files: string[], o: { to: string; outputDir?: string }) => {
    if (o.to !== "html" && o.to !== "markdown") throw new InvalidArgumentError(`unknown format "${o.to}"; use html or markdown`);
    for (const file of files) console.log(convertNotebookFile(file, { to: o.to, outputDir: o.outputDir }));
  });

nb.command("validate")
  .description("check notebooks against the nbformat 4.5 schema, naming the failing path")
  .argument("<notebooks...>", "notebook files")
  .action((files: string[]) => {
    let bad = 0;
    for (const file of files) {
      try {
        readNotebook(file);
        console.log(`${file}: valid`);
      } catch (e) {
        bad++;
        console.error((e as Error).message);
      }
    }
    process.exitCode = bad ? 1 : 0;
  });

nb.command("clear")
  .description("strip outputs and execution counts, for committing")
  .argument("<notebooks...>", "notebook files")
  .option("--check", "change nothing; exit 1 if any notebook has outputs", false)
  .action((files: string[], o: { check: boolean }) => {
    let dirty = 0;
    for (const file of files) {
      const notebook = readNotebook(file);
      if (!hasOutputs(notebook)) continue;
      dirty++;
      if (o.check) console.error(`${file}: has outputs (run: gradlab nb clear ${file})`);
      else {
        writeFileAtomic(file, notebookText(clearOutputs(notebook)));
        console.log(`${file}: cleared`);
      }
    }
    if (o.check) process.exitCode = dirty ? 1 : 0;
  });

program
  .command("assign")
  .description("write each assignment's release notebook (solutions stubbed, hidden tests removed, outputs cleared) and its instructor-side manifest")
  .argument("[assignments...]", "assignment names (default: all under assignments/)")
  .option("--check", "write nothing; exit 1 if a committed release or manifest is stale", false)
  .action((names: string[], o: { check: boolean }) => {
    const reports = assign(names, { check: o.check });
    let stale = 0;
    for (const r of reports) {
      if (r.changed.length === 0) console.log(`${r.assignment}: up to date (${r.totalPoints} points)`);
      else if (o.check) {
        stale++;
        for (const f of r.changed) console.error(`${r.assignment}: ${f} is stale; regenerate it with: gradlab assign ${r.assignment}`);
      } else for (const f of r.changed) console.log(`${r.assignment}: wrote ${f}`);
    }
    process.exitCode = stale ? 1 : 0;
  });

program
  .command("grade")
  .description("grade one submission (.ipynb), or a whole class: a folder of submissions or the zip an LMS hands out")
  .argument("<assignment>", "assignment name, e.g. a1-backprop")
  .argument("<submission>", "the student's .ipynb, or a folder / .zip of submissions")
  .requiredOption("--out <dir>", "one submission: folder for result.json, feedback.md, feedback.html; a class: the batch folder")
  .option("--seed <n>", "seed of the hidden tests' inputs (default: fresh, recorded; a batch keeps its first seed)", seedNumber)
  .option("--jobs <n>", "a class: grading processes in parallel (default: the number of cores)", positiveInteger)
  .option("--force", "a class: grade again even the submissions that did not change", false)
  .option("--only <id>", "a class: grade only this student (repeat for more)", collect, [] as string[])
  .option("--roster <csv>", "a class: roster CSV (id, name, email, canvas_id, moodle_id, login) to match files to students")
  .option("--due <date>", "a class: due date, ISO 8601 (e.g. 2026-12-01T23:59:00Z)")
  .option("--late <policy>", "a class: none, zero, percent-per-day:P or percent-per-hour:P (default: none)")
  .option("--grace <duration>", "a class: grace period after the due date, e.g. 15m, 2h (default: 0s)")
  .option("--extensions <csv>", "a class: per-student extensions (id, due or extra)")
  .option("--times <csv>", "a class: submission times (id, submitted_at) as the LMS exports them; default: the files' times")
  .option("--canvas-column <name>", 'a class: the assignment\'s column in Canvas, e.g. "A1 Backprop (123456)", for canvas.csv')
  .option("--replace-gradebook", "a class: allow a gradebook with fewer students to replace the existing one", false)
  .addHelpText("after", "\nA batch remembers its --roster, --due, --late, --grace, --extensions, --times and --canvas-column\n(in DIR/settings.json): resume with just the assignment, the input and --out.")
  .action(async (assignment: string, submission: string, o: BatchCommandOptions & { seed?: number }) => {
    const isBatch = fs.existsSync(submission) && (fs.statSync(submission).isDirectory() || submission.toLowerCase().endsWith(".zip"));
    if (isBatch) await batchCommand(assignment, submission, o);
    else await gradeCommand(assignment, submission, o);
  });

program
  .command("feedback")
  .description("copy every student's feedback (HTML and Markdown) out of a graded batch folder, one folder per student, ready to hand back")
  .argument("<batch>", "the --out folder of a batch")
  .requiredOption("--to <dir>", "where the students' folders go")
  .action((batch: string, o: { to: string }) => {
    const ids = handBack(batch, o.to);
    console.log(`feedback for ${ids.length} students in ${o.to}/<id>/feedback.html and feedback.md`);
  });

program
  .command("gradescope")
  .description("build the Gradescope autograder zip of an assignment (setup.sh, run_autograder and the grader)")
  .argument("<assignment>", "assignment name")
  .option("--out <zip>", "the zip to write", "autograder.zip")
  .action(async (assignment: string, o: { out: string }) => gradescopeBuild(assignment, o.out));

program
  .command("gradescope-run", { hidden: true })
  .description("what the autograder's run_autograder calls in Gradescope's container")
  .argument("<assignment>", "assignment name")
  .requiredOption("--submission <dir>", "the folder with the student's files (/autograder/submission)")
  .requiredOption("--results <file>", "results.json to write (/autograder/results/results.json)")
  .action(async (assignment: string, o: { submission: string; results: string }) => gradescopeRun(assignment, o));

program.parseAsync(process.argv).catch((e: unknown) => {
  // Bad input is one clear line, not a stack trace.
  console.error(`gradlab: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
