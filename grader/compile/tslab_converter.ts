/**
 * tslab's converter, loaded for the grader: the same converter.js, the same TypeScript 5.0, the
 * same compiler options and cell semantics as the student's kernel, with one change: its watch
 * program builds plain programs (light_builder.ts) instead of builder programs.
 *
 * TypeScript's exports are read-only getters, so the change cannot be patched in; instead this
 * module evaluates a private copy of converter.js whose `require("@tslab/typescript-for-tslab")`
 * returns TypeScript with `createWatchCompilerHost` given the light builder. Every other module,
 * and every other user of tslab in this process (a notebook engine, the jest tests), keeps the
 * stock converter.
 *
 * The copy has a second change, in its text: `convert` reads a cell's top-level names from the
 * cell parsed and bound alone (cell_locals.ts) instead of from a first program build.
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type * as TS from "@tslab/typescript-for-tslab";
import { cellLocals } from "./cell_locals";
import { createLightBuilderProgram } from "./light_builder";

export interface TslabDiagnostic {
  start: { line: number; character: number };
  messageText: string;
}

export interface ConvertResult {
  output?: string;
  declOutput?: string;
  diagnostics: TslabDiagnostic[];
  hasToplevelAwait?: boolean;
}

export interface TslabConverter {
  convert(prevDecl: string, src: string): ConvertResult;
  close(): void;
}

type CreateConverter = () => TslabConverter;

const TYPESCRIPT = "@tslab/typescript-for-tslab";

/** tslab's own converter, as its kernel creates it. */
export function stockCreateConverter(): CreateConverter {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require("tslab/dist/converter") as { createConverter: CreateConverter }).createConverter;
}

let light: CreateConverter | null = null;

/** tslab's converter on plain programs; loaded once per process. */
export function lightCreateConverter(): CreateConverter {
  if (light) return light;
  const file = require.resolve("tslab/dist/converter");
  const requireFromTslab = createRequire(file);
  const ts = requireFromTslab(TYPESCRIPT) as typeof TS;
  const lightBuilder = createLightBuilderProgram(ts);
  // Everything TypeScript exports, as getters of its own (tslab's __importStar copies own
  // properties only), and a createWatchCompilerHost of ours.
  const patched: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) {
    if (key !== "createWatchCompilerHost") Object.defineProperty(patched, key, { enumerable: true, get: () => (ts as unknown as Record<string, unknown>)[key] });
  }
  Object.defineProperty(patched, "createWatchCompilerHost", {
    enumerable: true,
    value: (...args: unknown[]) => {
      // The files-and-options overload, as tslab calls it: (rootFiles, options, system, createProgram, ...).
      if (!Array.isArray(args[0])) throw new Error("tslab_converter: tslab called createWatchCompilerHost with a config file, which the grader does not expect");
      args[3] = lightBuilder;
      return (ts.createWatchCompilerHost as (...a: unknown[]) => unknown)(...args);
    },
  });
  const source = withoutFirstBuild(fs.readFileSync(file, "utf8"), file);
  const wrapper = new Function("exports", "require", "module", "__filename", "__dirname", CELL_LOCALS, source) as (
    exports: object,
    require: (id: string) => unknown,
    module: { exports: object },
    filename: string,
    dirname: string,
    locals: (fileName: string, text: string, options: TS.CompilerOptions) => ReadonlyMap<string, unknown>,
  ) => void;
  const module = { exports: {} as { createConverter?: CreateConverter } };
  const localRequire = (id: string): unknown => (id === TYPESCRIPT ? patched : requireFromTslab(id));
  wrapper(module.exports, localRequire, module, file, path.dirname(file), (fileName, text, options) => cellLocals(ts, fileName, text, options));
  if (typeof module.exports.createConverter !== "function") throw new Error(`tslab_converter: ${file} no longer exports createConverter; check the tslab version`);
  light = module.exports.createConverter;
  return light;
}

/** The name under which the private converter.js sees cellLocals. */
const CELL_LOCALS = "__gradlabCellLocals";

/** convert()'s first program build, whose only use is the cell's top-level names (its `locals`). */
const FIRST_BUILD = [
  "        updateContent(prevDecl, src);",
  "        let declsFile = builder.getSourceFile(declFilename);",
  "        let srcFile = builder.getSourceFile(srcFilename);",
  "        const locals = srcFile.locals;",
].join("\n");

/**
 * The names come from the cell bound alone; only a cell that declares none is built as written,
 * since that build is then the one tslab compiles it with. When the names are there, tslab's next
 * lines build again with `export {…}` appended and replace declsFile and srcFile, so the stale
 * ones read here are never used.
 */
const NAMES_FIRST = [
  `        const locals = ${CELL_LOCALS}(srcFilename, src, builder.getCompilerOptions());`,
  "        if (locals.size === 0) updateContent(prevDecl, src);",
  "        let declsFile = builder.getSourceFile(declFilename);",
  "        let srcFile = builder.getSourceFile(srcFilename);",
].join("\n");

function withoutFirstBuild(source: string, file: string): string {
  const at = source.indexOf(FIRST_BUILD);
  if (at < 0 || source.indexOf(FIRST_BUILD, at + 1) >= 0) {
    throw new Error(`tslab_converter: ${file} no longer has convert()'s first build as tslab 1.0.22 wrote it; check the tslab version (see grader/compile/tslab_converter.ts)`);
  }
  return source.slice(0, at) + NAMES_FIRST + source.slice(at + FIRST_BUILD.length);
}
