import type { Dataset } from '../learners/types.ts';

/** A dataset holding only `rows` (in that order); columns are copied so learners get dense arrays. */
export function selectRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  const columns = data.columns.map((column) => {
    const out = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = column[rows[k] as number] as number;
    return out;
  });
  return {
    nRows: rows.length,
    featureNames: data.featureNames,
    columns,
    categorical: data.categorical,
    ...(data.categoryLabels ? { categoryLabels: data.categoryLabels } : {}),
  };
}

export function selectValues(values: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k] as number] as number;
  return out;
}
