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
