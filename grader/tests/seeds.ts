/**
 * Seeds of tests. Public tests use a fixed seed per (part, test), so the student's `check()`
 * and the grader see the same inputs; hidden tests derive theirs from the run's seed, fresh per
 * grading run unless given, and recorded in the result.
 */
import { createHash } from "crypto";

export function testSeed(runSeed: number | "public", part: string, test: string): number {
  return createHash("sha256").update(`${runSeed}\u0000${part}\u0000${test}`).digest().readUInt32LE(0);
}
