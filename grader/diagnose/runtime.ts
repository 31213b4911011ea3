/**
 * Diagnoses of a run that did not return a value: the student's code threw (the stub's
 * "not implemented", a refused permission, a banned library name, memory, any other error), or the
 * runner itself failed (a timeout, the process exiting or crashing, a broken channel).
 */
import type { Diagnosis } from "./diagnosis";
import { formatNumber } from "./format";

/** An error thrown in the runner, as it reports it (the runner's WireError has this shape). */
export interface ErrorRecord {
  name: string;
  message: string;
  /** Node's error code, e.g. ERR_ACCESS_DENIED from the permission model. */
  code?: string;
  /** The permission model's refused permission ("FileSystemRead", "ChildProcess", ...) and resource. */
  permission?: string;
  resource?: string;
  /** Stack frames inside the student's cells only. */
  frames: string[];
}

/** How the runner failed (the runner's RunnerFailure has this shape). */
export type RunnerFailure =
  | { kind: "timeout"; limitMs: number }
  | { kind: "exited"; code: number | null; signal: string | null; outOfMemory: boolean }
  | { kind: "protocol"; message: string };

const MAX_TEXT = 300;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function isOutOfMemory(error: ErrorRecord): boolean {
  return (
    (error.name === "RangeError" && /Array buffer allocation failed|Invalid typed array length|Invalid array length/.test(error.message)) ||
    /heap out of memory/i.test(error.message)
  );
}

function outOfMemory(what: string, source: "error" | "runner", detail: string): Diagnosis {
  return {
    id: "out-of-memory",
    message: `${what} ran out of memory and was stopped.`,
    evidence: { source, detail: clip(detail) },
    hint: "the test's inputs are small: look for an array that grows in a loop without end, or a tensor whose size multiplies sizes that should add",
  };
}

const NETWORK_CODES = new Set(["ENETUNREACH", "EAI_AGAIN", "ENOTFOUND", "ECONNREFUSED", "EHOSTUNREACH"]);

/** What the permission model refused, in words, and the rule behind it. */
function refusal(error: ErrorRecord): { did: string; rule: string } {
  const resource = error.resource ? ` ${error.resource}` : "";
  switch (error.permission) {
    case "FileSystemRead":
      return { did: `reading${resource}`, rule: "graded code may read nothing outside its folder" };
    case "FileSystemWrite":
      return { did: `writing${resource}`, rule: "graded code may write only into its own scratch folder" };
    case "ChildProcess":
      return { did: "starting a process", rule: "graded code may not start other processes" };
    case "WorkerThreads":
      return { did: "starting a worker thread", rule: "graded code may not start threads" };
    default:
      return { did: `${error.permission ?? "an operation"}${resource}`, rule: "graded code runs with only the permissions it needs to compute" };
  }
}

function blocked(what: string, text: string, evidence: Diagnosis["evidence"]): Diagnosis {
  return {
    id: "blocked",
    message: `${what} was stopped: ${text}.`,
    evidence,
    hint: "graded code only computes on the inputs it is given: take data from the arguments, and print instead of writing files",
  };
}

