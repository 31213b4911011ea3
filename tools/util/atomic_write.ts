import * as fs from "fs";
import * as path from "path";

/**
 * Writes a file so that readers see either the old content or the new, never a half-written
 * file: write a temporary file in the same folder, flush it, then rename it over the target
 * (rename is atomic within one file system).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, typeof content === "string" ? Buffer.from(content, "utf8") : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
