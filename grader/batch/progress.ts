/**
 * Progress of a batch: a cli-progress bar with counts and ETA on a terminal, plain lines (about
 * every 5% and at the end) when the output goes to a log file or CI.
 */
import { SingleBar } from "cli-progress";

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

export function progress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (total === 0) return { tick: () => undefined, stop: () => undefined };
  if (stream.isTTY) {
    const bar = new SingleBar({ format: "grading [{bar}] {value}/{total} · {percentage}% · ETA {eta_formatted} · {label}", stream, hideCursor: true, etaBuffer: 20 });
    bar.start(total, 0, { label: "" });
    return { tick: (label) => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  const started = Date.now();
  let done = 0;
  let lastShown = -1;
  return {
    tick(label: string): void {
      done++;
      const step = Math.max(1, Math.round(total / 20));
      if (done === total || done - lastShown >= step) {
        lastShown = done;
        const elapsed = (Date.now() - started) / 1000;
        const eta = done < total ? `, ETA ${Math.round((elapsed / done) * (total - done))} s` : "";
        stream.write(`graded ${done}/${total} (${Math.round((100 * done) / total)}%) in ${Math.round(elapsed)} s${eta}; last: ${label}\n`);
      }
    },
    stop: () => undefined,
  };
}
