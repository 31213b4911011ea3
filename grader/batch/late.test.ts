import { LateRules, lateRecord, parseDuration, parsePolicy } from "./late";

const due = new Date("2026-12-01T10:00:00Z");
const rules = (policy: string, grace = "15m"): LateRules => ({ due, policy: parsePolicy(policy), graceMs: parseDuration(grace, "grace"), extensions: new Map([["ext", new Date("2026-12-03T10:00:00Z")]]) });
const at = (iso: string) => ({ at: new Date(iso), source: "times-csv" as const });

describe("late work, worked by hand", () => {
  test("within the grace period: on time", () => {
    expect(lateRecord(rules("percent-per-day:10"), "a", at("2026-12-01T10:14:59Z"))).toMatchObject({ lateHours: 0, penalty: 0, note: "on time" });
  });
  test("percent per started hour and per started day", () => {
    // 11:00 is 45 minutes after the grace period: one started hour, one started day.
    expect(lateRecord(rules("percent-per-hour:5"), "a", at("2026-12-01T11:00:00Z"))).toMatchObject({ lateHours: 0.75, penalty: 0.05 });
    expect(lateRecord(rules("percent-per-day:10"), "a", at("2026-12-01T11:00:00Z"))).toMatchObject({ penalty: 0.1 });
    // 25 h after the grace period: the second day has started.
    expect(lateRecord(rules("percent-per-day:10"), "a", at("2026-12-02T11:15:00Z"))).toMatchObject({ lateHours: 25, penalty: 0.2 });
    expect(lateRecord(rules("percent-per-day:30"), "a", at("2026-12-06T10:15:00Z")).penalty).toBe(1);
  });
  test("zero, none, an extension, an unknown time", () => {
    expect(lateRecord(rules("zero"), "a", at("2026-12-01T10:16:00Z")).penalty).toBe(1);
    expect(lateRecord(rules("none"), "a", at("2026-12-05T10:00:00Z"))).toMatchObject({ penalty: 0, lateHours: 95.75 });
    expect(lateRecord(rules("zero"), "ext", at("2026-12-02T10:00:00Z"))).toMatchObject({ penalty: 0, due: "2026-12-03T10:00:00.000Z" });
    expect(lateRecord(rules("zero"), "a", null)).toMatchObject({ penalty: 0, note: "submission time unknown: no late penalty" });
  });
  test("bad policies and durations are errors that say what to write", () => {
    expect(() => parsePolicy("10%")).toThrow(/use none, zero, percent-per-day:P or percent-per-hour:P/);
    expect(() => parsePolicy("percent-per-day:0")).toThrow();
    expect(() => parseDuration("15 minutes", "--grace")).toThrow('--grace: "15 minutes" is not a duration; write e.g. 15m, 2h or 1d');
  });
});
