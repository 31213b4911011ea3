/**
 * The entry point of a runner's startup snapshot (snapshot.ts builds it in the grader, never in a
 * runner). Building it evaluates the library view, so a runner started from the snapshot has the
 * library in its heap from its first instruction and only waits for its cells; everything else,
 * the socket on fd 3 included, is set up after the snapshot is deserialized, in the runner.
 *
 * Only Node's built-in modules can be required while a snapshot is built: snapshot.ts bundles
 * this file and the runner files it imports into one.
 */
import * as fs from "fs";
import * as v8 from "v8";
import { PreloadedLibrary, loadLibrary, serve } from "./serve";

const file = process.env.GRADLAB_SNAPSHOT_LIBRARY;
const id = process.env.GRADLAB_SNAPSHOT_LIBRARY_ID;
if (!file || !id || !v8.startupSnapshot.isBuildingSnapshot()) {
  throw new Error("snapshot_entry.js is the entry of a runner snapshot: snapshot.ts builds it with node --build-snapshot");
}
// Only evaluated, not exercised. Running a spiral training here first, so that the library's
// functions would be compiled in the snapshot, was measured and gains nothing: the first training
// in a process started from such a snapshot took 84-114 ms of CPU (4 processes), from one without
// it 91-115 ms, and the second training in the same process 23-41 ms; what makes the second fast
// (type feedback, optimized code) does not come through the snapshot. Nor is WebAssembly, which
// gemm uses, available while a snapshot is built.
const library: PreloadedLibrary = { id, exports: loadLibrary(fs.readFileSync(file, "utf8")) };
v8.startupSnapshot.setDeserializeMainFunction(() => serve(library));
