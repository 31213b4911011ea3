/** Window geometry shared by Conv2d and MaxPool2d: 2-D sizes, output sizes, and the kernel-fits check. */

/** A 2-D size: one number for both axes, or an [h, w] pair. */
export type Size2d = number | readonly [number, number];

/** Reads a `Size2d` into an [h, w] pair of integers >= `min`, or throws naming the option. */
export function toPair2d(where: string, name: string, value: unknown, min: number): [number, number] {
  const pair = typeof value === "number" ? [value, value] : value;
  const ok = Array.isArray(pair) && pair.length === 2 && pair.every((v) => Number.isInteger(v) && v >= min);
  if (!ok) {
    const shown = Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
    const kind = min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
    throw new Error(`${where}: ${name} must be ${kind} or an [h, w] pair of them, got ${shown}`);
  }
  return [pair[0], pair[1]];
}

/** Output length of a sliding window: floor((size + 2·padding − kernel)/stride) + 1. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

/** Checks that a kernel fits in the padded input, so every output has at least one window. */
export function checkKernelFits(where: string, H: number, W: number, k: [number, number], p: [number, number]): void {
  if (k[0] > H + 2 * p[0] || k[1] > W + 2 * p[1]) {
    throw new Error(
      `${where}: kernel ${k[0]}×${k[1]} is larger than the padded input ${H + 2 * p[0]}×${W + 2 * p[1]} ` +
        `(H ${H} + 2·${p[0]}, W ${W} + 2·${p[1]})`,
    );
  }
}
