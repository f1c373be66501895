import {
  type DetectedFormat,
  detectNumberFormat,
  type NumberFormat,
  parseLocaleNumber,
} from './number-locale.ts';

/**
 * Turns raw CSV cells into typed feature columns. A column is numeric when every non-missing
 * cell parses as a number (plain, in the given format, or in one detected format such as
 * "1,234.5" or "1.234,5"); anything else is categorical and integer-coded by sorted label, so
 * codes do not depend on row order.
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
  /** Set when the column was read as numbers written with separators, e.g. "1,234". */
  readonly detectedFormat?: DetectedFormat;
}

function presentCells(cells: readonly (string | undefined)[], missingTokens: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const cell of cells) if (!isMissingCell(cell, missingTokens)) out.push((cell as string).trim());
  return out;
}

/** The parser for a numeric column, or undefined when the column is text. */
function numberReader(
  cells: readonly (string | undefined)[],
  missingTokens: ReadonlySet<string>,
  format: NumberFormat | undefined,
): { parse: (cell: string) => number; detected?: DetectedFormat } | undefined {
  if (format !== undefined) {
    const present = presentCells(cells, missingTokens);
    const parse = (cell: string) => parseLocaleNumber(cell, format);
    return present.length > 0 && present.every((cell) => !Number.isNaN(parse(cell))) ? { parse } : undefined;
  }
  if (inferIsNumeric(cells, missingTokens)) return { parse: Number };
  const present = presentCells(cells, missingTokens);
  if (present.length === 0) return undefined;
  const detected = detectNumberFormat(present);
  if (detected === undefined) return undefined;
  return { parse: (cell) => parseLocaleNumber(cell, detected.format), detected };
}

/**
 * `format` forces one way of writing numbers for every column (from --decimal/--thousands);
 * without it plain numbers are read as such and other columns are tried against the common
 * locale formats.
 */
export function toTypedColumn(
  cells: readonly (string | undefined)[],
  missingTokens: ReadonlySet<string>,
  format?: NumberFormat,
): TypedColumn {
  const values = new Float64Array(cells.length);
  let missing = 0;
  const reader = numberReader(cells, missingTokens, format);
  if (reader !== undefined) {
    const distinctValues = new Set<number>();
    cells.forEach((cell, i) => {
      if (isMissingCell(cell, missingTokens)) {
        values[i] = Number.NaN;
        missing++;
      } else {
        values[i] = reader.parse((cell as string).trim());
        distinctValues.add(values[i] as number);
      }
    });
    return {
      values,
      categorical: false,
      distinct: distinctValues.size,
      missing,
      ...(reader.detected ? { detectedFormat: reader.detected } : {}),
    };
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
