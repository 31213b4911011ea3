/**
 * The protocol between the trusted grader (parent) and the runner (the child process that holds
 * the student's code). Everything here is data: the child is asked to evaluate the student's
 * functions on inputs, and answers with values. It never receives references, hidden test code,
 * the manifest or the seed, so nothing it sends can be more than a claim that the parent checks.
 *
 * Values cross as `Wire` data (structured clone: numbers keep NaN, ±Infinity and −0, tensors keep
 * their Float64Array). The parent reads replies through `grader/runner/wire_check.ts`, which
 * validates type and shape before anything is compared.
 */

/** A tensor on the wire: row-major float64 values and a shape. */
export interface WireTensor {
  $t: "tensor";
  shape: number[];
  data: Float64Array;
}

/** Something the parent names for the child: a student's top-level name, a library export, or an object stored earlier. */
export type Target = { $t: "local"; name: string } | { $t: "lib"; name: string } | { $t: "ref"; name: string };

/** A scalar function f(x: Tensor) => number, one of probe_functions.ts, for a student's gradient checker. */
export interface WireProbe {
  $t: "fn";
  name: "quadratic" | "sinSum" | "logSumExp";
  params: WireTensor[];
}

/** A value the child could not send (a function, a module, a cyclic object), described. */
export interface WireOpaque {
  $t: "opaque";
  what: string;
}

export type Wire =
  | null
  | undefined
  | boolean
  | number
  | string
  | Float64Array
  | Int32Array
  | WireTensor
  | Target
  | WireProbe
  | WireOpaque
  | Wire[]
  | { [key: string]: Wire };

/** A parameter as the child reports it: the Module contract's {name, value, grad}. */
export interface WireParam {
  name: string;
  value: Wire;
  grad: Wire;
}

/** A 2-D or n-D problem whose gradient the child computes for a trajectory (no student code involved). */
export type Problem =
  | { kind: "quadratic"; A: WireTensor; b: WireTensor } // f(w) = ½ wᵀAw − bᵀw, ∇f = Aw − b
  | { kind: "testFunction2d"; name: string }; // one of the library's testFunctions2d

/**
 * One request. `as` stores the returned object in the child under that name, for later calls
 * (`{ $t: "ref", name }`); `echo` returns the arguments as they are after the call, so the parent
 * can tell whether the student's code changed its inputs.
 */
export type Call =
  | { op: "new"; cls: Target; args: Wire[]; as: string }
  | { op: "call"; fn: Target; args: Wire[]; as?: string; echo?: boolean }
  | { op: "method"; obj: string; name: string; args: Wire[]; as?: string; echo?: boolean }
  | { op: "params"; obj: string }
  | { op: "setParams"; obj: string; values?: Record<string, WireTensor>; grads?: Record<string, WireTensor> }
  | { op: "get"; obj: string; path: string[] }
  /**
   * Centred-difference probes of the student's own fprop: for every listed coordinate of x (name
   * "x") or of a parameter, fprop at +h and at −h, the coordinate restored after each. The outputs
   * come back as they are; the parent forms the differences.
   */
  | { op: "sweep"; obj: string; x: WireTensor; h: number; targets: { name: string; indices: number[] }[] }
  /** `steps` updates of the student's rule w ← rule(w, ∇f(w), state, hp).w, the state carried between steps. */
  | { op: "trajectory"; rule: Target; w0: WireTensor; hp: Wire; steps: number; problem: Problem };

/** An error thrown by the student's code (or by the library inside it), as the child saw it. */
export interface WireError {
  name: string;
  message: string;
  /** Node's error code, e.g. ERR_ACCESS_DENIED when the permission model stopped something. */
  code?: string;
  /** Permission model details: which permission and resource were refused. */
  permission?: string;
  resource?: string;
  /** Stack frames inside the student's cells only ("at Linear.fprop (answer cell linear)"). */
  frames: string[];
}

export type Reply = { ok: true; value: Wire; echo?: Wire[] } | { ok: false; error: WireError };

/** Something the runner refused and recorded: a banned library name, an import of a module. */
export interface Attempt {
  kind: "banned-name" | "import";
  what: string;
}

export interface CompiledCell {
  /** The cell's grade_id (or "cell-<index>" for an unnamed setup cell). */
  id: string;
  /** CommonJS-style body produced by tslab's converter: runs as (function (exports, require) {...}). */
  js: string;
  /** The body uses top-level await and returns a promise. */
  async: boolean;
}

// ---- messages --------------------------------------------------------------------------------

export interface InitMessage {
  type: "init";
  nonce: string;
  /** The assignment's name, for messages. */
  assignment: string;
  /**
   * The restricted library view (see library_view.ts): its id, and its CommonJS code unless the
   * runner started from a snapshot that already holds that view (snapshot.ts).
   */
  library: { id: string; code?: string };
  /** Names the assignment forbids; reading one from the library is recorded and throws. */
  banned: string[];
  cells: CompiledCell[];
}

export interface RunMessage {
  type: "run";
  nonce: string;
  seq: number;
  calls: Call[];
}

export type ParentMessage = InitMessage | RunMessage;

export interface CellLoaded {
  type: "cell";
  nonce: string;
  id: string;
  /** The cell is about to run (sent before), or has run (sent after, with ok). */
  phase: "start" | "end";
  ok?: boolean;
  error?: WireError;
  /** Top-level names the cell defined. */
  defines?: string[];
}

export interface Ready {
  type: "ready";
  nonce: string;
  attempts: Attempt[];
}

export interface Results {
  type: "results";
  nonce: string;
  seq: number;
  replies: Reply[];
  attempts: Attempt[];
}

export type ChildMessage = CellLoaded | Ready | Results;
