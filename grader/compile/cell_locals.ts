/**
 * The names a cell declares at its top level, as tslab reads them, without a program.
 *
 * tslab's converter compiles each cell twice: once as written, only to read the source file's
 * `locals` (the names the binder found), then again with `export { those names }` appended. The
 * first build is a whole program update (about a tenth of a cell's compile in a grading worker)
 * for what the binder alone decides: which top-level names a file declares depends on its own
 * syntax only, never on other files or types. So the grader parses and binds the cell by itself,
 * with the options and the file name the program would use, and builds the program once (nothing
 * else reads a file's `locals` before the type checker, which binds every file itself).
 * A cell that declares nothing keeps tslab's first build, which is then the one it compiles
 * with. light_builder.test.ts checks the output against tslab's own converter on every fixture
 * and on cells of every top-level shape.
 */
import type * as TS from "@tslab/typescript-for-tslab";

type Ts = typeof TS;

interface InternalTs {
  getEmitScriptTarget(options: TS.CompilerOptions): TS.ScriptTarget;
  getSetExternalModuleIndicator(options: TS.CompilerOptions): (file: TS.SourceFile) => void;
}

export function cellLocals(ts: Ts, fileName: string, text: string, options: TS.CompilerOptions): ReadonlyMap<string, unknown> {
  const internal = ts as unknown as Partial<InternalTs>;
  if (typeof internal.getEmitScriptTarget !== "function" || typeof internal.getSetExternalModuleIndicator !== "function") {
    throw new Error("cell_locals: this TypeScript lacks getEmitScriptTarget or getSetExternalModuleIndicator; the tslab version changed, see grader/compile/cell_locals.ts");
  }
  // What the program's host passes for a .ts file under moduleResolution node10 (no implied format).
  const file = ts.createSourceFile(fileName, text, {
    languageVersion: internal.getEmitScriptTarget(options),
    setExternalModuleIndicator: internal.getSetExternalModuleIndicator(options),
  });
  tsBinder(ts).bindSourceFile(file, options);
  return (file as unknown as { locals?: ReadonlyMap<string, unknown> }).locals ?? new Map();
}

/** TypeScript's binder, internal but exported by the 5.0 bundle tslab ships. */
function tsBinder(ts: Ts): { bindSourceFile(file: TS.SourceFile, options: TS.CompilerOptions): void } {
  const bind = (ts as unknown as { bindSourceFile?: unknown }).bindSourceFile;
  if (typeof bind !== "function") throw new Error("cell_locals: this TypeScript has no bindSourceFile; the tslab version changed, see grader/compile/cell_locals.ts");
  return { bindSourceFile: bind as (file: TS.SourceFile, options: TS.CompilerOptions) => void };
}
