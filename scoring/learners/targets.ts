/** Validation of the target vector at the learner boundary. */

/** Copies `y` into a Float64Array after checking its length and values; errors name the row. */
export function readTargets(
  y: ArrayLike<number>,
  nRows: number,
  task: 'classification' | 'regression',
  where: string,
): Float64Array {
  if (y.length !== nRows) {
    throw new Error(`${where}: y has ${y.length} values but the dataset has ${nRows} rows`);
  }
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const v = y[i]!;
    if (task === 'classification' && v !== 0 && v !== 1) {
      throw new Error(`${where}: y[${i}] = ${v}; classification targets must be 0 or 1 (1 = positive class)`);
    }
    if (!Number.isFinite(v)) throw new Error(`${where}: y[${i}] = ${v}; regression targets must be finite`);
    out[i] = v;
  }
  if (nRows === 0) throw new Error(`${where}: the dataset has no rows`);
  return out;
}
