/**
 * The contract every optimization method follows: a pure update rule, one file per method.
 *
 * A rule maps (w, g, state, hp) to the next (w, state). For speed it writes the new values into
 * the arrays it is given (w and the state's arrays) and returns them, so a training step
 * allocates nothing; a caller that wants the old values keeps a copy (`train2d` does). The same
 * rule therefore drives a 2-D contour demo (w has two entries) and a network (the optimizer
 * class calls it once per parameter tensor, with that tensor's own state).
 *
 * `t` is the 1-based step count (Adam's bias correction needs it); `lr` comes from the schedule.
 */
export interface UpdateRule<HP extends object, S extends object> {
  /** Registry name, e.g. "adam". */
  readonly name: string;
  /** Default hyperparameters; the optimizer rejects keys that are not listed here. */
  readonly defaults: Readonly<HP>;
  /** Throws a clear error for a bad hyperparameter (e.g. `adam: beta1 must be in [0, 1), got 1.5`). */
  validate(hp: HP): void;
  /** Fresh state for a parameter with `size` entries (e.g. zero moment estimates). */
  init(size: number): S;
  /** One update, in place: returns the same `w` and `state` objects, updated. */
  step(w: Float64Array, g: Float64Array, state: S, hp: HP & { lr: number }, t: number): { w: Float64Array; state: S };
}
