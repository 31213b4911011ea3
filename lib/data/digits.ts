import * as fs from "fs";
import * as path from "path";
import { gunzipSync } from "zlib";
import { expectShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { withDefaults } from "../util/options";
import { findRepoRoot } from "../util/repo_root";
import { ClassificationData } from "./dataset";

/** Number of examples and of pixels per image in the digits data set (see DIGITS.md). */
export const DIGITS_COUNT = 1797;
export const DIGITS_PIXELS = 64;
const RELATIVE_PATH = path.join("lib", "data", "digits.csv.gz");

/** Parsed file contents, kept so that each call only copies (loadDigits hands out copies). */
let cache: { file: string; pixels: Float64Array; labels: Int32Array } | null = null;

/**
 * The 1797 8×8 handwritten digits (UCI "Optical Recognition of Handwritten Digits", the test
 * set that scikit-learn ships as load_digits; see lib/data/DIGITS.md for source and licence).
 *
 * Returns x [1797, 64], the 8×8 images row by row, each pixel the file's count 0..16 divided by
 * 16 so that x lies in [0, 1]; y the digit 0..9; classes 10. Every call returns fresh arrays, so
 * changing them does not affect later calls. `file` overrides the path of digits.csv.gz.
 */
export function loadDigits(options?: { file?: string }): ClassificationData {
  const opts = withDefaults<{ file: string | undefined }>("loadDigits", { file: undefined }, options);
  const file = opts.file ?? path.join(findRepoRoot(), RELATIVE_PATH);
  if (cache === null || cache.file !== file) cache = { file, ...parseDigits(readGzip(file)) };
  return {
    x: new Tensor(cache.pixels.slice(), [cache.labels.length, DIGITS_PIXELS]),
    y: cache.labels.slice(),
    classes: 10,
  };
}

function readGzip(file: string): string {
  if (!fs.existsSync(file)) {
    throw new Error(
      `loadDigits: data file not found: ${file}; it belongs at lib/data/digits.csv.gz in the gradlab repository (see lib/data/DIGITS.md)`,
    );
  }
  try {
    return gunzipSync(fs.readFileSync(file)).toString("utf8");
  } catch (e) {
    throw new Error(`loadDigits: cannot decompress ${file}: ${(e as Error).message}`);
  }
}

/** Parses lines of 64 integer pixels 0..16 then the label 0..9, comma-separated; scales by 1/16. */
function parseDigits(text: string): { pixels: Float64Array; labels: Int32Array } {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const pixels = new Float64Array(lines.length * DIGITS_PIXELS);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const fields = line.split(",");
    if (fields.length !== DIGITS_PIXELS + 1) {
      throw new Error(`loadDigits: line ${i + 1} has ${fields.length} fields, expected ${DIGITS_PIXELS} pixels and a label`);
    }
    for (let j = 0; j <= DIGITS_PIXELS; j++) {
      const v = Number(fields[j]);
      const max = j < DIGITS_PIXELS ? 16 : 9;
      if (!Number.isInteger(v) || v < 0 || v > max || fields[j].trim() === "") {
        throw new Error(`loadDigits: line ${i + 1}, field ${j + 1} is "${fields[j]}", expected an integer 0..${max}`);
      }
      if (j < DIGITS_PIXELS) pixels[i * DIGITS_PIXELS + j] = v / 16;
      else labels[i] = v;
    }
  });
  if (lines.length !== DIGITS_COUNT) {
    throw new Error(`loadDigits: the file has ${lines.length} examples, expected ${DIGITS_COUNT}`);
  }
  return { pixels, labels };
}

/**
 * The digits as one-channel images for Conv2d: x [N, 64] → [N, 1, 8, 8] (NCHW), pixel (r, c)
 * being feature 8r + c. The result's x shares its numbers with `data.x` (a reshaped view) and
 * its y is `data.y` itself; works on any subset of the digits.
 */
export function digitImages(data: ClassificationData): ClassificationData {
  if (data === null || typeof data !== "object" || !(data.x instanceof Tensor)) {
    throw new Error("digitImages: data must be a ClassificationData { x, y, classes } such as loadDigits() returns");
  }
  expectShape(data.x.shape, [null, DIGITS_PIXELS], "digitImages", "x", ["N"]);
  const N = data.x.shape[0];
  if (!(data.y instanceof Int32Array) || data.y.length !== N) {
    throw new Error(`digitImages: y must be an Int32Array of ${N} labels, one per row of x`);
  }
  return { ...data, x: data.x.reshape([N, 1, 8, 8]) };
}
