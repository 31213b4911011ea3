/**
 * What a notebook says about itself in its opening Markdown cell: its title (the first
 * heading), its learning goals (the list after a "Learning goals" line) and its estimated time
 * (the text after "Estimated time"). The rendered course's index shows them. Parsing is
 * forgiving, because people write these lines in many ways:
 *
 *   # Momentum                              the title: the first "# " heading (any level)
 *   **Learning goals.** After this notebook you can:   a heading, bold text or a plain line
 *   - explain the heavy ball                 then "-", "*", "+" or "1." items; an indented
 *   - compare it with Nesterov's method        line continues the item above it
 *   *Estimated time: 40 minutes*             "Estimated time", "Time", optional ":" or "—"
 *
 * Whatever is missing is left out: a cell without goals gives none, a notebook without a
 * heading falls back to `metadata.title`, then to the file name.
 */
import { Notebook, sourceText } from "../notebook/nbformat";

export interface NotebookIntro {
  title: string;
  /** The learning goals, as Markdown (maths and code spans kept). */
  goals: string[];
  /** The estimated time as written, e.g. "40 minutes"; null when the notebook gives none. */
  time: string | null;
}

/** Markdown emphasis around a whole phrase (**x**, *x*, __x__, _x_) and a trailing colon or period, removed. */
function plain(text: string): string {
  let t = text.trim();
  for (;;) {
    const m = /^(\*\*|__|\*|_)(.*)\1$/.exec(t);
    if (!m) break;
    t = m[2].trim();
  }
  return t.replace(/^(\*\*|__|\*|_)+|(\*\*|__|\*|_)+$/g, "").trim();
}

const GOALS = /^(?:#{1,6}\s*)?(?:\*\*|__|\*|_)?\s*(?:learning\s+goals?|learning\s+objectives?|goals|objectives|you\s+will\s+learn)\b/i;
const TIME = /^(?:#{1,6}\s*)?(?:\*\*|__|\*|_)?\s*(?:estimated\s+time|time\s+needed|time)\s*(?:\*\*|__|\*|_)?\s*[:：—–-]\s*(.+)$/i;
const ITEM = /^\s{0,3}(?:[-*+]|\d{1,2}[.)])\s+(.*)$/;

/** The intro of a notebook (see the file comment); `fallbackTitle` is used when nothing better is found. */
export function notebookIntro(notebook: Notebook, fallbackTitle: string): NotebookIntro {
  const metaTitle = typeof notebook.metadata?.title === "string" && notebook.metadata.title.trim() !== "" ? notebook.metadata.title.trim() : null;
  const first = notebook.cells.find((c) => c.cell_type === "markdown");
  if (!first) return { title: metaTitle ?? fallbackTitle, goals: [], time: null };
  const lines = sourceText(first.source).split(/\r?\n/);

  const heading = lines.map((l) => /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(l)).find((m) => m !== null);
  // A title is shown as text: code ticks and emphasis markers go ("**Bold** `x`" → "Bold x").
  const titleText = (t: string): string => t.replace(/`/g, "").replace(/(\*\*|__)(.+?)\1/g, "$2").replace(/\*(\S(?:.*?\S)?)\*/g, "$1").trim();
  const title = heading ? titleText(heading[1]) : metaTitle ?? fallbackTitle;

  let time: string | null = null;
  for (const line of lines) {
    const m = TIME.exec(line.trim());
    if (m) {
      time = plain(m[1]).replace(/[.;]$/, "").trim() || null;
      break;
    }
  }

  const goals: string[] = [];
  const start = lines.findIndex((l) => GOALS.test(l.trim()));
  if (start >= 0) {
    let inList = false;
    for (const line of lines.slice(start + 1)) {
      const item = ITEM.exec(line);
      if (item) {
        goals.push(item[1].trim());
        inList = true;
      } else if (line.trim() === "") {
        if (inList) {
          // A blank line may separate items of a loose list; a list ends at the first other line.
          continue;
        }
      } else if (inList && /^\s{2,}\S/.test(line)) {
        goals[goals.length - 1] += ` ${line.trim()}`;
      } else if (inList || TIME.test(line.trim()) || /^#{1,6}\s/.test(line)) {
        break;
      }
      // Text between the goals line and its list ("After this notebook you can:") is skipped.
    }
    // "**Learning goals:** a, b and c." on one line, with no list after it: that text is the goal.
    if (goals.length === 0) {
      const rest = plain(lines[start].trim().replace(GOALS, "").replace(/^\s*(?:\*\*|__|\*|_)?\s*[.:：—–-]?\s*(?:\*\*|__|\*|_)?/, ""));
      if (rest !== "" && !/:$/.test(rest)) goals.push(rest);
    }
  }
  return { title, goals, time };
}