/** The diagnosis of an error thrown by the student's code (or by the library inside it). */
export function diagnoseError(what: string, error: ErrorRecord): Diagnosis {
  if (isOutOfMemory(error)) return outOfMemory(what, "error", `${error.name}: ${error.message}`);
  if (error.message.startsWith("not implemented:")) {
    return {
      id: "not-implemented",
      message: `${what} is not implemented yet: it still throws "${clip(error.message)}".`,
      evidence: { message: clip(error.message) },
      hint: 'replace the line `throw new Error("not implemented: ...")` with your code',
    };
  }
  if (error.message.includes("is not available in")) {
    // The runner's words: `Linear from gradlab is not available in a1-backprop's graded cells: ...`.
    const banned = /^(\S+) from gradlab is not available in (.+?)'s graded cells/.exec(error.message);
    return {
      id: "banned-name",
      message: banned
        ? `${what} uses ${banned[1]} from gradlab, which ${banned[2]}'s graded cells may not use: this part asks you to write your own.`
        : `${what} was stopped: ${clip(error.message)}.`,
      evidence: { name: banned ? banned[1] : null, message: clip(error.message) },
      hint: "write it yourself with Tensor operations (matmul, add, sum, map, ...)",
    };
  }
  if (error.code === "ERR_ACCESS_DENIED") {
    const { did, rule } = refusal(error);
    return blocked(what, `${did} was refused: ${rule}`, { permission: error.permission ?? null, resource: error.resource ?? null });
  }
  const importRefused = /^import of "([^"]*)" is not allowed/.exec(error.message);
  if (importRefused) {
    const module = importRefused[1];
    return blocked(what, `import of "${clip(module)}" is not allowed: graded code may import only gradlab and a few harmless built-in modules`, { module: clip(module) });
  }
  if (error.message === "A dynamic import callback was not specified.") {
    return blocked(what, "a dynamic import() was refused: graded code has no module loader, only the gradlab it is given", {});
  }
  if (/^kill (ESRCH|EPERM)$/.test(error.message)) {
    return blocked(what, "signalling another process was refused: graded code runs alone in its own process namespace", { code: error.message.slice(5) });
  }
  if ((error.code !== undefined && NETWORK_CODES.has(error.code)) || error.message === "fetch failed") {
    return blocked(what, "opening a network connection failed: graded code runs without a network", { code: error.code ?? null });
  }
  // The runner's frames read "at Linear.fprop (answer cell linear)".
  const first = error.frames[0];
  const where = first === undefined ? "" : ` (${first.startsWith("at ") ? first : `at ${first}`})`;
  const recursion = error.name === "RangeError" && error.message.includes("Maximum call stack size exceeded");
  return {
    id: "raised-error",
    message: `${what} threw ${error.name}: ${clip(error.message)}${where}.`,
    evidence: { name: error.name, message: clip(error.message), frames: error.frames.slice(0, 10).map(clip) },
    hint: recursion
      ? "a function calls itself without end: check the recursion's stopping case"
      : error.frames.length
        ? `where it was thrown:\n${error.frames.slice(0, 10).join("\n")}`
        : "run the part in the notebook to see the full error",
  };
}

function formatSeconds(ms: number): string {
  return `${formatNumber(ms / 1000, 3)} s`;
}

/** The diagnosis of a runner failure: the part's grading ended without a reply. */
export function diagnoseFailure(what: string, failure: RunnerFailure): Diagnosis {
  switch (failure.kind) {
    case "timeout":
      return {
        id: "timeout",
        message: `${what} did not finish within ${formatSeconds(failure.limitMs)} and was stopped.`,
        evidence: { limitMs: failure.limitMs },
        hint: "look for a loop whose condition never becomes false (a counter never incremented), or a promise that never resolves",
      };
    case "exited": {
      if (failure.outOfMemory) return outOfMemory(what, "runner", `exit code ${failure.code}, signal ${failure.signal}`);
      const how = failure.signal !== null ? `signal ${failure.signal}` : `exit code ${failure.code}`;
      return {
        id: "runner-exited",
        message:
          `The process running your code ended during ${what} (${how}): calling process.exit or crashing ends the grading of this part, ` +
          "and nothing it printed is trusted.",
        evidence: { code: failure.code, signal: failure.signal },
        hint: "remove any process.exit(): a part returns its value and the grader reads it",
      };
    }
    case "protocol":
      return {
        id: "protocol-error",
        message: `The grader lost its private channel to your code during ${what} (${clip(failure.message)}): this part could not be graded, and nothing it printed is trusted.`,
        evidence: { message: clip(failure.message) },
        hint: "graded code must not write to file descriptors of its own or replace Node's built-in objects",
      };
  }
}

/**
 * One diagnosis for a call that returned nothing: out of memory if either the error or the
 * failure says so, else the failure's (the part ended), else the error's.
 */
export function diagnoseRuntime(what: string, outcome: { error?: ErrorRecord; failure?: RunnerFailure }): Diagnosis {
  const { error, failure } = outcome;
  if (error && isOutOfMemory(error)) return diagnoseError(what, error);
  if (failure) return diagnoseFailure(what, failure);
  if (error) return diagnoseError(what, error);
  throw new Error("diagnoseRuntime: give an error, a failure or both");
}
