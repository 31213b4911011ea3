/** Shape helpers shared by the tensor and the layers. A shape is a list of sizes, row-major. */

export type Shape = readonly number[];

/** Number of elements of a shape (1 for the scalar shape []). */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws unless every size is a non-negative integer. */
export function checkShape(shape: Shape, where: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new Error(`${where}: invalid shape ${formatShape(shape)}: sizes must be non-negative integers`);
    }
  }
}

/** Throws `where: a has shape [..], b has shape [..]; they must be equal` unless equal. */
export function assertSameShape(a: Shape, b: Shape, where: string, names: [string, string] = ["a", "b"]): void {
  if (!sameShape(a, b)) {
    throw new Error(
      `${where}: ${names[0]} has shape ${formatShape(a)} but ${names[1]} has shape ${formatShape(b)}; they must be equal`,
    );
  }
}

/**
 * Checks a shape against a pattern in which `null` matches any size, and throws an error that
 * names both, e.g. `Linear.fprop: x has shape [32, 3], expected [N, 4]`.
 * `labels` names the free sizes in the message (default "N", "C", "H", "W"... by position).
 */
export function expectShape(
  shape: Shape,
  pattern: readonly (number | null)[],
  where: string,
  what = "x",
  labels?: readonly string[],
): void {
  const ok = shape.length === pattern.length && pattern.every((p, i) => p === null || p === shape[i]);
  if (!ok) {
    const freeNames = labels ?? ["N", "C", "H", "W", "D"];
    const expected = pattern.map((p, i) => (p === null ? freeNames[i] ?? "?" : String(p)));
    throw new Error(`${where}: ${what} has shape ${formatShape(shape)}, expected [${expected.join(", ")}]`);
  }
}

/** Resolves one `-1` in a target shape from the element count, as numpy's reshape does. */
export function resolveReshape(size: number, target: Shape, where: string): number[] {
  const out = [...target];
  const unknown = out.indexOf(-1);
  if (unknown !== out.lastIndexOf(-1)) throw new Error(`${where}: only one dimension may be -1, got ${formatShape(target)}`);
  if (unknown >= 0) {
    const known = shapeSize(out.filter((_, i) => i !== unknown));
    if (known === 0 || size % known !== 0) {
      throw new Error(`${where}: cannot reshape ${size} elements into ${formatShape(target)}`);
    }
    out[unknown] = size / known;
  }
  checkShape(out, where);
  if (shapeSize(out) !== size) {
    throw new Error(`${where}: cannot reshape ${size} elements into ${formatShape(target)} (${shapeSize(out)} elements)`);
  }
  return out;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** How numpy broadcasts, quoted in every error about shapes that do not. */
export const BROADCAST_RULE = "numpy's rule: aligned from the right, each pair of sizes equal or one of them 1";

/**
 * The shape that numpy's broadcasting gives two (or more) shapes: align them from the right,
 * pad the shorter ones with leading 1s, and in each position the sizes must be equal or one of
 * them 1 (which stretches). `broadcastShapes([2, 1], [3])` is `[2, 3]`;
 * `broadcastShapes([3, 4], [3])` is an error naming both shapes.
 */
export function broadcastShapes(a: Shape, b: Shape, where = "broadcastShapes"): number[] {
  return broadcastAll([a, b], where);
}

/** `broadcastShapes` for any number of shapes (`Tensor.where` broadcasts three). */
export function broadcastAll(shapes: readonly Shape[], where: string): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(n).fill(1);
  for (const s of shapes) {
    for (let i = 1; i <= s.length; i++) {
      const size = s[s.length - i];
      const have = out[n - i];
      if (size === have || size === 1) continue;
      if (have !== 1) {
        const list = shapes.map(formatShape);
        const named = list.length === 2 ? list.join(" and ") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
        throw new Error(`${where}: shapes ${named} do not broadcast (${BROADCAST_RULE})`);
      }
      out[n - i] = size;
    }
  }
  return out;
}

/**
 * Resolves an axis of an `ndim`-axis tensor, negative axes counting from the end (-1 is the
 * last), and throws `where: axis 3 is out of range for shape [2, 3, 4]` for a bad one.
 * `extra` widens the range for operations that insert an axis (`unsqueeze`, `stack`: 1).
 */
export function normalizeAxis(axis: number, shape: Shape, where: string, extra = 0): number {
  const n = shape.length + extra;
  const a = axis < 0 ? axis + n : axis;
  if (typeof axis !== "number" || !Number.isInteger(axis) || a < 0 || a >= n) {
    const expected = n === 0 ? "it has no axes" : `expected an integer from ${-n} to ${n - 1}`;
    throw new Error(`${where}: axis ${String(axis)} is out of range for shape ${formatShape(shape)} (${expected})`);
  }
  return a;
}
