/**
 * Compressed sparse rows: row i's non-zero cells are `index`/`value` from `start[i]` to
 * `start[i + 1]`, columns ascending. One-hot designs are mostly zeros (a categorical with 40
 * levels puts one 1 in 40 columns), so the solver's cost follows the non-zeros, not the width.
 */
export interface SparseRows {
  readonly nRows: number;
  readonly width: number;
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
}

/** CSR copy of a dense row-major n x width matrix. */
export function sparseFromDense(X: Float64Array, nRows: number, width: number): SparseRows {
  let nonZeros = 0;
  for (let k = 0; k < X.length; k++) if (X[k] !== 0) nonZeros++;
  const start = new Int32Array(nRows + 1);
  const index = new Int32Array(nonZeros);
  const value = new Float64Array(nonZeros);
  let at = 0;
  for (let i = 0; i < nRows; i++) {
    start[i] = at;
    const base = i * width;
    for (let j = 0; j < width; j++) {
      const v = X[base + j] as number;
      if (v !== 0) {
        index[at] = j;
        value[at++] = v;
      }
    }
  }
  start[nRows] = at;
  return { nRows, width, start, index, value };
}
