/** One line of a JSONL file: the parsed object, or why it could not be read. */
export interface JsonlRecord {
  readonly line: number;
  readonly raw: string;
  readonly cells: Record<string, unknown> | null;
  readonly error: string | null;
}

const CR = 13;
const LF = 10;

/**
 * Splits text pieces (which always end on a line boundary) into JSON objects. A bad line is a
 * rejected record with its line number; blank lines are skipped but still counted.
 */
export class JsonlParser {
  #line: number;

  constructor(firstLine: number) {
    this.#line = firstLine;
  }

  get nextLine(): number {
    return this.#line;
  }

  push(text: string, out: JsonlRecord[]): void {
    let pos = 0;
    while (pos < text.length) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd === -1) lineEnd = text.length;
      // A lone CR ends a line too (old Mac exports); CRLF counts once.
      const cr = text.indexOf('\r', pos);
      if (cr !== -1 && cr < lineEnd) lineEnd = cr;
      const next =
        text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF ? lineEnd + 2 : lineEnd + 1;
      if (lineEnd > pos) {
        const raw = text.slice(pos, lineEnd);
        if (raw.trim().length > 0) out.push(parseLine(raw, this.#line));
      }
      this.#line++;
      pos = next;
    }
  }
}

function cutText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function parseLine(raw: string, line: number): JsonlRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    // V8 quotes the text around the mistake; keep its words, not the row's data.
    const message = (error as Error).message
      .replace(/, ".*$/s, '')
      .replace(/ in JSON at position \d+ \(line \d+ column (\d+)\)/, ' at character $1');
    return { line, raw, cells: null, error: `invalid JSON: ${cutText(message, 120)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return { line, raw, cells: null, error: `expected a JSON object, found ${found}` };
  }
  return { line, raw, cells: value as Record<string, unknown>, error: null };
}
