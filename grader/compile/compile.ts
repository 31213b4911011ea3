/**
 * Compiles the cells the grader runs (the instructor's setup cells, then the student's answer
 * cells) with tslab's own converter, in the trusted process: the same TypeScript 5.0, the same
 * options and the same cell-to-cell declarations as the student's notebook, so a compile error
 * is reported at the cell and line where tslab showed it to the student.
 *
 * A cell that does not compile is left out, as tslab would not have run it; later cells see the
 * declarations of the cells that did compile only.
 *
 * The converter is tslab's own converter.js on plain TypeScript programs instead of builder
 * programs (tslab_converter.ts), which halves the cost of a cell; its output is tslab's, byte for byte.
 */
import * as path from "path";
import type { CompiledCell } from "../runner/protocol";
import { ConvertResult, TslabConverter, lightCreateConverter } from "./tslab_converter";

export interface SourceCell {
  id: string;
  source: string;
  role: "setup" | "answer";
}

export interface CompileError {
  cell: string;
  /** 1-based, within the cell, as Jupyter shows it. */
  line: number;
  column: number;
  message: string;
}

export interface CompileOutcome {
  compiled: CompiledCell[];
  errors: CompileError[];
  /** Cells left out because they did not compile. */
  failedCells: string[];
}

/** One converter per folder (it resolves "gradlab" from there), kept for the life of the process: starting one costs seconds. */
const converters = new Map<string, TslabConverter>();

function converterFor(rootDir: string): TslabConverter {
  const dir = path.resolve(rootDir);
  const existing = converters.get(dir);
  if (existing) return existing;
  // tslab's converter takes its root from the working directory at creation.
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const converter = lightCreateConverter()();
    converters.set(dir, converter);
    return converter;
  } finally {
    process.chdir(cwd);
  }
}

/** Closes every converter (their file watchers would keep the process alive). */
export function closeCompilers(): void {
  for (const c of converters.values()) c.close();
  converters.clear();
}

/** Compiled outputs keyed by (declarations so far, source): identical cells, such as the setup cells, compile once. */
const memo = new Map<string, ConvertResult>();

export function compileCells(cells: readonly SourceCell[], rootDir: string): CompileOutcome {
  const converter = converterFor(rootDir);
  const compiled: CompiledCell[] = [];
  const errors: CompileError[] = [];
  const failedCells: string[] = [];
  let prevDecl = "";
  for (const cell of cells) {
    const key = `${rootDir}\u0000${prevDecl}\u0000${cell.source}`;
    let result = memo.get(key);
    if (!result) {
      result = converter.convert(prevDecl, cell.source);
      if (memo.size > 5000) memo.clear();
      memo.set(key, result);
    }
    if (result.diagnostics.length > 0) {
      failedCells.push(cell.id);
      for (const d of result.diagnostics) {
        errors.push({ cell: cell.id, line: d.start.line + 1, column: d.start.character + 1, message: String(d.messageText) });
      }
      continue;
    }
    // As tslab does: the declaration output carries every earlier declaration forward.
    prevDecl = result.declOutput || "";
    if (result.output) compiled.push({ id: cell.id, js: result.output, async: result.hasToplevelAwait === true });
  }
  return { compiled, errors, failedCells };
}
