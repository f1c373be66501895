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
  readonly emptyFieldAsNull: boolean;
  /** Unenclosed values read as NULL (NULL_IF). */
  readonly nullIf: readonly string[];
}

export const DEFAULT_CSV_FORMAT: CsvFormat = {
  fieldDelimiter: ',',
  enclosedBy: null,
  emptyFieldAsNull: true,
  nullIf: ['\\N'],
};

/**
 * Parses CSV text into records of text-or-NULL fields; `onRecord` receives each record in order
 * with the offset where it starts (for errors that name the line).
 */
export function parseCsv(
  text: string,
  format: CsvFormat,
  onRecord: (fields: (string | null)[], start: number) => void,
): void {
  const delimiter = format.fieldDelimiter;
  const quote = format.enclosedBy;
  const ends =
    quote === null
      ? []
      : [`${quote}${delimiter}`, `${quote}\n`, `${quote}\r`].map(
          (pattern) => new ForwardSearch(text, pattern),
        );
  let fields: (string | null)[] = [];
  let index = 0;
  let recordStart = 0;
  const length = text.length;
  while (index < length) {
    let value: string | null;
    if (quote !== null && text[index] === quote) {
      const start = index + 1;
      const close = closingQuote(text, start, quote, ends);
      if (close < 0) throw new Error('an enclosed field is not closed before the end of the file');
      index = close + 1;
      const inner = text.slice(start, close);
      const doubled = inner.includes(quote);
      value = doubled ? inner.replaceAll(quote + quote, quote) : inner;
    } else {
      let end = index;
      while (end < length && text[end] !== delimiter && text[end] !== '\n') end++;
      let raw = text.slice(index, end);
      if (raw.endsWith('\r') && text[end] === '\n') raw = raw.slice(0, -1);
      value = raw === '' ? (format.emptyFieldAsNull ? null : '') : format.nullIf.includes(raw) ? null : raw;
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
    onRecord(fields, recordStart);
    fields = [];
    recordStart = index;
  }
  if (fields.length > 0) onRecord(fields, recordStart);
}

/**
 * The next position of a fixed pattern at or after a point, remembered between calls: the text is
 * read forwards only, so a pattern that was not found (or found further on) needs no new search.
 */
class ForwardSearch {
  readonly #text: string;
  readonly #pattern: string;
  #found = -2;

  constructor(text: string, pattern: string) {
    this.#text = text;
    this.#pattern = pattern;
  }

  from(position: number): number {
    if (this.#found === -1 || this.#found >= position) return this.#found;
    this.#found = this.#text.indexOf(this.#pattern, position);
    return this.#found;
  }
}

/**
 * Where an enclosed field that starts at `start` ends. Inside it the enclosing character only
 * appears doubled, so the closing one is the quote before a delimiter, a line end or the end of
 * the text that ends an odd run of quotes. Searching for those few candidates instead of every
 * quote matters for JSON documents, whose many quotes all arrive doubled.
 */
function closingQuote(text: string, start: number, quote: string, ends: readonly ForwardSearch[]): number {
  let from = start;
  for (;;) {
    let candidate = -1;
    for (const search of ends) {
      const position = search.from(from);
      if (position >= 0 && (candidate < 0 || position < candidate)) candidate = position;
    }
    const end =
      candidate >= 0 ? candidate : text.endsWith(quote) && text.length - 1 >= start ? text.length - 1 : -1;
    if (end < 0) return -1;
    let run = 0;
    while (end - run >= start && text[end - run] === quote) run++;
    if (run % 2 === 1) return end;
    if (candidate < 0) return -1;
    from = end + 1;
  }
}
