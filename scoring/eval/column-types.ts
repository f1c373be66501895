/**
 * Turns raw CSV cells into typed feature columns. A column is numeric when every non-missing
 * cell parses as a plain decimal number; anything else is categorical and integer-coded by
 * sorted label, so codes do not depend on row order.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function isMissingCell(cell: string | undefined, missingTokens: ReadonlySet<string>): boolean {
  if (cell === undefined) return true;
  const trimmed = cell.trim();
  return trimmed === '' || missingTokens.has(trimmed);
}

export function inferIsNumeric(
  cells: readonly (string | undefined)[],
  missingTokens: ReadonlySet<string>,
): boolean {
  let sawValue = false;
  for (const cell of cells) {
    if (isMissingCell(cell, missingTokens)) continue;
    if (!DECIMAL.test((cell as string).trim())) return false;
    sawValue = true;
  }
  return sawValue;
}

export interface TypedColumn {
  readonly values: Float64Array;
  readonly categorical: boolean;
  readonly labels?: readonly string[];
  readonly distinct: number;
  readonly missing: number;
}

export function toTypedColumn(
  cells: readonly (string | undefined)[],
  missingTokens: ReadonlySet<string>,
): TypedColumn {
  const values = new Float64Array(cells.length);
  let missing = 0;
  if (inferIsNumeric(cells, missingTokens)) {
    const distinctValues = new Set<number>();
    cells.forEach((cell, i) => {
      if (isMissingCell(cell, missingTokens)) {
        values[i] = Number.NaN;
        missing++;
      } else {
        values[i] = Number((cell as string).trim());
        distinctValues.add(values[i] as number);
      }
    });
    return { values, categorical: false, distinct: distinctValues.size, missing };
  }
  const distinctLabels = new Set<string>();
  for (const cell of cells)
    if (!isMissingCell(cell, missingTokens)) distinctLabels.add((cell as string).trim());
  const labels = [...distinctLabels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const codeOf = new Map(labels.map((label, code) => [label, code] as const));
  cells.forEach((cell, i) => {
    if (isMissingCell(cell, missingTokens)) {
      values[i] = Number.NaN;
      missing++;
    } else values[i] = codeOf.get((cell as string).trim()) as number;
  });
  return { values, categorical: true, labels, distinct: labels.length, missing };
}
