import { Tensor } from "gradlab";
import { diagnoseShape, diagnoseType } from "./type_shape";

describe("diagnoseType", () => {
  const t = Tensor.from([[1, 2], [3, 4]]);

  it("accepts values of the expected type, NaN included (non-finite is its own diagnosis)", () => {
    expect(diagnoseType("y", t, "Tensor")).toBeNull();
    expect(diagnoseType("loss", 0.5, "number")).toBeNull();
    expect(diagnoseType("loss", NaN, "number")).toBeNull();
    expect(diagnoseType("the rule's result", { w: t, state: {} }, "object")).toBeNull();
  });

  it("says a missing return is undefined and suggests the return", () => {
    const d = diagnoseType("y = fprop(x)", undefined, "Tensor");
    expect(d?.id).toBe("wrong-type");
    expect(d?.message).toBe("y = fprop(x) should be a Tensor, but it is undefined — did you forget to return?");
    expect(d?.evidence).toEqual({ expected: "Tensor", got: "undefined" });
  });

  it("names what the value is instead, with a hint that fits", () => {
    expect(diagnoseType("y", 3.25, "Tensor")?.message).toBe("y should be a Tensor, but it is a number (3.25).");
    const arr = diagnoseType("y", [[1, 2], [3, 4]], "Tensor");
    expect(arr?.message).toContain("an array of 2 entries");
    expect(arr?.hint).toContain("Tensor.from");
    const typed = diagnoseType("y", new Float64Array(6), "Tensor");
    expect(typed?.message).toContain("a Float64Array of 6 entries");
    expect(typed?.hint).toContain("new Tensor(data, shape)");
    expect(diagnoseType("y", () => t, "Tensor")?.message).toContain("a function — did you forget to call it?");
    expect(diagnoseType("y", Promise.resolve(t), "Tensor")?.message).toContain("a Promise");
    expect(diagnoseType("y", { data: new Float64Array(4), shape: [2, 2] }, "Tensor")?.message).toContain("a plain object with data and shape");
    expect(diagnoseType("y", null, "Tensor")?.message).toContain("it is null");
  });

  it("tells a one-entry Tensor where a number is expected how to take its value", () => {
    const d = diagnoseType("loss", Tensor.from([0.7]), "number");
    expect(d?.message).toBe("loss should be a number, but it is a Tensor of shape [1].");
    expect(d?.hint).toContain("t.data[0]");
  });

  it("does not take a Tensor or an array for an object, and keeps the caller's hint", () => {
    const d = diagnoseType("the rule's result", t, "object", "return { w, state }");
    expect(d?.message).toBe("the rule's result should be an object, but it is a Tensor of shape [2, 2].");
    expect(d?.hint).toBe("return { w, state }");
    expect(diagnoseType("the rule's result", [t], "object")?.id).toBe("wrong-type");
  });
});

describe("diagnoseShape", () => {
  it("accepts equal shapes", () => {
    expect(diagnoseShape("dW", [3, 4], [3, 4])).toBeNull();
    expect(diagnoseShape("loss", [], [])).toBeNull();
  });

  it("calls the expected shape reversed a possible transpose", () => {
    const d = diagnoseShape("dW", [4, 3], [3, 4]);
    expect(d?.id).toBe("wrong-shape");
    expect(d?.message).toBe("dW has shape [4, 3], expected [3, 4]: this is the expected shape reversed: transposed?");
    expect(d?.evidence).toMatchObject({ expected: [3, 4], got: [4, 3], reversed: true });
  });

  it("does not call a different shape reversed", () => {
    const d = diagnoseShape("dW", [4, 4], [3, 4]);
    expect(d?.evidence.reversed).toBe(false);
    expect(d?.message).toBe("dW has shape [4, 4], expected [3, 4].");
    // A square shape reversed is itself: equal, so no diagnosis at all.
    expect(diagnoseShape("dW", [3, 3], [3, 3])).toBeNull();
  });

  it("points at a kept or dropped axis of size 1", () => {
    const d = diagnoseShape("db", [1, 5], [5]);
    expect(d?.evidence.onlyUnitAxesDiffer).toBe(true);
    expect(d?.hint).toContain("reshape it to [5]");
  });

  it("says when the number of entries is right but the arrangement is not", () => {
    expect(diagnoseShape("y", [2, 6], [3, 4])?.hint).toContain("right number of entries (12)");
    expect(diagnoseShape("y", [2, 5], [3, 4], "y has shape [N, out]")?.hint).toBe("y has shape [N, out]");
  });
});
