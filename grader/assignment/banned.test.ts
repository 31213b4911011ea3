/**
 * A guard against answers leaking through the library: every export named after a banned box
 * (its name with a lower-case first letter as a prefix: `conv2dReferenceGrads` for `Conv2d`,
 * `adamw` for `adam`) is banned too, or listed here with the reason it gives nothing away. A new
 * helper such as a reference gradient then fails this test until its assignment bans it.
 */
import * as gradlab from "gradlab";
import { listAssignments, loadAssignment, readManifest } from "./load";

/** Exports that share a banned name's prefix but compute nothing a part asks for. */
const HARMLESS: Record<string, string> = {
  linearDecaySchedule: "a learning-rate schedule, not the Linear layer",
  linePlot: "a plot",
  valueGraphDot: "draws a Value's graph; computes no derivative",
  valueGraphSvg: "draws a Value's graph; computes no derivative",
};

const exportsOfLibrary = Object.keys(gradlab).filter((k) => k !== "default" && k !== "__esModule");

describe.each(listAssignments())("%s", (assignment) => {
  test("every library export named after a banned box is banned too", () => {
    const banned = new Set(readManifest(loadAssignment(assignment)).banned);
    const prefixes = [...banned].map((b) => b[0].toLowerCase() + b.slice(1));
    const leaks = exportsOfLibrary.filter((name) => !banned.has(name) && !(name in HARMLESS) && prefixes.some((p) => name.startsWith(p) || name.startsWith(p[0].toUpperCase() + p.slice(1))));
    expect(leaks).toEqual([]);
  });
});
