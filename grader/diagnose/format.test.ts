import { formatError, formatIndex, formatNumber, formatVector, plural } from "./format";
import { multiIndex, transpose2d } from "./values";

describe("format", () => {
  it("writes errors with 2 significant digits", () => {
    expect(formatError(3.14159e-16)).toBe("3.1e-16");
    expect(formatError(0.00042)).toBe("4.2e-4");
    expect(formatError(0.4142)).toBe("0.41");
    expect(formatError(1)).toBe("1");
    expect(formatError(2e-5)).toBe("2e-5");
    expect(formatError(0)).toBe("0");
    expect(formatError(NaN)).toBe("NaN");
  });

  it("writes values and factors with 4 significant digits", () => {
    expect(formatNumber(1 / Math.PI)).toBe("0.3183");
    expect(formatNumber(-1.25)).toBe("-1.25");
    expect(formatNumber(4)).toBe("4");
    expect(formatNumber(1234567)).toBe("1.235e6");
    expect(formatNumber(1e-7)).toBe("1e-7");
    expect(formatNumber(-Infinity)).toBe("-Infinity");
  });

  it("writes indices, vectors and counts", () => {
    expect(formatIndex([2, 0])).toBe("[2, 0]");
    expect(formatVector([0.5, -1.25, 3, 4, 5])).toBe("[0.5, -1.25, 3, 4, …]");
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(3, "entry", "entries")).toBe("3 entries");
  });
});

describe("values", () => {
  it("turns a flat position into a row-major multi-index", () => {
    expect(multiIndex(5, [3, 2])).toEqual([2, 1]);
    expect(multiIndex(7, [2, 2, 3])).toEqual([1, 0, 1]);
    expect(multiIndex(0, [])).toEqual([]);
  });

  it("transposes a row-major matrix", () => {
    // [[1, 2, 3], [4, 5, 6]]ᵀ = [[1, 4], [2, 5], [3, 6]]
    expect(Array.from(transpose2d(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
