/**
 * Incremental RFC 4180 CSV parser (lines may end in LF, CRLF or a lone CR) that reports the line each record STARTS on, keeps the raw text
 * of every record for quarantine, and survives malformed records.
 *
 * Why not csv-parse: after an unclosed quote it swallows every following line into one bad record
 * and reports later line numbers shifted, so "the rest of the file is imported" cannot hold; it is
 * also 3-4x slower with per-record `info`. Here a structurally broken record (stray or unclosed
 * quote) is rejected as its first physical line alone, and parsing restarts on the next line.
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  readonly line: number;
  /** The record as written, without its line terminator. */
  readonly raw: string;
  /** Parsed fields, or null when the record is malformed. */
  readonly cells: string[] | null;
  readonly error: string | null;
}

export interface CsvParserOptions {
  readonly delimiter: string;
  /** Line number of the first character pushed (1 at the start of a file). */
  readonly firstLine: number;
  /** A quoted field still open after this many characters is treated as a missing closing quote. */
  readonly maxRecordChars?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const DEFAULT_MAX_RECORD_CHARS = 1_000_000;

type Scan =
  | { readonly status: 'record'; readonly fields: string[]; readonly end: number; readonly next: number }
  | { readonly status: 'incomplete' }
  | { readonly status: 'error'; readonly reason: string };

export class CsvParser {
  readonly #delimiter: string;
  readonly #delimiterCode: number;
  readonly #maxRecordChars: number;
  #line: number;
  #pending = '';

  constructor(options: CsvParserOptions) {
    if (
      options.delimiter.length !== 1 ||
      options.delimiter === '"' ||
      options.delimiter === '\n' ||
      options.delimiter === '\r'
    ) {
      throw new Error(
        `CSV delimiter must be one character other than a quote or newline, got ${JSON.stringify(options.delimiter)}`,
      );
    }
    this.#delimiter = options.delimiter;
    this.#delimiterCode = options.delimiter.charCodeAt(0);
    this.#maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.#line = options.firstLine;
  }

  /** Text held back because its record is not complete yet (it starts on a line boundary). */
  get pending(): string {
    return this.#pending;
  }

  /** Line number of the next record to be read. */
  get nextLine(): number {
    return this.#line;
  }

  /** Parses every complete record in `pending + text`, appending them to `out`. */
  push(text: string, out: CsvRecord[]): void {
    this.#parse(this.#pending.length === 0 ? text : this.#pending + text, false, out);
  }

