import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import { Tensor, digitImages, findRepoRoot, loadDigits, takeLabels, takeRows } from "gradlab";

const root = path.resolve(__dirname, "..", "..");

describe("loadDigits", () => {
  const data = loadDigits();

  test("1797 examples of 64 pixels, 10 classes", () => {
    expect(data.x.shape).toEqual([1797, 64]);
    expect(data.y.length).toBe(1797);
    expect(data.classes).toBe(10);
  });

  test("class counts match the file (counted with zcat | awk)", () => {
    const counts = new Array(10).fill(0);
    for (const c of data.y) counts[c]++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  test("first and last rows: pixels / 16 and labels as in the file", () => {
    // `zcat lib/data/digits.csv.gz | head -1`
    const first = [0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0];
    expect(Array.from(data.x.data.subarray(0, 64))).toEqual(first.map((v) => v / 16));
    expect(data.y[0]).toBe(0);
    // `zcat lib/data/digits.csv.gz | tail -1`: the label is 8, the first row of pixels 0,0,10,14,8,1,0,0.
    expect(Array.from(data.x.data.subarray(1796 * 64, 1796 * 64 + 8))).toEqual([0, 0, 10, 14, 8, 1, 0, 0].map((v) => v / 16));
    expect(data.y[1796]).toBe(8);
  });

  test("values lie in [0, 1] and are multiples of 1/16; the pixel total matches the file", () => {
    expect(data.x.data.every((v) => v >= 0 && v <= 1 && Number.isInteger(v * 16))).toBe(true);
    expect(data.x.max()).toBe(1);
    // awk sum of all pixel fields = 561718; every partial sum of k/16 is exact in float64.
    expect(data.x.sum()).toBe(561718 / 16);
  });

  test("every call returns fresh arrays", () => {
    const a = loadDigits();
    a.x.data[0] = 5;
    a.y[0] = 9;
    const b = loadDigits();
    expect(b.x.data[0]).toBe(0);
    expect(b.y[0]).toBe(0);
  });
});

describe("finding the data file", () => {
  test("the repository root is found from the sources and from the compiled dist/lib/data", () => {
    expect(findRepoRoot(path.join(root, "lib", "data"))).toBe(root);
    expect(findRepoRoot(path.join(root, "dist", "lib", "data"))).toBe(root);
    expect(JSON.parse(fs.readFileSync(path.join(findRepoRoot(), "package.json"), "utf8")).name).toBe("gradlab");
  });

  test("missing, corrupt or malformed files give clear errors", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-digits-"));
    try {
      expect(() => findRepoRoot(dir)).toThrow(`findRepoRoot: no package.json named "gradlab" in ${dir} or any folder above it`);
      const missing = path.join(dir, "digits.csv.gz");
      expect(() => loadDigits({ file: missing })).toThrow(`loadDigits: data file not found: ${missing}`);
      const notGzip = path.join(dir, "plain.csv.gz");
      fs.writeFileSync(notGzip, "0,1\n");
      expect(() => loadDigits({ file: notGzip })).toThrow(`loadDigits: cannot decompress ${notGzip}`);
      const shortLine = path.join(dir, "short.csv.gz");
      fs.writeFileSync(shortLine, gzipSync("1,2,3\n"));
      expect(() => loadDigits({ file: shortLine })).toThrow("loadDigits: line 1 has 3 fields, expected 64 pixels and a label");
      const badPixel = path.join(dir, "bad.csv.gz");
      fs.writeFileSync(badPixel, gzipSync(`${new Array(63).fill(0).join(",")},17,3\n`));
      expect(() => loadDigits({ file: badPixel })).toThrow('loadDigits: line 1, field 64 is "17", expected an integer 0..16');
      const tooFew = path.join(dir, "few.csv.gz");
      fs.writeFileSync(tooFew, gzipSync(`${new Array(64).fill(0).join(",")},3\n`));
      expect(() => loadDigits({ file: tooFew })).toThrow("loadDigits: the file has 1 examples, expected 1797");
      expect(() => loadDigits({ path: missing } as never)).toThrow('loadDigits: unknown option "path"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("digitImages", () => {
  test("reshapes to [N, 1, 8, 8] with pixel (r, c) = feature 8r + c", () => {
    const data = loadDigits();
    const some = { x: takeRows(data.x, Int32Array.from([0, 5])), y: takeLabels(data.y, Int32Array.from([0, 5])), classes: 10 };
    const images = digitImages(some);
    expect(images.x.shape).toEqual([2, 1, 8, 8]);
    // First image, row 1: 0,0,13,15,10,15,5,0 (fields 9..16 of the file's first line).
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((c) => images.x.get(0, 0, 1, c) * 16)).toEqual([0, 0, 13, 15, 10, 15, 5, 0]);
    expect(images.x.get(1, 0, 3, 5)).toBe(some.x.get(1, 29));
    expect(Array.from(images.y)).toEqual(Array.from(some.y));
  });

  test("wrong shapes are rejected", () => {
    expect(() => digitImages({ x: Tensor.zeros([3, 63]), y: new Int32Array(3), classes: 10 })).toThrow(
      "digitImages: x has shape [3, 63], expected [N, 64]",
    );
    expect(() => digitImages({ x: Tensor.zeros([3, 64]), y: new Int32Array(2), classes: 10 })).toThrow(
      "digitImages: y must be an Int32Array of 3 labels",
    );
  });
});
