/**
 * Integer rounding that keeps totals: the arithmetic behind stratified batches and splits.
 *
 * Dividing 10 examples of a class among batches or parts in proportion rarely gives whole
 * numbers; these helpers round each share down or up (never further) while making the rounded
 * shares add up to the exact totals, so that no example is lost or used twice.
 */

/**
 * Splits the integer `total` into integer shares proportional to `weights` (Hamilton's
 * largest-remainder method): each share is ⌊total·wᵢ/Σw⌋ or that plus one, and the shares sum
 * to `total`. The units left after flooring go to the largest fractional parts, ties to the
 * lowest index, so the result is deterministic.
 */
export function largestRemainder(total: number, weights: ArrayLike<number>): Int32Array {
  const k = weights.length;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const w = weights[i];
    if (!(Number.isFinite(w) && w >= 0)) throw new Error(`largestRemainder: weight ${i} must be a finite number >= 0, got ${w}`);
    sum += w;
  }
  if (!(Number.isInteger(total) && total >= 0)) throw new Error(`largestRemainder: total must be an integer >= 0, got ${total}`);
  const shares = new Int32Array(k);
  if (total === 0) return shares;
  if (sum === 0) throw new Error(`largestRemainder: cannot share ${total} among weights that are all 0`);
  const fraction = new Float64Array(k);
  let given = 0;
  for (let i = 0; i < k; i++) {
    const exact = (total * weights[i]) / sum;
    shares[i] = Math.floor(exact);
    fraction[i] = exact - shares[i];
    given += shares[i];
  }
  // Fewer than k units are left (each floor loses less than one); hand them out in order.
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => fraction[b] - fraction[a] || a - b);
  for (let j = 0; given < total; j++, given++) shares[order[j % k]]++;
  return shares;
}

/**
 * Rounds the matrix `target[r][c]` to integers that are each its floor or its ceiling, keeping
 * every row sum and column sum (which must already be integers). Such a rounding always exists
 * (Bacharach, 1966); it is found as an integer flow: start from the floors, then route the
 * missing units of each row to columns through cells whose value is not an integer.
 */
export function roundMatrix(target: readonly (readonly number[])[]): number[][] {
  const rows = target.length;
  const cols = rows === 0 ? 0 : target[0].length;
  const out = target.map((row) => row.map((v) => Math.floor(v + 1e-9)));
  const rowNeed = new Array<number>(rows).fill(0);
  const colNeed = new Array<number>(cols).fill(0);
  const open: boolean[][] = [];
  for (let r = 0; r < rows; r++) {
    if (target[r].length !== cols) throw new Error(`roundMatrix: row ${r} has ${target[r].length} entries, expected ${cols}`);
    open.push([]);
    for (let c = 0; c < cols; c++) {
      const v = target[r][c];
      if (!(Number.isFinite(v) && v >= 0)) throw new Error(`roundMatrix: entry [${r}, ${c}] must be a finite number >= 0, got ${v}`);
      rowNeed[r] += v - out[r][c];
      colNeed[c] += v - out[r][c];
      open[r].push(v - out[r][c] > 1e-9);
    }
  }
  const roundNeed = (v: number, what: string): number => {
    const k = Math.round(v);
    if (Math.abs(v - k) > 1e-6) throw new Error(`roundMatrix: ${what} sum is not an integer`);
    return k;
  };
  for (let r = 0; r < rows; r++) rowNeed[r] = roundNeed(rowNeed[r], `row ${r}`);
  for (let c = 0; c < cols; c++) colNeed[c] = roundNeed(colNeed[c], `column ${c}`);

  // Augmenting paths alternate row → column along an open, unused cell and column → row
  // back along a cell that already received its extra unit (undoing that choice).
  const used: boolean[][] = out.map((row) => row.map(() => false));
  const augment = (r: number, seenRow: boolean[], seenCol: boolean[]): boolean => {
    seenRow[r] = true;
    for (let c = 0; c < cols; c++) {
      if (!open[r][c] || used[r][c] || seenCol[c]) continue;
      seenCol[c] = true;
      if (colNeed[c] > 0) {
        colNeed[c]--;
        used[r][c] = true;
        return true;
      }
      for (let r2 = 0; r2 < rows; r2++) {
        if (used[r2][c] && !seenRow[r2] && augment(r2, seenRow, seenCol)) {
          used[r2][c] = false;
          used[r][c] = true;
          return true;
        }
      }
    }
    return false;
  };
  for (let r = 0; r < rows; r++) {
    for (; rowNeed[r] > 0; rowNeed[r]--) {
      if (!augment(r, new Array<boolean>(rows).fill(false), new Array<boolean>(cols).fill(false))) {
        throw new Error("roundMatrix: the row and column sums are inconsistent");
      }
    }
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (used[r][c]) out[r][c]++;
  return out;
}
