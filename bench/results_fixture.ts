/**
 * A Results with nothing measured, for the bench's table tests: each test spreads in what it
 * measures (`{ ...emptyResults(), gradlab: { … } }`).
 */
import { Results, startResults } from "./report";

export function emptyResults(): Results {
  return startResults({
    machine: { cpu: "CPU", cores: 2, memoryGiB: 8, node: "v20", kernel: "Linux", date: "d", loadAtStart: [0, 0, 0] },
    quick: false,
    timing: { warmupSeconds: 0.3, roundSeconds: 0.15, rounds: 5 },
    torchAvailable: true,
    numpyAvailable: false,
    python: "/usr/bin/python3",
  });
}
