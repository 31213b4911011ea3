/**
 * The grader on a1's fixture submissions (grader/fixtures/a1-backprop/*.cells): the reference
 * solution scores full marks, the untouched release zero, and each typical mistake gets its
 * diagnosis and the expected partial score. Hostile submissions are in hostile.test.ts.
 */
import { closeCompilers } from "./compile/compile";
import { listFixtures, parseFixture } from "./fixtures/build";
import { gradeFixture, unmetExpectations } from "./fixture_support";
import * as path from "path";

jest.setTimeout(120_000);
afterAll(() => closeCompilers());

const LIMITS = { testMs: 5000, cellMs: 5000 };

test("the reference solution scores full marks with no finding, the same for the same seed", async () => {
  const reference = parseFixture(path.join(__dirname, "fixtures", "a1-backprop", "reference.cells"));
  const first = await gradeFixture("a1-backprop", reference, { seed: 5, limits: LIMITS });
  expect(first.result.findings).toEqual([]);
  for (const p of first.result.parts) expect([p.id, p.score]).toEqual([p.id, p.points]);
  const again = await gradeFixture("a1-backprop", reference, { seed: 5, limits: LIMITS });
  expect(JSON.stringify({ ...again.result, submission: null })).toBe(JSON.stringify({ ...first.result, submission: null }));
});

const fixtures = listFixtures("a1-backprop").filter((f) => !f.name.startsWith("hostile-"));

test.each(fixtures.map((f) => [f.name, f] as const))("%s", async (_name, f) => {
  const { result } = await gradeFixture("a1-backprop", f, { limits: LIMITS });
  expect(unmetExpectations(f, result)).toEqual([]);
});
