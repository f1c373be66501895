import { isMissingCell } from './column-types.ts';

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A cell of the time column that is neither a number nor an ISO date, with where it is. */
export class TimeValueError extends Error {}

/** Epoch ms of an ISO date or date-time (UTC unless it names an offset); NaN for impossible dates. */
function isoToMs(text: string): number {
  const m = ISO.exec(text);
  if (!m) return Number.NaN;
  const [, year, month, day] = m;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 2026-02-30 over to March 2; a date that does not round-trip does not exist.
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return Number.NaN;
  const normalised = text.replace(' ', 'T');
  const zoned = m[4] === undefined || m[7] !== undefined ? normalised : `${normalised}Z`;
  return Date.parse(m[4] === undefined ? `${year}-${month}-${day}T00:00:00Z` : zoned);
}

function excerpt(cell: string): string {
  return cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
}

/**
 * Reads the `--time-column` cells into sortable numbers: plain numbers as they are (epoch
 * seconds, YYYYMMDD, a period index all sort correctly), ISO dates and date-times as epoch ms.
 * Missing cells become NaN (those rows cannot be placed in time). Any other cell is an error
 * naming its line, because guessing "03/04/2026" would silently reorder the file.
 */
export function parseTimeColumn(
  cells: readonly (string | undefined)[],
  lines: readonly number[],
  column: string,
  missingTokens: ReadonlySet<string>,
  source: string,
): Float64Array {
  const present = cells
    .filter((cell) => !isMissingCell(cell, missingTokens))
    .map((c) => (c as string).trim());
  const numeric = present.every((cell) => PLAIN_NUMBER.test(cell));
  return Float64Array.from(cells, (cell, i) => {
    if (isMissingCell(cell, missingTokens)) return Number.NaN;
    const text = (cell as string).trim();
    const value = numeric ? Number(text) : isoToMs(text);
    if (Number.isNaN(value)) {
      throw new TimeValueError(
        `${source}:${lines[i] ?? i + 2}: time column '${column}' has '${excerpt(text)}', which is not a valid ISO date (YYYY-MM-DD, optionally with a time) or a number; convert the column to ISO dates`,
      );
    }
    return value;
  });
}
