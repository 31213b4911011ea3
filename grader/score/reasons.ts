/**
 * Why a whole part scored zero before any of its tests could be judged: its answer cell is
 * missing, did not compile, imports a forbidden library name, or failed while loading. Each is a
 * diagnosis the feedback shows at the top of the part.
 */
import type { Diagnosis } from "../diagnose/diagnosis";
import type { CompileError } from "../compile/compile";
import type { ImportUse } from "../compile/imports";

export function missingCell(cell: string): Diagnosis {
  return {
    id: "missing-cell",
    message: `the answer cell "${cell}" is missing from the submission, so this part could not run`,
    evidence: { cell },
    hint: "restore the cell from the release notebook and put your code back in it",
  };
}

export function compileFailed(cell: string, errors: readonly CompileError[]): Diagnosis {
  const first = errors.slice(0, 3).map((e) => `line ${e.line}:${e.column}: ${e.message}`);
  return {
    id: "compile-error",
    message: `the answer cell "${cell}" does not compile (${first.join("; ")}${errors.length > 3 ? `; and ${errors.length - 3} more` : ""}), so it did not run, as in your notebook`,
    evidence: { cell, errors: errors.map((e) => `${e.line}:${e.column} ${e.message}`) },
    hint: "run the cell in Jupyter: it shows the same errors at the same lines",
  };
}

export function usesBanned(cell: string, uses: readonly ImportUse[], assignment: string): Diagnosis {
  const banned = uses.filter((u) => u.kind === "banned-name");
  const names = [...new Set(banned.map((u) => u.what))];
  if (names.length > 0) {
    return {
      id: "banned-name",
      message: `the answer cell "${cell}" imports ${names.join(", ")} from gradlab (line ${banned[0].line}); ${assignment} asks you to write ${names.length > 1 ? "these" : "this"} yourself, so the part earns no credit`,
      evidence: { cell, names, line: banned[0].line },
      hint: `remove the import of ${names.join(", ")} and use your own implementation`,
    };
  }
  const other = uses[0];
  return {
    id: "blocked",
    message: `the answer cell "${cell}" imports ${other.kind === "dynamic" ? "a module by a computed name" : `"${other.what}"`} (line ${other.line}); graded code may import only "gradlab"`,
    evidence: { cell, what: other.what, line: other.line },
  };
}
