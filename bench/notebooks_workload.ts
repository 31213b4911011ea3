/**
 * Executes every lecture notebook (notebooks/*.ipynb) with the embedded engine, as
 * `gradlab nb run` does, through the built tools (dist/tools/notebook/run_notebooks.js). The
 * executed copies go to a temporary folder; the notebooks themselves are not touched.
 *
 * Then the whole course once more with all cores (`gradlab nb run --jobs N`, N = the core count),
 * timed as one wall-clock span, beside the one-at-a-time total.
 *
 * The engine runs each notebook in a child process (tslab), whose memory is not in this
 * process's maxRSS: its peak (VmHWM) is sampled from /proc every 100 ms instead.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

interface RunResult {
  file: string;
  ok: boolean;
  summary: string;
}

type RunNotebooks = (
  files: string[],
  options: { engine: "embedded"; timeoutMs: number; allowErrors: boolean; inplace: boolean; output: string; log: (line: string) => void; jobs?: number },
) => Promise<RunResult[]>;

export interface NotebookRow {
  file: string;
  seconds: number;
  ok: boolean;
  summary: string;
}

export interface NotebooksResult {
  rows: NotebookRow[];
  totalSeconds: number;
  /** The whole course again, `jobs` notebooks at a time (`gradlab nb run --jobs N`), wall time. */
  parallel: { jobs: number; wallSeconds: number; failed: number };
  /** Largest peak RSS of an engine child process, in kB (sampled). */
  engineMaxRssKb: number;
}

/** Peak RSS (VmHWM, kB) of every live descendant of this process. */
function descendantsPeakKb(): number {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  let peak = 0;
  for (const pid of parent.keys()) {
    let p: number | undefined = pid;
    let depth = 0;
    while (p !== undefined && p !== process.pid && p > 1 && depth++ < 20) p = parent.get(p);
    if (p !== process.pid || pid === process.pid) continue;
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // ended
    }
  }
  return peak;
}

export async function benchNotebooks(root: string): Promise<NotebooksResult> {
  const dir = path.join(root, "notebooks");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort() : [];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { runNotebooks } = require(path.join(root, "dist", "tools", "notebook", "run_notebooks.js")) as { runNotebooks: RunNotebooks };
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bench-nb-"));
  let engineMaxRssKb = 0;
  const sampler = setInterval(() => {
    engineMaxRssKb = Math.max(engineMaxRssKb, descendantsPeakKb());
  }, 100);
  const rows: NotebookRow[] = [];
  let parallel: NotebooksResult["parallel"] = { jobs: 0, wallSeconds: 0, failed: 0 };
  try {
    for (const f of files) {
      const t0 = process.hrtime.bigint();
      const [r] = await runNotebooks([path.join(dir, f)], {
        engine: "embedded",
        timeoutMs: 300_000,
        allowErrors: false,
        inplace: false,
        output: out,
        log: () => undefined,
      });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      rows.push({ file: f, seconds, ok: r.ok, summary: r.summary.replace(out, "<tmp>") });
    }
    const jobs = os.availableParallelism();
    const parallelOut = path.join(out, "parallel");
    const t1 = process.hrtime.bigint();
    const all = await runNotebooks(files.map((f) => path.join(dir, f)), {
      engine: "embedded",
      timeoutMs: 300_000,
      allowErrors: false,
      inplace: false,
      output: parallelOut,
      log: () => undefined,
      jobs,
    });
    const wallSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    parallel = { jobs, wallSeconds, failed: all.filter((r) => !r.ok).length };
  } finally {
    clearInterval(sampler);
    fs.rmSync(out, { recursive: true, force: true });
  }
  return { rows, totalSeconds: rows.reduce((s, r) => s + r.seconds, 0), parallel, engineMaxRssKb };
}
