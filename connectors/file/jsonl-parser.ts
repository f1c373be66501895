/** One line of a JSONL file: the parsed object, or why it could not be read. */
export interface JsonlRecord {
  readonly line: number;
  readonly raw: string;
  readonly cells: Record<string, unknown> | null;
  readonly error: string | null;
}

const CR = 13;

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
      let newline = text.indexOf('\n', pos);
      if (newline === -1) newline = text.length;
      const lineEnd = newline > pos && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
      if (lineEnd > pos) {
        const raw = text.slice(pos, lineEnd);
        if (raw.trim().length > 0) out.push(parseLine(raw, this.#line));
      }
      this.#line++;
      pos = newline + 1;
    }
  }
}

function parseLine(raw: string, line: number): JsonlRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { line, raw, cells: null, error: `invalid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return { line, raw, cells: null, error: `expected a JSON object, found ${found}` };
  }
  return { line, raw, cells: value as Record<string, unknown>, error: null };
}
