/**
 * Options objects with defaults that reject unknown keys, so that a typo such as
 * `{ monentum: 0.9 }` is an error instead of a silently ignored setting.
 */
export function withDefaults<T extends object>(where: string, defaults: T, given: Partial<T> | undefined): T {
  if (given === undefined || given === null) return { ...defaults };
  if (typeof given !== "object" || Array.isArray(given)) {
    throw new Error(`${where}: options must be an object like ${JSON.stringify(defaults)}, got ${String(given)}`);
  }
  const known = Object.keys(defaults);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new Error(`${where}: unknown option "${key}"; known options are ${known.map((k) => `"${k}"`).join(", ")}`);
    }
  }
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** Throws unless `value` is a finite number within [min, max] (bounds inclusive unless stated). */
export function checkNumber(
  where: string,
  name: string,
  value: unknown,
  range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean } = {},
): number {
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false, integer = false } = range;
  const lowOk = typeof value === "number" && (minExclusive ? value > min : value >= min);
  const highOk = typeof value === "number" && (maxExclusive ? value < max : value <= max);
  if (typeof value !== "number" || !Number.isFinite(value) || !lowOk || !highOk || (integer && !Number.isInteger(value))) {
    const lo = min === -Infinity ? "" : `${minExclusive ? ">" : ">="} ${min}`;
    const hi = max === Infinity ? "" : `${maxExclusive ? "<" : "<="} ${max}`;
    const bounds = [lo, hi].filter(Boolean).join(" and ");
    const kind = integer ? "an integer" : "a finite number";
    throw new Error(`${where}: ${name} must be ${kind}${bounds ? ` ${bounds}` : ""}, got ${String(value)}`);
  }
  return value;
}
