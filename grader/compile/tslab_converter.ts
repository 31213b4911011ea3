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
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type * as TS from "@tslab/typescript-for-tslab";
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
  const source = fs.readFileSync(file, "utf8");
  const wrapper = new Function("exports", "require", "module", "__filename", "__dirname", source) as (
    exports: object,
    require: (id: string) => unknown,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} as { createConverter?: CreateConverter } };
  const localRequire = (id: string): unknown => (id === TYPESCRIPT ? patched : requireFromTslab(id));
  wrapper(module.exports, localRequire, module, file, path.dirname(file));
  if (typeof module.exports.createConverter !== "function") throw new Error(`tslab_converter: ${file} no longer exports createConverter; check the tslab version`);
  light = module.exports.createConverter;
  return light;
}
