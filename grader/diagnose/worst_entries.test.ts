import { Rng, Tensor } from "gradlab";
import { diagnoseSomeEntriesWrong, worstEntries } from "./worst_entries";

describe("worstEntries", () => {
  it("lists the largest differences first with multi-indices, NaN first of all", () => {
    const r = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    const s = Tensor.from([[1, 2.5, 3], [NaN, 5, 2]]);
    expect(worstEntries(s, r, 2)).toEqual([
      { index: [1, 0], student: NaN, expected: 4, absDiff: Infinity },
      { index: [1, 2], student: 2, expected: 6, absDiff: 4 },
    ]);
    expect(worstEntries(s, r, 10)).toHaveLength(6);
  });
});

describe("diagnoseSomeEntriesWrong", () => {
  it("counts the wrong entries and names the worst ones", () => {
    const rng = new Rng(23);
    const r = Tensor.randn([4, 5], rng);
    const s = r.clone();
    // Like a ReLU bprop that lets the gradient through at x = 0 in row 2: three entries off.
    s.set([2, 1], r.get(2, 1) + 3);
    s.set([2, 3], r.get(2, 3) - 1);
    s.set([0, 4], r.get(0, 4) + 0.5);
    const d = diagnoseSomeEntriesWrong("dx", s, r, 1e-7);
    expect(d.id).toBe("some-entries-wrong");
    expect(d.evidence).toMatchObject({ wrong: 3, total: 20, worstIndex: ["[2, 1]", "[2, 3]", "[0, 4]"] });
    expect(d.evidence.worstExpected).toEqual([r.get(2, 1), r.get(2, 3), r.get(0, 4)]);
    expect(d.message).toMatch(/^3 of 20 entries of dx are off \(relError 0\.\d+\); the worst: \[2, 1\]: -?\d.* instead of .*; \[2, 3\]: /);
  });

  it("says so when every entry is off", () => {
    const d = diagnoseSomeEntriesWrong("y", Tensor.from([1, 2]), Tensor.from([3, 5]), 1e-7, 1);
    expect(d.message).toBe("All 2 entries of y are off (relError 0.43); the worst: [1]: 2 instead of 5.");
  });

  it("does not count entries within the threshold", () => {
    const r = Tensor.from([1, 2, 3, 4]);
    const s = Tensor.from([1 + 1e-12, 2, 3, 40]);
    expect(diagnoseSomeEntriesWrong("y", s, r, 1e-7).evidence.wrong).toBe(1);
    // A NaN is one wrong entry; it does not make the others wrong by spoiling the scale.
    expect(diagnoseSomeEntriesWrong("y", Tensor.from([1, 2, NaN, 4]), r, 1e-7).evidence.wrong).toBe(1);
  });
});
