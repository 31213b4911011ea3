import { Tensor } from "gradlab";
import { diagnoseNonFinite } from "./non_finite";

describe("diagnoseNonFinite", () => {
  it("finds nothing in finite values, however large", () => {
    expect(diagnoseNonFinite("dx", Tensor.from([[1e308, -1e308], [0, -0]]))).toBeNull();
    expect(diagnoseNonFinite("loss", 2.5)).toBeNull();
  });

  it("counts each kind and gives the first as a multi-index", () => {
    // [3, 2]: flat 4 is [2, 0]; entries 4 and 5 are NaN, no earlier one is non-finite.
    const t = Tensor.from([[1, 2], [3, 4], [NaN, NaN]]);
    const d = diagnoseNonFinite("dx", t);
    expect(d?.id).toBe("non-finite");
    expect(d?.evidence).toEqual({ nan: 2, posInf: 0, negInf: 0, total: 6, firstIndex: [2, 0] });
    expect(d?.message).toBe("dx has 2 NaN entries (of 6, shape [3, 2]); the first is at [2, 0].");
  });

  it("lists NaN and both infinities, the first being whichever comes first in row-major order", () => {
    const t = Tensor.zeros([2, 2, 3]);
    t.data[7] = -Infinity; // [1, 0, 1]
    t.data[9] = NaN;
    t.data[11] = Infinity;
    const d = diagnoseNonFinite("y", t);
    expect(d?.evidence).toMatchObject({ nan: 1, posInf: 1, negInf: 1, firstIndex: [1, 0, 1] });
    expect(d?.message).toContain("1 NaN entry, 1 +Infinity entry and 1 -Infinity entry");
  });

  it("reports a non-finite number (a loss) by its value", () => {
    const d = diagnoseNonFinite("loss", Infinity);
    expect(d?.message).toBe("loss is Infinity.");
    expect(d?.evidence).toMatchObject({ posInf: 1, firstIndex: [] });
  });
});