  /** End of input: whatever is pending is parsed as the last record(s). */
  finish(out: CsvRecord[]): void {
    if (this.#pending.length > 0) this.#parse(this.#pending, true, out);
  }

  #parse(text: string, final: boolean, out: CsvRecord[]): void {
    let pos = 0;
    let nextQuote = text.indexOf('"');
    let nextLf = text.indexOf('\n');
    let nextCr = text.indexOf('\r');
    const length = text.length;
    while (pos < length) {
      if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
      // The physical line: LF, CRLF and a lone CR (old Mac exports) all end one.
      let lineEnd: number;
      let next: number;
      if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
        lineEnd = nextCr;
        if (nextCr + 1 < length) next = nextLf === nextCr + 1 ? nextCr + 2 : nextCr + 1;
        else if (final) next = length;
        else break; // a CR ending the text may be the first half of a CRLF
      } else if (nextLf !== -1) {
        lineEnd = nextLf;
        next = nextLf + 1;
      } else {
        if (!final) break;
        lineEnd = length;
        next = length;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (nextQuote === -1 || nextQuote > lineEnd) {
        if (lineEnd > pos) {
          const raw = text.slice(pos, lineEnd);
          out.push({ line: this.#line, raw, cells: raw.split(this.#delimiter), error: null });
        }
        this.#line++;
        pos = next;
        continue;
      }
      const scan = this.#scanQuotedRecord(text, pos, final);
      if (scan.status === 'incomplete') {
        if (length - pos <= this.#maxRecordChars) break;
        this.#rejectLine(
          text,
          pos,
          lineEnd,
          `a quoted field is never closed (missing closing quote), or the record is longer than ${this.#maxRecordChars.toLocaleString('en-US')} characters`,
          out,
        );
      } else if (scan.status === 'error') {
        this.#rejectLine(text, pos, lineEnd, scan.reason, out);
      } else {
        out.push({ line: this.#line, raw: text.slice(pos, scan.end), cells: scan.fields, error: null });
        this.#line += 1 + countLineBreaks(text, pos, scan.end);
        pos = scan.next;
        continue;
      }
      pos = next;
    }
    this.#pending = pos < length ? text.slice(pos) : '';
  }

  /** A malformed record is reported as its first physical line; parsing resumes on the line after. */
  #rejectLine(text: string, pos: number, lineEnd: number, reason: string, out: CsvRecord[]): void {
    out.push({ line: this.#line, raw: text.slice(pos, lineEnd), cells: null, error: reason });
    this.#line++;
  }

  /** Field-by-field scan of a record that contains a quote; `end` excludes the line terminator. */
  #scanQuotedRecord(text: string, start: number, final: boolean): Scan {
    const fields: string[] = [];
    const length = text.length;
    let pos = start;
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let segment = pos + 1;
        for (;;) {
          const quote = text.indexOf('"', segment);
          if (quote === -1)
            return final
              ? { status: 'error', reason: 'a quoted field is never closed (missing closing quote)' }
              : { status: 'incomplete' };
          value += text.slice(segment, quote);
          const after = quote + 1;
          if (after >= length && !final) return { status: 'incomplete' };
          const code = after < length ? text.charCodeAt(after) : LF;
          if (code === QUOTE) {
            value += '"';
            segment = after + 1;
            continue;
          }
          fields.push(value);
          if (code === this.#delimiterCode) {
            pos = after + 1;
            break;
          }
          if (code === LF) return { status: 'record', fields, end: after, next: after + 1 };
          if (code === CR) {
            if (after + 1 >= length && !final) return { status: 'incomplete' };
            const next = text.charCodeAt(after + 1) === LF ? after + 2 : after + 1;
            return { status: 'record', fields, end: after, next };
          }
          return {
            status: 'error',
            reason: `unexpected ${JSON.stringify(text[after])} after the closing quote of field ${fields.length}`,
          };
        }
        continue;
      }
      let lineEnd = nextLineBreak(text, pos);
      if (lineEnd === -1 || (lineEnd === length - 1 && text.charCodeAt(lineEnd) === CR && !final)) {
        if (!final) return { status: 'incomplete' };
        lineEnd = length;
      }
      const delimiter = text.indexOf(this.#delimiter, pos);
      const fieldEnd = delimiter !== -1 && delimiter < lineEnd ? delimiter : lineEnd;
      const value = text.slice(pos, fieldEnd);
      if (value.includes('"')) {
        return {
          status: 'error',
          reason: `a quote inside unquoted field ${fields.length + 1}; quote the whole field and double inner quotes ("")`,
        };
      }
      fields.push(value);
      if (fieldEnd === lineEnd) {
        const crlf = text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF;
        return { status: 'record', fields, end: lineEnd, next: lineEnd + (crlf ? 2 : 1) };
      }
      pos = fieldEnd + 1;
    }
  }
}

/** Index of the next LF or CR at or after `start`; -1 when there is none. */
function nextLineBreak(text: string, start: number): number {
  const lf = text.indexOf('\n', start);
  const cr = text.indexOf('\r', start);
  if (cr === -1) return lf;
  return lf === -1 || cr < lf ? cr : lf;
}

/** Line breaks inside [start, end): LF, lone CR and CRLF each count once. */
function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === LF) count++;
    else if (code === CR && text.charCodeAt(index + 1) !== LF) count++;
  }
  return count;
}
