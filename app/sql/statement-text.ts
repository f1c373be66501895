/**
 * A user's query text read the way Postgres will read it, without running anything: where its first
 * statement ends, and its `:name` / `@name` parameters turned into `$1..$n` with a map back to the
 * user's text, so an error position Postgres reports points into what the user typed.
 */
export interface PreparedText {
  /** The first statement, parameters as $n, no trailing semicolon. */
  readonly text: string;
  /** Parameter name per position ($1 is names[0]). */
  readonly names: readonly string[];
  /** Offset in the user's text of each character of `text`. */
  readonly origin: readonly number[];
  /** Offset in the user's text where a second statement starts, if there is one. */
  readonly secondAt: number | undefined;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/** End (exclusive) of a quoted literal or identifier, a comment, or -1 when `at` starts none. */
function skipOpaque(sql: string, at: number): number {
  const ch = sql[at];
  const next = sql[at + 1];
  if (ch === "'" || ch === '"') {
    let i = at + 1;
    while (i < sql.length) {
      if (sql[i] === ch && sql[i + 1] === ch) i += 2;
      else if (sql[i] === ch) return i + 1;
      else i += 1;
    }
    return sql.length;
  }
  if (ch === '-' && next === '-') {
    const end = sql.indexOf('\n', at);
    return end === -1 ? sql.length : end;
  }
  if (ch === '/' && next === '*') {
    const end = sql.indexOf('*/', at + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return -1;
}

/** Where a statement starts after `from`, skipping blanks, semicolons and comments. */
function nextStatementAt(sql: string, from: number): number | undefined {
  let i = from;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (/\s/.test(ch) || ch === ';') i += 1;
    else if ((ch === '-' && sql[i + 1] === '-') || (ch === '/' && sql[i + 1] === '*')) i = skipOpaque(sql, i);
    else return i;
  }
  return undefined;
}

export function prepareText(sql: string): PreparedText {
  const names: string[] = [];
  const origin: number[] = [];
  let text = '';
  const emit = (piece: string, at: number) => {
    for (let k = 0; k < piece.length; k += 1) origin.push(at);
    text += piece;
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const opaque = skipOpaque(sql, i);
    if (opaque !== -1) {
      for (let k = i; k < opaque; k += 1) emit(sql[k] as string, k);
      i = opaque;
    } else if (ch === ';') {
      return { text, names, origin, secondAt: nextStatementAt(sql, i) };
    } else if (ch === ':' && sql[i + 1] === ':') {
      emit('::', i);
      i += 2;
    } else if ((ch === ':' || ch === '@') && NAME_START.test(sql[i + 1] ?? '')) {
      let end = i + 1;
      while (end < sql.length && NAME_PART.test(sql[end] as string)) end += 1;
      const name = sql.slice(i + 1, end);
      let position = names.indexOf(name) + 1;
      if (position === 0) position = names.push(name);
      emit(`$${position}`, i);
      i = end;
    } else {
      emit(ch, i);
      i += 1;
    }
  }
  return { text, names, origin, secondAt: undefined };
}

/** 1-based line and column of an offset in `sql`. */
export function lineColumn(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}
