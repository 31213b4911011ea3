/**
 * A lighter "builder program" for tslab's converter in the grader.
 *
 * tslab's converter compiles a cell by updating two virtual files and letting a TypeScript watch
 * program rebuild; by default the watch program wraps every new program in an
 * EmitAndSemanticDiagnosticsBuilderProgram, whose state (file versions, signatures, the map of
 * references between all ~300 files: lib.d.ts, @types/node, the library's declarations) is built
 * anew for every rebuild, twice per cell. The converter uses that state for one thing only: the
 * list of a cell's .ts/.js dependencies. Measured on a warm converter, building it is about half
 * of the ~35 ms a cell takes to compile.
 *
 * This builder is the plain program (created with the previous one as `oldProgram`, so unchanged
 * files are reused as before) behind the methods the watch program and the converter call. The
 * program, and so every diagnostic and every byte emitted, is the one tslab builds; the
 * equivalence with tslab's own builder is tested on every fixture and release notebook
 * (light_builder.test.ts).
 */
import type * as TS from "@tslab/typescript-for-tslab";

type Ts = typeof TS;

/** The builder as the watch program uses it: `getProgramOrUndefined` and `releaseProgram` are internal to TypeScript. */
type WatchedBuilder = TS.EmitAndSemanticDiagnosticsBuilderProgram & { getProgramOrUndefined(): TS.Program | undefined; releaseProgram(): void };

export function createLightBuilderProgram(ts: Ts): TS.CreateProgram<TS.EmitAndSemanticDiagnosticsBuilderProgram> {
  return (rootNames, options, host, oldBuilder, configFileParsingDiagnostics, projectReferences) => {
    const oldProgram = (oldBuilder as WatchedBuilder | undefined)?.getProgramOrUndefined();
    // The watch program calls this with no root names when only the config diagnostics changed.
    const program = ts.createProgram({
      rootNames: rootNames ?? oldProgram?.getRootFileNames() ?? [],
      options: options ?? oldProgram?.getCompilerOptions() ?? {},
      host,
      oldProgram,
      configFileParsingDiagnostics,
      projectReferences,
    });
    return lightBuilder(program);
  };
}

function lightBuilder(program: TS.Program): TS.EmitAndSemanticDiagnosticsBuilderProgram {
  const builder: Partial<WatchedBuilder> = {
    getProgram: () => program,
    getProgramOrUndefined: () => program,
    releaseProgram: () => undefined,
    getCompilerOptions: () => program.getCompilerOptions(),
    getSourceFile: (fileName) => program.getSourceFile(fileName),
    getSourceFiles: () => program.getSourceFiles(),
    getOptionsDiagnostics: (token) => program.getOptionsDiagnostics(token),
    getGlobalDiagnostics: (token) => program.getGlobalDiagnostics(token),
    getConfigFileParsingDiagnostics: () => program.getConfigFileParsingDiagnostics(),
    getSyntacticDiagnostics: (file, token) => program.getSyntacticDiagnostics(file, token),
    getDeclarationDiagnostics: (file, token) => program.getDeclarationDiagnostics(file, token),
    getSemanticDiagnostics: (file, token) => program.getSemanticDiagnostics(file, token),
    emit: (file, writeFile, token, emitOnlyDts, transformers) => program.emit(file, writeFile, token, emitOnlyDts, transformers),
    getCurrentDirectory: () => program.getCurrentDirectory(),
    // Nothing is pending between rebuilds: the converter emits the one file it asks for.
    getSemanticDiagnosticsOfNextAffectedFile: () => undefined,
    emitNextAffectedFile: () => undefined,
    getAllDependencies: (file) => allDependencies(program, file),
  };
  return builder as TS.EmitAndSemanticDiagnosticsBuilderProgram;
}

/**
 * The file and the source files it imports, directly or not (what the builder's reference map
 * gives). Declaration files are included as the builder does; the converter keeps only .ts/.js.
 */
function allDependencies(program: TS.Program, file: TS.SourceFile): string[] {
  const seen = new Set<string>();
  const queue: TS.SourceFile[] = [file];
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (seen.has(current.fileName)) continue;
    seen.add(current.fileName);
    for (const name of referencedFileNames(current)) {
      const next = program.getSourceFile(name);
      if (next && !seen.has(next.fileName)) queue.push(next);
    }
  }
  return [...seen];
}

interface ResolvedModuleCache {
  forEach(cb: (resolved: { resolvedModule?: { resolvedFileName: string } } | undefined) => void): void;
}

/** Files a source file refers to: its resolved imports and its `/// <reference path>`s. */
function referencedFileNames(file: TS.SourceFile): string[] {
  const names: string[] = [];
  // TypeScript 5.0 keeps a file's resolved imports on the file (an internal field, stable across 5.0.x).
  const resolved = (file as unknown as { resolvedModules?: ResolvedModuleCache }).resolvedModules;
  resolved?.forEach((r) => {
    if (r?.resolvedModule) names.push(r.resolvedModule.resolvedFileName);
  });
  for (const ref of file.referencedFiles) names.push(resolvePath(file, ref.fileName));
  return names;
}

function resolvePath(from: TS.SourceFile, relative: string): string {
  const dir = from.fileName.slice(0, from.fileName.lastIndexOf("/") + 1);
  return dir + relative;
}
