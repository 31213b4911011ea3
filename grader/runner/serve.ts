/**
 * The runner's main loop: the only grader code that runs beside student code. It starts from
 * harness.ts (a plain Node start, the library sent as code) or from snapshot_entry.ts (a V8
 * startup snapshot that already holds the library, see snapshot.ts).
 *
 * It reads requests from fd 3 and writes answers to fd 4 (frames, see framing.ts); stdout and
 * stderr are the student's, captured and capped by the parent, so nothing printed can pass for
 * an answer. The first request brings the restricted library view (as code, or the id of the one
 * the snapshot holds: the runner may read no library file, so the implementations the assignment
 * forbids are simply not there), the banned names and the compiled cells. The harness runs the
 * cells as tslab does (each body gets the shared `exports` of top-level names and a `require`),
 * then answers `run` requests with a Workspace. It imports nothing from the grader but the
 * runner's own files.
 */
import * as fs from "fs";
import * as net from "net";
import * as vm from "vm";
import { FrameReader, encodeFrame } from "./framing";
import type { Attempt, ChildMessage, CompiledCell, InitMessage, ParentMessage } from "./protocol";
import { errorToWire, Workspace } from "./workspace";
import type { TensorClass } from "./wire";

const REQUEST_FD = 3;
const REPLY_FD = 4;
/** Modules graded code may import besides "gradlab": harmless helpers only. */
const ALLOWED_BUILTINS = new Set(["util", "assert", "events", "path", "string_decoder", "buffer", "perf_hooks", "timers", "url"]);

// The real require stays in this closure; cells get a restricted one, and the module object is hidden (serve).
const realRequire = require;

/** A library view evaluated before the runner started: in a startup snapshot, built by the grader. */
export interface PreloadedLibrary {
  id: string;
  exports: Record<string, unknown>;
}

let nonce = "";
const attempts: Attempt[] = [];

function send(message: ChildMessage): void {
  const frame = encodeFrame(message);
  let offset = 0;
  while (offset < frame.length) {
    try {
      offset += fs.writeSync(REPLY_FD, frame, offset, frame.length - offset);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
    }
  }
}

/** Evaluates the library view's CommonJS code without it ever being a file the student could read. */
export function loadLibrary(code: string): Record<string, unknown> {
  const wrapper = vm.runInThisContext(`(function (exports, require, module) {${code}\n})`, { filename: "gradlab (library view)" }) as (
    e: unknown,
    r: NodeRequire,
    m: { exports: unknown },
  ) => void;
  const module = { exports: {} as Record<string, unknown> };
  wrapper(module.exports, realRequire, module);
  return module.exports;
}

/**
 * The library exports that look an update rule up by its registry name, and which argument holds
 * the name: `new Optimizer(params, "adam")`, `createOptimizer("adam", ...)`, `train2d("adam", f)`.
 * They resolve the name inside the library, past the view, so a banned rule would still be
 * reachable through them; the view wraps them to refuse a banned rule's name.
 */
const RULE_NAME_ARGUMENT: Readonly<Record<string, number>> = { Optimizer: 1, createOptimizer: 0, train2d: 0 };

function guardRuleNames(lib: Record<string, unknown>, view: Record<string, unknown>, banned: readonly string[], assignment: string): void {
  const ruleNames = Array.isArray(lib.ruleNames) ? (lib.ruleNames as unknown[]) : [];
  const bannedRules = new Set(banned.filter((n) => ruleNames.includes(n)));
  if (bannedRules.size === 0) return;
  const refuse = (args: readonly unknown[], index: number): void => {
    const name = args[index];
    if (typeof name === "string" && bannedRules.has(name)) {
      attempts.push({ kind: "banned-name", what: name });
      throw new Error(`the update rule "${name}" from gradlab is not available in ${assignment}'s graded cells: this part asks you to write your own`);
    }
  };
  for (const [exported, index] of Object.entries(RULE_NAME_ARGUMENT)) {
    const target = view[exported];
    if (typeof target !== "function") continue;
    // A Proxy keeps the class a class (instanceof, subclassing, statics) and the function a function.
    view[exported] = new Proxy(target, {
      construct(t, args, newTarget) {
        refuse(args, index);
        return Reflect.construct(t, args, newTarget) as object;
      },
      apply(t, self, args) {
        refuse(args, index);
        return Reflect.apply(t, self, args) as unknown;
      },
    });
  }
}

/**
 * The library as the cells see it: every export, and for a banned name a getter that records the
 * attempt and throws; the exports that take an update rule's name refuse a banned rule's.
 */
function libraryView(lib: Record<string, unknown>, banned: readonly string[], assignment: string): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(lib)) view[key] = lib[key];
  guardRuleNames(lib, view, banned, assignment);
  for (const name of banned) {
    Object.defineProperty(view, name, {
      enumerable: false,
      get() {
        attempts.push({ kind: "banned-name", what: name });
        throw new Error(`${name} from gradlab is not available in ${assignment}'s graded cells: this part asks you to write your own`);
      },
    });
  }
  // Marked as an ES module, so TypeScript's `import * as lib` uses the view itself (with its
  // recording getters) instead of copying its enumerable names into a new object.
  Object.defineProperty(view, "__esModule", { value: true });
  return Object.freeze(view);
}

