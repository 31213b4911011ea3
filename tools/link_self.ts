/**
 * Makes `import … from "gradlab"` resolve anywhere in this repository, including in notebooks.
 *
 * tslab compiles a notebook with its folder as rootDir and resolves imports the Node10 way,
 * through `node_modules`; a TypeScript source outside the notebook's folder would be outside
 * rootDir. So the package name must lead to built `.js` + `.d.ts`: this links
 * `node_modules/gradlab` to the repository root, whose package.json points at `dist/lib`.
 * Run by `npm run build` (and so by `npm install`/`npm ci` through `prepare`).
 */
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const link = path.join(root, "node_modules", "gradlab");

function alreadyLinked(): boolean {
  try {
    return fs.realpathSync(link) === fs.realpathSync(root);
  } catch {
    return false;
  }
}

if (!alreadyLinked()) {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { recursive: true, force: true });
  // A relative target keeps the link valid if the checkout is moved.
  fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");
}
