import * as fs from "fs";
import * as path from "path";

/**
 * The repository root: the nearest folder at or above `start` whose package.json is named
 * "gradlab". Data files and schemas are not copied by the build, so code run from the
 * sources (jest) and from the compiled dist/ finds them this way.
 */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === "gradlab") return dir;
      } catch {
        // An unreadable or invalid package.json belongs to something else: keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`findRepoRoot: no package.json named "gradlab" in ${path.resolve(start)} or any folder above it`);
    }
    dir = parent;
  }
}
