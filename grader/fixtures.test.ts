/**
 * The grader on every assignment's fixture submissions (grader/fixtures/<assignment>/*.cells):
 * the reference solution scores full marks with no finding (and the same again for the same
 * seed), the untouched release zero, and each typical mistake gets its diagnosis and the
 * expected partial score. Hostile submissions are in hostile.test.ts.
 */
import * as path from "path";
import { listAssignments } from "./assignment/load";
import { closeCompilers } from "./compile/compile";
import { listFixtures, parseFixture } from "./fixtures/build";
import { gradeFixture, unmetExpectations } from "./fixture_support";

jest.setTimeout(120_000);
afterAll(() => closeCompilers());

const LIMITS = { testMs: 5000, cellMs: 5000 };

describe.each(listAssignments())("%s", (assignment) => {
  test("the reference solution scores full marks with no finding, the same for the same seed", async () => {
    const reference = parseFixture(path.join(__dirname, "fixtures", assignment, "reference.cells"));
    const first = await gradeFixture(assignment, reference, { seed: 5, limits: LIMITS });
    expect(first.result.findings).toEqual([]);
    for (const p of first.result.parts) expect([p.id, p.score]).toEqual([p.id, p.points]);
    const again = await gradeFixture(assignment, reference, { seed: 5, limits: LIMITS });
    expect(JSON.stringify({ ...again.result, submission: null })).toBe(JSON.stringify({ ...first.result, submission: null }));
  });

  const fixtures = listFixtures(assignment).filter((f) => !f.name.startsWith("hostile-") && f.name !== "reference");
  test.each(fixtures.map((f) => [f.name, f] as const))("%s", async (_name, f) => {
    const { result } = await gradeFixture(assignment, f, { limits: LIMITS });
    expect(unmetExpectations(f, result)).toEqual([]);
  });
});
