import * as fs from "fs";
import * as path from "path";

/**
 * The repository root: the nearest folder upwards from `start` whose package.json is named
 * "gradlab". Works from the TypeScript sources and from the compiled `dist/` alike.
 */
export function repoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "gradlab") return dir;
      } catch {
        // An unreadable package.json on the way up is not ours; keep looking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`could not find the gradlab repository above ${start} (no package.json named "gradlab")`);
    dir = parent;
  }
}
