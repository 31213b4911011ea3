/** What the results were measured on: CPU, cores, memory, versions, load. */
import * as fs from "fs";
import * as os from "os";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  date: string;
  loadAtStart: [number, number, number];
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1].trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? "unknown";
}

export function describeMachine(): Machine {
  const [a, b, c] = os.loadavg();
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAtStart: [a, b, c],
  };
}

export function formatLoad(l: readonly number[]): string {
  return l.map((v) => v.toFixed(2)).join(", ");
}
