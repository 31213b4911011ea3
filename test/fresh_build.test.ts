/**
 * Tests of the built package cannot run stale code under a plain `npx jest`: jest's global
 * setup (test/support/fresh_build.ts) rebuilds dist/ when a source is newer than its output.
 * This file uses dist/lib, so the setup runs for it too.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as source from "gradlab";
import { distConsumers, staleOutputs } from "./support/fresh_build";

const root = path.resolve(__dirname, "..");

test("staleOutputs names sources whose compiled file is missing or older, and nothing else", () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-fresh-"));
  try {
    const put = (rel: string, mtimeSeconds: number): void => {
      const file = path.join(base, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "");
      fs.utimesSync(file, mtimeSeconds, mtimeSeconds);
    };
    put("lib/fresh.ts", 1000);
    put("dist/lib/fresh.js", 2000);
    put("lib/edited.ts", 3000); // edited after the build
    put("dist/lib/edited.js", 2000);
    put("tools/new_file.ts", 1000); // never built
    put("lib/edited.test.ts", 5000); // tests and declarations are not built
    put("lib/types.d.ts", 5000);
    expect(staleOutputs(base).sort()).toEqual([path.join("lib", "edited.ts"), path.join("tools", "new_file.ts")]);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test("after jest's setup, no source is newer than dist/, and dist/lib exports what the sources export", () => {
  expect(staleOutputs(root)).toEqual([]);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const built = require(path.join(root, "dist/lib/index.js")) as Record<string, unknown>;
  expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
});

test("the tests that run dist/ are recognised, so that running one of them triggers the build", () => {
  const consumers = distConsumers(root).map((f) => path.relative(root, f));
  for (const f of ["test/embedded_engine.test.ts", "test/course_notebooks.test.ts", "test/notebook_errors.test.ts", "lib/tensor/gemm_backend.test.ts", "test/fresh_build.test.ts"]) {
    expect(consumers).toContain(f);
  }
  expect(consumers).not.toContain("lib/plot/show.test.ts"); // it names tslab/dist/jupyter, not gradlab's dist/
  expect(consumers).not.toContain("lib/nn/linear.test.ts");
});