function cellRequire(view: Record<string, unknown>): (id: string) => unknown {
  return (id: string): unknown => {
    if (id === "gradlab") return view;
    if (id === "tslab") return { display: new Proxy({}, { get: () => () => undefined }) };
    const bare = id.startsWith("node:") ? id.slice(5) : id;
    if (ALLOWED_BUILTINS.has(bare)) return realRequire(bare);
    attempts.push({ kind: "import", what: id });
    throw new Error(`import of "${id}" is not allowed in graded code (only "gradlab" and ${[...ALLOWED_BUILTINS].join(", ")})`);
  };
}

/** tslab's exports object: a define is a plain assignment, so a later cell may redefine a name. */
function localsObject(): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  return new Proxy(target, {
    defineProperty: (_t, prop, attrs) => {
      if (prop === "__esModule") return true;
      target[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

let workspace: Workspace | null = null;

let preloaded: PreloadedLibrary | null = null;

/** The library the init message asks for: its code, or the id of the one this runner started with. */
function libraryFor(message: InitMessage): Record<string, unknown> {
  const { id, code } = message.library;
  if (code !== undefined) return loadLibrary(code);
  if (preloaded?.id === id) return preloaded.exports;
  // The grader's own mistake (a stale snapshot), never the student's: say so on stderr, which the parent reports.
  throw new Error(`gradlab runner: the grader asked for library view ${id} but this runner started with ${preloaded ? preloaded.id : "none"}`);
}

async function init(message: InitMessage): Promise<void> {
  nonce = message.nonce;
  const lib = libraryFor(message);
  const view = libraryView(lib, message.banned, message.assignment);
  const locals = localsObject();
  const require = cellRequire(view);
  const definedBy = new Map<string, string>();
  const failed = new Map<string, string>();
  for (const cell of message.cells) await runCell(cell, locals, require, definedBy, failed);
  workspace = new Workspace({
    locals,
    library: view,
    Tensor: lib.Tensor as TensorClass,
    testFunctions2d: lib.testFunctions2d as never,
    whyMissing: () => (failed.size ? `answer cell${failed.size > 1 ? "s" : ""} ${[...failed.keys()].map((c) => `"${c}"`).join(", ")} failed` : undefined),
  });
  send({ type: "ready", nonce, attempts: attempts.splice(0) });
}

async function runCell(
  cell: CompiledCell,
  locals: Record<string, unknown>,
  require: (id: string) => unknown,
  definedBy: Map<string, string>,
  failed: Map<string, string>,
): Promise<void> {
  send({ type: "cell", nonce, id: cell.id, phase: "start" });
  const before = new Set(Object.keys(locals));
  try {
    const prefix = cell.async ? "(async function (exports, require) {" : "(function (exports, require) {";
    const fn = vm.runInThisContext(`${prefix}${cell.js}\n})`, { filename: `answer cell ${cell.id}` }) as (e: unknown, r: unknown) => unknown;
    await fn(locals, require);
    // tslab keeps a cell's last expression under a generated name; it is not a definition.
    const defines = Object.keys(locals).filter((k) => !before.has(k) && !k.startsWith("tsLastExpr"));
    for (const name of defines) definedBy.set(name, cell.id);
    send({ type: "cell", nonce, id: cell.id, phase: "end", ok: true, defines });
  } catch (e) {
    failed.set(cell.id, String((e as Error)?.message ?? e));
    send({ type: "cell", nonce, id: cell.id, phase: "end", ok: false, error: errorToWire(e) });
  }
}

function handle(message: ParentMessage): Promise<void> | void {
  if (message.type === "init") return init(message);
  if (message.nonce !== nonce || !workspace) return;
  const replies = workspace.runAll(message.calls);
  send({ type: "results", nonce, seq: message.seq, replies, attempts: attempts.splice(0) });
}

/** Hides the module object and serves requests on fd 3 until the parent closes the pipe. */
export function serve(library: PreloadedLibrary | null): void {
  preloaded = library;
  try {
    Object.defineProperty(process, "mainModule", { value: undefined, configurable: false, writable: false });
  } catch {
    // Not fatal: the permission model still bounds what a real require could reach.
  }
  const reader = new FrameReader(256 * 1024 * 1024);
  const input = new net.Socket({ fd: REQUEST_FD, readable: true, writable: false });
  let queue: Promise<void> = Promise.resolve();
  input.on("data", (chunk: Buffer) => {
    for (const message of reader.push(chunk)) queue = queue.then(() => handle(message as ParentMessage));
  });
  // The parent closing the request pipe means the grading run is over.
  input.on("end", () => process.exit(0));
}
