import { Rng, Tensor } from "gradlab";
import { TILE_ROWS, columnSquaredDeviations, columnSums, columnSumsAndProducts, normalizeColumns, trainingDx } from "./batchnorm_loops";

/**
 * The four-columns-at-a-time loops against the plain row-by-row loops they replace, bit for bit
 * (same operations, same order), with C = 11: two blocks of four and a tail of three; N = 7 (less
 * than one tile of rows) and N = 2·TILE_ROWS + 5 (two whole tiles and a partial one), and the
 * outputs holding stale numbers first, as reused buffers do.
 */
const C = 11;
describe.each([7, 2 * TILE_ROWS + 5])("BatchNorm1d's column loops equal the plain row-by-row loops, N = %i", (N) => {
  const rng = new Rng(31);
  const rand = (n: number): Float64Array => Tensor.randn([n], rng).data;
  const [x, dy, mean, invStd, gamma, beta, meanDy, meanDyXhat] = [rand(N * C), rand(N * C), rand(C), rand(C), rand(C), rand(C), rand(C), rand(C)];
  const plain = (f: (n: number, c: number) => void): void => {
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) f(n, c);
  };
  const stale = (n: number): Float64Array => new Float64Array(n).fill(7);

  test("columnSums, columnSquaredDeviations, columnSumsAndProducts", () => {
    const [sums, devs, s2, products] = [stale(C), stale(C), stale(C), stale(C)];
    columnSums(x, N, C, sums);
    columnSquaredDeviations(x, N, C, mean, devs);
    columnSumsAndProducts(dy, x, N, C, s2, products);
    const [eSums, eDevs, eProducts] = [new Float64Array(C), new Float64Array(C), new Float64Array(C)];
    plain((n, c) => {
      const i = n * C + c;
      eSums[c] += x[i];
      eDevs[c] += (x[i] - mean[c]) * (x[i] - mean[c]);
      eProducts[c] += dy[i] * x[i];
    });
    const eDySums = new Float64Array(C);
    plain((n, c) => (eDySums[c] += dy[n * C + c]));
    expect(Array.from(sums)).toEqual(Array.from(eSums));
    expect(Array.from(devs)).toEqual(Array.from(eDevs));
    expect(Array.from(s2)).toEqual(Array.from(eDySums));
    expect(Array.from(products)).toEqual(Array.from(eProducts));
  });

  test("normalizeColumns and trainingDx", () => {
    const [xhat, y, dx] = [stale(N * C), stale(N * C), stale(N * C)];
    normalizeColumns(x, N, C, mean, invStd, gamma, beta, xhat, y);
    trainingDx(dy, xhat, N, C, invStd, meanDy, meanDyXhat, dx);
    const [eXhat, eY, eDx] = [new Float64Array(N * C), new Float64Array(N * C), new Float64Array(N * C)];
    plain((n, c) => {
      const i = n * C + c;
      eXhat[i] = (x[i] - mean[c]) * invStd[c];
      eY[i] = gamma[c] * eXhat[i] + beta[c];
      eDx[i] = invStd[c] * (dy[i] - meanDy[c] - eXhat[i] * meanDyXhat[c]);
    });
    expect(Array.from(xhat)).toEqual(Array.from(eXhat));
    expect(Array.from(y)).toEqual(Array.from(eY));
    expect(Array.from(dx)).toEqual(Array.from(eDx));
  });
});
