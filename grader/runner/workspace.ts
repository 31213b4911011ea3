/**
 * Carries out calls on the student's code: construct a class, call a function or a method, read
 * and set parameters, probe fprop around a point, run an update rule for some steps.
 *
 * The same code runs in the runner process (the grader) and in the student's own kernel
 * (`check()`), so a student sees exactly what the grader will do with their code. Everything is
 * synchronous: graded functions return their values directly.
 */
import type { Call, Problem, Reply, Target, Wire, WireError, WireTensor } from "./protocol";
import { problemGradient, TestFunctions2d } from "./problems";
import { TensorClass, TensorLike, fromWire, toWire } from "./wire";

export interface WorkspaceOptions {
  /** The student's top-level names (tslab's locals). */
  locals: Record<string, unknown>;
  /** The library as the student's code sees it. */
  library: Record<string, unknown>;
  Tensor: TensorClass;
  /** The library's 2-D test functions by name, for trajectories. */
  testFunctions2d: TestFunctions2d;
  /** Explains a missing local, e.g. "the answer cell 'linear' did not compile". */
  whyMissing?: (name: string) => string | undefined;
}

/** Marks errors the workspace raises about the request itself, as opposed to errors in student code. */
class CallError extends Error {
  override name = "GradingCallError";
}

export class Workspace {
  private readonly refs = new Map<string, unknown>();

  constructor(private readonly o: WorkspaceOptions) {}

  /** Runs the calls in order and stops at the first that fails (later calls depend on earlier ones). */
  runAll(calls: readonly Call[]): Reply[] {
    const replies: Reply[] = [];
    for (const call of calls) {
      const reply = this.run(call);
      replies.push(reply);
      if (!reply.ok) break;
    }
    return replies;
  }

  run(call: Call): Reply {
    try {
      return this.dispatch(call);
    } catch (e) {
      return { ok: false, error: errorToWire(e) };
    }
  }

