import { ClaimError, Tensor, expectAtLeast, expectAtMost, expectBetween, expectClose, expectEqual, formatClaimNumber } from "gradlab";

/** Runs `f` and returns what it printed with console.log. */
function printed(f: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  try {
    f();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

/** The ClaimError `f` throws (failing the test if it throws nothing or something else). */
function claimError(f: () => void): ClaimError {
  try {
    printed(f);
  } catch (e) {
    expect(e).toBeInstanceOf(ClaimError);
    return e as ClaimError;
  }
  throw new Error("expected a ClaimError, nothing was thrown");
}

describe("expectClose", () => {
  test("a claim that holds prints one line with the claim, the value and the margin", () => {
    const lines = printed(() => expectClose(0.1 + 0.2, 0.3, { rel: 1e-12, label: "the first step is η" }));
    expect(lines).toEqual(["✓ the first step is η: 0.3 ≈ 0.3 (|diff| 5.55e-17 ≤ 3.00e-13)"]);
  });

  test("the rule is |actual − expected| ≤ abs + rel·|expected|: just inside passes, just outside fails", () => {
    // tolerance 0.1 + 0.01·10 = 0.2
    printed(() => expectClose(10.19, 10, { rel: 0.01, abs: 0.1, label: "inside" }));
    const e = claimError(() => expectClose(10.21, 10, { rel: 0.01, abs: 0.1, label: "outside" }));
    expect(e.message).toBe("claim failed: outside: got 10.21, expected 10 ± 0.2");
    expect(e.name).toBe("ClaimError");
  });

  test("the issue's example: Adam's first step without the second bias correction", () => {
    const e = claimError(() => expectClose([9.49, -9.49], [0.3, -0.3], { rel: 1e-9, label: "every coordinate moves by exactly η" }));
    expect(e.message).toBe("claim failed: every coordinate moves by exactly η: got 9.49 at entry 0 of 2, expected 0.3 ± 3.00e-10");
  });

  test("arrays and tensors compare entry by entry; one expected number applies to every entry", () => {
    const lines = printed(() => {
      expectClose(Tensor.from([1, 2, 3]), [1, 2, 3.001], { abs: 0.01, label: "three values" });
      expectClose(Float64Array.of(0.5, 0.5), 0.5, { abs: 0, label: "all halves" });
    });
    expect(lines[0]).toBe("✓ three values: all 3 values agree (largest |diff| 0.001 at entry 2, allowed 0.01)");
    expect(lines[1]).toMatch(/^✓ all halves: all 2 values agree/);
    expect(claimError(() => expectClose([1, 2, 4], [1, 2, 3], { abs: 0.5, label: "third" })).message).toContain("at entry 2 of 3");
  });

  test("NaN never passes, whatever the tolerance", () => {
    expect(claimError(() => expectClose(NaN, 1, { abs: Infinity, label: "finite loss" })).message).toBe(
      "claim failed: finite loss: got NaN, expected 1 ± Infinity",
    );
  });

  test("misuse is a plain Error that says what was expected", () => {
    expect(() => expectClose(1, 1, { label: "no tolerance" })).toThrow('give a tolerance, { rel } or { abs } (or both), for "no tolerance"');
    expect(() => expectClose(1, 1, { label: "", abs: 1 })).toThrow("label must be a non-empty string");
    expect(() => expectClose(1, 1, { label: "x", abs: -1 })).toThrow("tolerances must be ≥ 0");
    expect(() => expectClose([1, 2], [1, 2, 3], { label: "x", abs: 1 })).toThrow('actual has 2 values but expected has 3 (for "x")');
    expect(() => expectClose(1, 1, { label: "x", abs: 1, tol: 2 } as never)).toThrow('unknown option "tol"');
    expect(() => expectClose(1, 1, { label: "x", abs: 1, tol: 2 } as never)).not.toThrow(ClaimError);
  });
});

describe("bounds", () => {
  test("expectAtLeast, expectAtMost and expectBetween print the comparison when it holds", () => {
    const lines = printed(() => {
      expectAtLeast(0.972, 0.95, "test accuracy");
      expectAtMost(3.2e-10, 1e-7, "relative error");
      expectBetween(-0.98, -1.1, -0.9, "slope −1");
      expectAtLeast(0.95, 0.95, "equal to the bound counts");
    });
    expect(lines).toEqual([
      "✓ test accuracy: 0.972 ≥ 0.95",
      "✓ relative error: 3.20e-10 ≤ 1.00e-7",
      "✓ slope −1: -0.98 in [-1.1, -0.9]",
      "✓ equal to the bound counts: 0.95 ≥ 0.95",
    ]);
  });

  test("a bound that is missed throws, naming the claim, the value and the bound", () => {
    expect(claimError(() => expectAtLeast(0.104, 0.95, "the CNN classifies 97% of the test digits")).message).toBe(
      "claim failed: the CNN classifies 97% of the test digits: got 0.104, expected at least 0.95",
    );
    expect(claimError(() => expectAtMost(0.5, 1e-7, "gradcheck")).message).toBe("claim failed: gradcheck: got 0.5, expected at most 1.00e-7");
    expect(claimError(() => expectBetween(-2, -1.1, -0.9, "slope")).message).toBe(
      "claim failed: slope: got -2, expected a value in [-1.1, -0.9]",
    );
    for (const f of [() => expectAtLeast(NaN, 0, "n"), () => expectAtMost(NaN, 0, "n"), () => expectBetween(NaN, 0, 1, "n")]) {
      expect(claimError(f).message).toContain("got NaN");
    }
  });

  test("misuse is a plain Error", () => {
    expect(() => expectAtLeast(1, NaN, "x")).toThrow("bound must be a number");
    expect(() => expectAtMost("1" as never, 2, "x")).toThrow("the measured value must be a number");
    expect(() => expectBetween(1, 2, 0, "x")).toThrow('low 2 is above high 0 (for "x")');
  });
});

describe("expectEqual", () => {
  test("exact for numbers, strings, flags and arrays", () => {
    const lines = printed(() => {
      expectEqual(12, 12, "best epoch");
      expectEqual(-0, 0, "zero is zero");
      expectEqual("diverged", "diverged", "status");
      expectEqual(Int32Array.of(1, 2), [1, 2], "labels");
    });
    expect(lines).toEqual(["✓ best epoch: 12", "✓ zero is zero: 0", '✓ status: "diverged"', "✓ labels: [1, 2]"]);
    expect(claimError(() => expectEqual(1e-17, 0, "exactly zero")).message).toBe("claim failed: exactly zero: got 1.00e-17, expected exactly 0");
    expect(claimError(() => expectEqual([1, 2], [1, 2, 3], "lengths")).message).toBe("claim failed: lengths: got [1, 2], expected exactly [1, 2, 3]");
    expect(claimError(() => expectEqual(NaN, NaN, "nan")).message).toContain("got NaN");
    expect(claimError(() => expectEqual(true, false, "flag")).message).toBe("claim failed: flag: got true, expected exactly false");
  });
});

test("numbers are printed short", () => {
  expect([0.745356, 0.74535599249993, 9.49, 2000, 1.2e-16, 3e7, -0.5, 0, Infinity].map(formatClaimNumber)).toEqual([
    "0.745356", "0.745356", "9.49", "2000", "1.20e-16", "3.00e7", "-0.5", "0", "Infinity",
  ]);
});
