/**
 * The shape of a test. A test is prepared from a seeded generator into the calls to make on the
 * student's code and a judge; the judge turns the replies into checks, in the trusted process
 * (or in the student's kernel for `check()`), with references from the library. Preparing the
 * calls up front (instead of a test that talks to the runner as it goes) keeps the judge a pure
 * function of the replies: the same replies give the same verdict, and `check()` can run the
 * very same test synchronously in the student's kernel.
 */
import type { Rng } from "gradlab";
import type { Diagnosis } from "../diagnose/diagnosis";
import type { Call, Reply } from "../runner/protocol";

export type Visibility = "public" | "hidden";

/** One compared quantity of a test (y, dx, dW, the loss, a trajectory...). */
export interface Check {
  /** What was compared, as the student would name it: "y", "dW", "loss". */
  what: string;
  /** The value met the threshold against the reference. */
  passed: boolean;
  /** Share of this check's weight earned, in [0, 1]: 1 when passed, or by the own-fprop rule. */
  credit: number;
  weight: number;
  relError?: number;
  threshold?: number;
  /**
   * A side condition (inputs left unchanged): it can cost a passing test some of its points but
   * earns nothing on its own, so a test whose main checks all fail scores zero.
   */
  side?: boolean;
  /** Why it failed (or, with credit, why it earned points although it did not pass). */
  diagnosis?: Diagnosis;
}

export interface Judgement {
  checks: Check[];
}

export interface PreparedTest {
  calls: Call[];
  /** Wall-clock limit for all the calls of this test (default: the assignment's per-test limit). */
  timeoutMs?: number;
  judge(replies: readonly Reply[]): Judgement;
}

export interface TestCase {
  /** Shown to the student, also for hidden tests: "a batch of 4, 5 → 3". */
  name: string;
  visibility: Visibility;
  /** Share of the part's points, relative to the part's other tests (default 1). */
  weight: number;
  prepare(rng: Rng): PreparedTest;
}

/** Tests by part id (the grade_id of the part's test cell). */
export type PartTests = Record<string, TestCase[]>;

/** Share of a test's weight its checks earned. A test with no checks, or whose main checks earned nothing, earned nothing. */
export function testCredit(j: Judgement): number {
  if (!j.checks.some((c) => !c.side && c.credit > 0)) return 0;
  const total = j.checks.reduce((s, c) => s + c.weight, 0);
  return total > 0 ? j.checks.reduce((s, c) => s + c.weight * c.credit, 0) / total : 0;
}
