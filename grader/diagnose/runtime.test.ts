import type { RunnerFailure as RunnerFailureOfRunner } from "../runner/runner_process";
import type { WireError } from "../runner/protocol";
import { ErrorRecord, RunnerFailure, diagnoseError, diagnoseFailure, diagnoseRuntime } from "./runtime";

// The runner's records must stay assignable to the plain types this file reads.
const wireIsRecord: (e: WireError) => ErrorRecord = (e) => e;
const failureIsFailure: (f: RunnerFailureOfRunner) => RunnerFailure = (f) => f;
void wireIsRecord;
void failureIsFailure;

const error = (over: Partial<ErrorRecord>): ErrorRecord => ({ name: "Error", message: "", frames: [], ...over });

describe("diagnoseError", () => {
  it("recognises the release's stub", () => {
    const d = diagnoseError("Linear.fprop", error({ message: "not implemented: linear_fprop" }));
    expect(d.id).toBe("not-implemented");
    expect(d.message).toBe('Linear.fprop is not implemented yet: it still throws "not implemented: linear_fprop".');
  });

  it("says which permission refused what, for the permission model's errors (as Node 20 reports them)", () => {
    const denied = (permission: string, resource: string) =>
      error({ message: "Access to this API has been restricted", code: "ERR_ACCESS_DENIED", permission, resource });
    const read = diagnoseError("Linear.fprop", denied("FileSystemRead", "/course/a1/source/a1.ipynb"));
    expect(read.id).toBe("blocked");
    expect(read.message).toBe("Linear.fprop was stopped: reading /course/a1/source/a1.ipynb was refused: graded code may read nothing outside its folder.");
    expect(read.evidence).toEqual({ permission: "FileSystemRead", resource: "/course/a1/source/a1.ipynb" });
    expect(diagnoseError("f", denied("FileSystemWrite", "/home/x")).message).toContain("writing /home/x was refused");
    expect(diagnoseError("f", denied("ChildProcess", "")).message).toContain("starting a process was refused");
    expect(diagnoseError("f", denied("WorkerThreads", "")).message).toContain("starting a worker thread was refused");
  });

  it("reports a refused import and a missing network as blocked", () => {
    const imp = diagnoseError("f", error({ message: 'import of "child_process" is not allowed in graded code (only "gradlab" and util)' }));
    expect(imp.id).toBe("blocked");
    expect(imp.message).toContain('import of "child_process" is not allowed');
    expect(imp.evidence).toEqual({ module: "child_process" });
    expect(diagnoseError("f", error({ name: "TypeError", message: "fetch failed" })).id).toBe("blocked");
    expect(diagnoseError("f", error({ message: "getaddrinfo EAI_AGAIN example.com", code: "EAI_AGAIN" })).id).toBe("blocked");
  });

  it("names a banned library name and the assignment", () => {
    const d = diagnoseError("mlp", error({ message: "Linear from gradlab is not available in a1-backprop's graded cells: this part asks you to write your own" }));
    expect(d.id).toBe("banned-name");
    expect(d.evidence.name).toBe("Linear");
    expect(d.message).toBe("mlp uses Linear from gradlab, which a1-backprop's graded cells may not use: this part asks you to write your own.");
  });

  it("recognises running out of memory from V8's errors", () => {
    expect(diagnoseError("f", error({ name: "RangeError", message: "Array buffer allocation failed" })).id).toBe("out-of-memory");
    expect(diagnoseError("f", error({ name: "RangeError", message: "Invalid typed array length: 4294967296" })).id).toBe("out-of-memory");
    // Another RangeError is not memory.
    expect(diagnoseError("f", error({ name: "RangeError", message: "Maximum call stack size exceeded" })).hint).toContain("calls itself without end");
  });

  it("shows any other error with its name, message and frames", () => {
    const d = diagnoseError(
      "Linear.bprop",
      error({ name: "TypeError", message: "Cannot read properties of undefined (reading 'data')", frames: ["at Linear.bprop (answer cell linear)", "at run (answer cell mlp)"] }),
    );
    expect(d.id).toBe("raised-error");
    expect(d.message).toBe("Linear.bprop threw TypeError: Cannot read properties of undefined (reading 'data') (at Linear.bprop (answer cell linear)).");
    expect(d.evidence.frames).toEqual(["at Linear.bprop (answer cell linear)", "at run (answer cell mlp)"]);
    expect(d.hint).toContain("at run (answer cell mlp)");
    // A message that says "not implemented" in passing is not the stub.
    expect(diagnoseError("f", error({ message: "softmax: not implemented: axis 2" })).id).toBe("raised-error");
    expect(diagnoseError("f", error({ message: "x".repeat(5000) })).message.length).toBeLessThan(400);
  });
});

describe("diagnoseFailure and diagnoseRuntime", () => {
  it("reports a timeout with its limit", () => {
    const d = diagnoseFailure("Linear.fprop", { kind: "timeout", limitMs: 5000 });
    expect(d).toMatchObject({ id: "timeout", message: "Linear.fprop did not finish within 5 s and was stopped.", evidence: { limitMs: 5000 } });
  });

  it("says an exit ends the part and nothing printed is trusted", () => {
    const d = diagnoseFailure("Linear.fprop", { kind: "exited", code: 0, signal: null, outOfMemory: false });
    expect(d.id).toBe("runner-exited");
    expect(d.message).toContain("(exit code 0): calling process.exit or crashing ends the grading of this part");
    expect(d.message).toContain("nothing it printed is trusted");
    expect(diagnoseFailure("f", { kind: "exited", code: null, signal: "SIGSEGV", outOfMemory: false }).message).toContain("(signal SIGSEGV)");
    expect(diagnoseFailure("f", { kind: "exited", code: null, signal: "SIGABRT", outOfMemory: true }).id).toBe("out-of-memory");
    expect(diagnoseFailure("f", { kind: "protocol", message: "frame too large" }).id).toBe("protocol-error");
  });

  it("puts memory first, then the failure, then the error", () => {
    const oom = error({ name: "RangeError", message: "Array buffer allocation failed" });
    const exited: RunnerFailure = { kind: "exited", code: 1, signal: null, outOfMemory: false };
    expect(diagnoseRuntime("f", { error: oom, failure: exited }).id).toBe("out-of-memory");
    expect(diagnoseRuntime("f", { error: error({ message: "boom" }), failure: exited }).id).toBe("runner-exited");
    expect(diagnoseRuntime("f", { error: error({ message: "boom" }) }).id).toBe("raised-error");
    expect(() => diagnoseRuntime("f", {})).toThrow(/give an error/);
  });
});
