import { SCORE_COLUMNS, type ScoreRow } from '../../../core/warehouse/scores-table.ts';

/**
 * CSV as the publisher's COPY reads it (https://docs.snowflake.com/en/sql-reference/sql/create-file-format#type-csv):
 * every text value enclosed in double quotes with inner quotes doubled, so commas, quotes, line
 * breaks and any Unicode travel unchanged; NULL is an empty unenclosed field (EMPTY_FIELD_AS_NULL
 * = TRUE) while an empty string is `""`, and NULL_IF = () so no text value is ever read as NULL.
 */
export const SCORE_CSV_FORMAT =
  "TYPE = CSV FIELD_DELIMITER = ',' RECORD_DELIMITER = '\\n' FIELD_OPTIONALLY_ENCLOSED_BY = '\"' " +
  'EMPTY_FIELD_AS_NULL = TRUE NULL_IF = () COMPRESSION = GZIP ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE';

const quoted = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/** One CSV field. Numbers that JSON cannot carry (NaN, ±Infinity) become NULL, as on the bind path. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return quoted(value);
}

/** One score as a CSV record (with its line break), columns in SCORE_COLUMNS order. */
export function scoreCsvRecord(row: ScoreRow): string {
  let line = '';
  for (let index = 0; index < SCORE_COLUMNS.length; index++) {
    if (index > 0) line += ',';
    line += csvField(row[SCORE_COLUMNS[index]!.name]);
  }
  return `${line}\n`;
}

/**
 * The first three fields (the score key) of the `recordNumber`-th record (1-based) of CSV text
 * written by scoreCsvRecord: a record ends at a line break outside quotes. Used only to name the
 * score behind a row Snowflake rejected.
 */
export function recordKey(text: string, recordNumber: number): string[] | null {
  let record = 1;
  let inQuotes = false;
  let start = 0;
  for (let index = 0; index < text.length && record <= recordNumber; index++) {
    const char = text[index];
    if (char === '"') inQuotes = !inQuotes;
    else if (char === '\n' && !inQuotes) {
      if (record === recordNumber) return leadingFields(text.slice(start, index), 3);
      record++;
      start = index + 1;
    }
  }
  return null;
}

function leadingFields(record: string, count: number): string[] {
  const fields: string[] = [];
  let index = 0;
  while (fields.length < count && index <= record.length) {
    if (record[index] === '"') {
      let end = index + 1;
      for (;;) {
        end = record.indexOf('"', end);
        if (end < 0 || record[end + 1] !== '"') break;
        end += 2;
      }
      const stop = end < 0 ? record.length : end;
      fields.push(record.slice(index + 1, stop).replaceAll('""', '"'));
      index = stop + 2;
    } else {
      const comma = record.indexOf(',', index);
      const stop = comma < 0 ? record.length : comma;
      fields.push(record.slice(index, stop));
      index = stop + 1;
    }
  }
  return fields;
}
