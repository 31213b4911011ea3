/**
 * Runs ONE workload with ONE JavaScript peer in this (fresh) process and prints its result as
 * one line `BENCH_RESULT {json}` on stdout, as bench/worker.ts does for gradlab. Started by
 * bench/run.ts right after gradlab's worker for the same workload:
 *
 *   node dist/bench/peer_worker.js <tfjs-cpu|tfjs-wasm|convnetjs> <workload> '<timing options as JSON>'
 *
 * A peer that fails to load or throws makes this process exit with an error, which run.ts
 * records as that peer's outcome ("–" in the table, the reason in a note).
 */
import { PEERS, Peer, PeerInfo, convnetConv, convnetMlpStep, convnetTiny, loadConvnet, loadTf, tfConv, tfMatmul, tfMlpStep, tfTiny } from "./peer_workloads";
import { RESULT_MARK, SPEC, Spec, matmulShapeOf, mlpBatch } from "./spec";
import { DEFAULT_TIMING, TimingOptions } from "./timing";

async function runPeer(peer: Peer, workload: string, spec: Spec): Promise<{ result: unknown; peerInfo: PeerInfo }> {
  const timing = spec.timing;
  const batch = mlpBatch(workload);
  const shape = matmulShapeOf(workload);
  if (peer === "convnetjs") {
    const { cn, info } = loadConvnet();
    if (batch !== null) return { result: convnetMlpStep(cn, spec, batch, timing), peerInfo: info };
    if (workload === "tiny") return { result: convnetTiny(cn, spec, timing), peerInfo: info };
    if (workload === "conv") return { result: convnetConv(cn, spec, timing), peerInfo: info };
    throw new Error(`ConvNetJS has no workload "${workload}"`);
  }
  const { tf, info } = await loadTf(peer === "tfjs-cpu" ? "cpu" : "wasm");
  if (batch !== null) return { result: tfMlpStep(tf, spec, batch, timing), peerInfo: info };
  if (shape !== null) return { result: tfMatmul(tf, { ...spec, matmul: [shape] }, timing), peerInfo: info };
  if (workload === "matmul") return { result: tfMatmul(tf, spec, timing), peerInfo: info };
  if (workload === "tiny") return { result: tfTiny(tf, spec, timing), peerInfo: info };
  if (workload === "conv") return { result: tfConv(tf, spec, timing), peerInfo: info };
  throw new Error(`TF.js: no workload "${workload}"`);
}

async function main(): Promise<void> {
  const [peer, workload, timingJson] = process.argv.slice(2);
  if (!(PEERS as readonly string[]).includes(peer)) throw new Error(`bench peer worker: unknown peer "${peer}"; known: ${PEERS.join(", ")}`);
  const timing = timingJson ? (JSON.parse(timingJson) as TimingOptions) : DEFAULT_TIMING;
  const { result, peerInfo } = await runPeer(peer as Peer, workload, { ...SPEC, timing });
  const maxRssKb = process.resourceUsage().maxRSS;
  const cpu = process.cpuUsage();
  const cpuPerWall = (cpu.user + cpu.system) / 1e6 / process.uptime();
  const line = `${RESULT_MARK}${JSON.stringify({ workload, result, maxRssKb, cpuPerWall, peerInfo })}\n`;
  process.stdout.write(line, () => process.exit(0));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