  private dispatch(call: Call): Reply {
    switch (call.op) {
      case "new": {
        const cls = this.resolveCallable(call.cls, "class");
        const obj: unknown = Reflect.construct(cls as unknown as new (...a: unknown[]) => unknown, this.args(call.args));
        this.refs.set(call.as, obj);
        return { ok: true, value: summarize(obj) };
      }
      case "call": {
        const fn = this.resolveCallable(call.fn, "function");
        const args = this.args(call.args);
        const result = checkNotPromise(fn(...args), targetName(call.fn));
        return this.finish(result, call.as, call.echo ? args : undefined);
      }
      case "method": {
        const obj = this.ref(call.obj);
        const fn = (obj as Record<string, unknown>)[call.name];
        if (typeof fn !== "function") throw new CallError(`${describeObject(obj)} has no method ${call.name}()`);
        const args = this.args(call.args);
        const result = checkNotPromise(fn.apply(obj, args), `${describeObject(obj)}.${call.name}`);
        return this.finish(result, call.as, call.echo ? args : undefined);
      }
      case "params":
        return { ok: true, value: this.params(call.obj).map((p) => ({ name: p.name, value: toWire(p.value), grad: toWire(p.grad) })) };
      case "setParams": {
        const params = this.params(call.obj);
        const write = (which: "value" | "grad", values: Record<string, WireTensor> | undefined): void => {
          for (const [name, t] of Object.entries(values ?? {})) {
            const p = params.find((q) => q.name === name);
            if (!p) throw new CallError(`params() has no parameter named "${name}" (it lists ${params.map((q) => `"${q.name}"`).join(", ") || "none"})`);
            const target = p[which] as TensorLike;
            if (!isTensor(target)) throw new CallError(`parameter "${name}": ${which} is not a Tensor`);
            if (!sameShape(target.shape, t.shape)) {
              throw new CallError(`parameter "${name}": ${which} has shape [${target.shape.join(", ")}], expected [${t.shape.join(", ")}]`);
            }
            target.data.set(t.data);
          }
        };
        write("value", call.values);
        write("grad", call.grads);
        return { ok: true, value: null };
      }
      case "get": {
        let v: unknown = this.ref(call.obj);
        for (const key of call.path) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key];
        return { ok: true, value: toWire(v) };
      }
      case "sweep":
        return { ok: true, value: this.sweep(call.obj, call.x, call.h, call.targets) };
      case "trajectory":
        return { ok: true, value: this.trajectory(call.rule, call.w0, call.hp, call.steps, call.problem) };
    }
  }

  private finish(result: unknown, as: string | undefined, args: unknown[] | undefined): Reply {
    if (as !== undefined) this.refs.set(as, result);
    const value = as !== undefined ? summarize(result) : toWire(result);
    return args ? { ok: true, value, echo: args.map((a) => toWire(a)) } : { ok: true, value };
  }

  private args(args: readonly Wire[]): unknown[] {
    return args.map((a) => fromWire(a, this.o.Tensor, (t) => this.resolve(t)));
  }

  private resolve(t: Target): unknown {
    if (t.$t === "ref") return this.ref(t.name);
    const source = t.$t === "local" ? this.o.locals : this.o.library;
    if (!Object.prototype.hasOwnProperty.call(source, t.name) || source[t.name] === undefined) {
      if (t.$t === "lib") throw new CallError(`the library has no export ${t.name}`);
      const why = this.o.whyMissing?.(t.name);
      throw new CallError(`${t.name} is not defined${why ? `: ${why}` : "; define it in its answer cell"}`);
    }
    return source[t.name];
  }

  private resolveCallable(t: Target, what: "class" | "function"): (...a: unknown[]) => unknown {
    const v = this.resolve(t);
    if (typeof v !== "function") throw new CallError(`${t.name} should be a ${what}, but it is ${v === null ? "null" : typeof v}`);
    return v as (...a: unknown[]) => unknown;
  }

  private ref(name: string): unknown {
    if (!this.refs.has(name)) throw new CallError(`no object named "${name}" was created`);
    return this.refs.get(name);
  }

  private params(obj: string): { name: string; value: unknown; grad: unknown }[] {
    const o = this.ref(obj) as { params?: unknown };
    if (typeof o.params !== "function") throw new CallError(`${describeObject(o)} has no params() method`);
    const ps: unknown = (o.params as () => unknown).call(o);
    if (!Array.isArray(ps)) throw new CallError(`${describeObject(o)}.params() should return an array of {name, value, grad}, got ${typeof ps}`);
    return ps.map((p, i) => {
      if (typeof p !== "object" || p === null || typeof (p as { name?: unknown }).name !== "string") {
        throw new CallError(`${describeObject(o)}.params()[${i}] should be a {name, value, grad} object`);
      }
      return p as { name: string; value: unknown; grad: unknown };
    });
  }

  private sweep(obj: string, x: WireTensor, h: number, targets: { name: string; indices: number[] }[]): Wire {
    const module = this.ref(obj) as { fprop?: unknown };
    if (typeof module.fprop !== "function") throw new CallError(`${describeObject(module)} has no fprop()`);
    const fprop = module.fprop as (x: TensorLike) => unknown;
    const params = targets.some((t) => t.name !== "x") ? this.params(obj) : [];
    const outputs: Float64Array[] = [];
    const xData = Float64Array.from(x.data);
    for (const target of targets) {
      let values: Float64Array;
      if (target.name === "x") values = xData;
      else {
        const p = params.find((q) => q.name === target.name);
        if (!p || !isTensor(p.value)) throw new CallError(`params() has no tensor parameter named "${target.name}"`);
        values = (p.value as TensorLike).data;
      }
      for (const i of target.indices) {
        const saved = values[i];
        for (const sign of [1, -1]) {
          values[i] = saved + sign * h;
          const y = fprop.call(module, new this.o.Tensor(Float64Array.from(xData), x.shape));
          if (!isTensor(y)) throw new CallError(`fprop returned ${describeValue(y)}, expected a Tensor`);
          outputs.push(Float64Array.from((y as TensorLike).data));
        }
        values[i] = saved;
      }
    }
    const size = outputs.length ? outputs[0].length : 0;
    if (outputs.some((o) => o.length !== size)) throw new CallError("fprop returned outputs of different sizes for the same input shape");
    const flat = new Float64Array(outputs.length * size);
    outputs.forEach((o, k) => flat.set(o, k * size));
    return { size, values: flat };
  }

  private trajectory(rule: Target, w0: WireTensor, hp: Wire, steps: number, problem: Problem): Wire {
    const fn = this.resolveCallable(rule, "function");
    const d = w0.data.length;
    const grad = this.gradientOf(problem, d);
    const ws = new Float64Array((steps + 1) * d);
    ws.set(w0.data, 0);
    let w: TensorLike = new this.o.Tensor(Float64Array.from(w0.data), w0.shape);
    let state: unknown = null;
    const hpValue = fromWire(hp, this.o.Tensor, (t) => this.resolve(t));
    for (let k = 1; k <= steps; k++) {
      try {
        const g = new this.o.Tensor(grad(w.data), w0.shape);
        const out = checkNotPromise(fn(new this.o.Tensor(Float64Array.from(w.data), w0.shape), g, state, hpValue), targetName(rule));
        const next = typeof out === "object" && out !== null ? (out as { w?: unknown; state?: unknown }) : null;
        if (!next || !isTensor(next.w)) throw new CallError(`${targetName(rule)} should return { w, state } with w a Tensor, got ${describeValue(out)}`);
        if (!sameShape((next.w as TensorLike).shape, w0.shape)) {
          throw new CallError(`${targetName(rule)} returned w of shape [${(next.w as TensorLike).shape.join(", ")}], expected [${w0.shape.join(", ")}]`);
        }
        w = next.w as TensorLike;
        state = next.state;
        ws.set(w.data, k * d);
      } catch (e) {
        return { ws: ws.slice(0, k * d), completed: k - 1, error: errorToWire(e) as unknown as Wire };
      }
    }
    return { ws, completed: steps, error: null };
  }

  private gradientOf(problem: Problem, d: number): (w: Float64Array) => Float64Array {
    return problemGradient(problem, d, this.o.testFunctions2d);
  }
}

