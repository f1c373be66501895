/**
 * Snowflake's CSV file format options that stage binding relies on
 * (https://docs.snowflake.com/en/sql-reference/sql/create-file-format#type-csv):
 * FIELD_DELIMITER ',' and RECORD_DELIMITER newline by default ("\r\n" also ends a record);
 * FIELD_OPTIONALLY_ENCLOSED_BY NONE by default, and inside an enclosed field the enclosing
 * character is escaped by doubling it; EMPTY_FIELD_AS_NULL TRUE, so an empty unenclosed field is
 * NULL while an enclosed empty string ("") stays an empty string; NULL_IF ('\\N').
 */
export interface CsvFormat {
  readonly fieldDelimiter: string;
  readonly enclosedBy: string | null;
}

export const DEFAULT_CSV_FORMAT: CsvFormat = { fieldDelimiter: ',', enclosedBy: null };

const NULL_MARKER = '\\N';

/** Parses CSV text into records of text-or-NULL fields; `onRecord` receives each record in order. */
export function parseCsv(
  text: string,
  format: CsvFormat,
  onRecord: (fields: (string | null)[]) => void,
): void {
  const delimiter = format.fieldDelimiter;
  const quote = format.enclosedBy;
  let fields: (string | null)[] = [];
  let index = 0;
  const length = text.length;
  while (index < length) {
    let value: string | null;
    if (quote !== null && text[index] === quote) {
      const start = index + 1;
      let from = start;
      let doubled = false;
      for (;;) {
        const close = text.indexOf(quote, from);
        if (close < 0) throw new Error('an enclosed field is not closed before the end of the file');
        if (text[close + 1] === quote) {
          doubled = true;
          from = close + 2;
          continue;
        }
        index = close + 1;
        break;
      }
      const inner = text.slice(start, index - 1);
      value = doubled ? inner.replaceAll(quote + quote, quote) : inner;
    } else {
      let end = index;
      while (end < length && text[end] !== delimiter && text[end] !== '\n') end++;
      let raw = text.slice(index, end);
      if (raw.endsWith('\r') && text[end] === '\n') raw = raw.slice(0, -1);
      value = raw === '' || raw === NULL_MARKER ? null : raw;
      index = end;
    }
    fields.push(value);
    const next = text[index];
    if (next === delimiter) {
      index++;
      if (index === length) fields.push(null);
      continue;
    }
    if (next === '\r' && text[index + 1] === '\n') index++;
    if (next !== undefined && text[index] !== '\n')
      throw new Error(`unexpected character after an enclosed field: ${JSON.stringify(text[index])}`);
    index++;
    onRecord(fields);
    fields = [];
  }
  if (fields.length > 0) onRecord(fields);
}