function isTensor(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  const t = v as { data?: unknown; shape?: unknown };
  return t.data instanceof Float64Array && Array.isArray(t.shape);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkNotPromise(v: unknown, what: string): unknown {
  if (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function") {
    throw new CallError(`${what} returned a Promise; graded functions must return their result directly (no async)`);
  }
  return v;
}

function targetName(t: Target): string {
  return t.name;
}

function describeObject(o: unknown): string {
  const ctor = typeof o === "object" && o !== null ? Object.getPrototypeOf(o)?.constructor?.name : undefined;
  return ctor ? `the ${ctor} object` : "the object";
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return describeObject(v).replace(/^the /, "a ");
  return typeof v;
}

/** What the parent learns about an object kept in the child: its class and, for a Module, its parameters' names and shapes. */
function summarize(obj: unknown): Wire {
  const out: { [k: string]: Wire } = { what: describeValue(obj) };
  const o = obj as { params?: unknown };
  if (typeof o === "object" && o !== null && typeof o.params === "function") {
    try {
      const ps: unknown = (o.params as () => unknown).call(o);
      if (Array.isArray(ps)) {
        out.params = ps.map((p: { name?: unknown; value?: { shape?: unknown } }) => ({
          name: typeof p?.name === "string" ? p.name : null,
          shape: Array.isArray(p?.value?.shape) ? (p.value!.shape as number[]).slice() : null,
        }));
      }
    } catch (e) {
      out.paramsError = errorToWire(e).message;
    }
  }
  return out;
}

/** An error as plain data, with only the stack frames that point into the student's cells. */
export function errorToWire(e: unknown): WireError {
  try {
    if (e instanceof Error || (typeof e === "object" && e !== null && "message" in e)) {
      const err = e as Error & { code?: unknown; permission?: unknown; resource?: unknown };
      const stack = typeof err.stack === "string" ? err.stack : "";
      const frames = stack
        .split("\n")
        .filter((l) => /answer cell /.test(l))
        .map((l) => l.trim().replace(/:\d+:\d+\)?$/, (m) => (m.endsWith(")") ? ")" : "")))
        .slice(0, 8);
      return {
        name: String(err.name ?? "Error").slice(0, 100),
        message: String(err.message).slice(0, 2000),
        code: typeof err.code === "string" ? err.code.slice(0, 100) : undefined,
        permission: typeof err.permission === "string" ? err.permission.slice(0, 100) : undefined,
        resource: typeof err.resource === "string" ? err.resource.slice(0, 500) : undefined,
        frames,
      };
    }
    return { name: "Thrown", message: `a non-Error value was thrown: ${String(e).slice(0, 500)}`, frames: [] };
  } catch {
    return { name: "Thrown", message: "an error was thrown that could not be read", frames: [] };
  }
}
