import { BigQueryApiError } from '../errors.ts';

/**
 * GoogleSQL text with its string literals and quoted identifiers swapped for opaque markers, so
 * keyword rewrites can use plain regular expressions without touching a literal or a name.
 * Query parameters become DuckDB parameter markers on the way (`@name` -> `$name`, `?` stays `?`).
 */
export interface MaskedSql {
  readonly code: string;
  readonly pieces: readonly string[];
  readonly namedParameters: readonly string[];
  readonly positionalCount: number;
}

const MARK = '\u0001';
/** A masked piece: its index between two MARK characters. */
export const MARKER_PATTERN = new RegExp(`${MARK}(\\d+)${MARK}`, 'g');

/** `@name` and `?` are replaced through this, so the caller decides how a parameter is typed. */
export type ParameterMarkerFor = (parameter: { name: string } | { index: number }) => string;

export function maskSql(sql: string, parameterMarker: ParameterMarkerFor): MaskedSql {
  const pieces: string[] = [];
  const named: string[] = [];
  let positional = 0;
  let code = '';
  const keep = (text: string): string => {
    pieces.push(text);
    return `${MARK}${pieces.length - 1}${MARK}`;
  };
  let i = 0;
  while (i < sql.length) {
    const char = sql[i]!;
    const next = sql[i + 1];
    if (char === '-' && next === '-') i = skipLine(sql, i);
    else if (char === '#') i = skipLine(sql, i);
    else if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw syntax('unclosed comment', sql, i);
      i = end + 2;
      code += ' ';
    } else if (char === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end < 0) throw syntax('unclosed identifier quote', sql, i);
      code += sql
        .slice(i + 1, end)
        .split('.')
        .map((part) => keep(`"${part.replaceAll('"', '""')}"`))
        .join('.');
      i = end + 1;
    } else if (char === "'" || char === '"') {
      const { value, end } = readString(sql, i);
      code += keep(`'${value.replaceAll("'", "''")}'`);
      i = end;
    } else if (char === '@' && next === '@') {
      throw syntax('system variables (@@) are not supported', sql, i);
    } else if (char === '@') {
      const match = /^@([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i, i + 130));
      if (!match) throw syntax('a query parameter name must follow @', sql, i);
      const name = match[1]!;
      if (!named.includes(name)) named.push(name);
      code += parameterMarker({ name });
      i += match[0].length;
    } else if (char === '?') {
      code += parameterMarker({ index: positional++ });
      i++;
    } else {
      code += char;
      i++;
    }
  }
  return { code, pieces, namedParameters: named, positionalCount: positional };
}

export function unmask(code: string, pieces: readonly string[]): string {
  return code.replace(MARKER_PATTERN, (_, index: string) => pieces[Number(index)] ?? '');
}

function skipLine(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end < 0 ? sql.length : end;
}

/** Reads a GoogleSQL quoted string (' or ", backslash escapes, r'' raw strings are not used here). */
function readString(sql: string, start: number): { value: string; end: number } {
  const quote = sql[start]!;
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i]!;
    if (char === '\\') {
      const escaped = sql[i + 1];
      if (escaped === undefined) break;
      value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped === 'r' ? '\r' : escaped;
      i += 2;
    } else if (char === quote) {
      return { value, end: i + 1 };
    } else {
      value += char;
      i++;
    }
  }
  throw syntax('unclosed string literal', sql, start);
}

function syntax(problem: string, sql: string, offset: number): BigQueryApiError {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return new BigQueryApiError('invalidQuery', `Syntax error: ${problem} at [${line}:${column}]`, 'query');
}

/** Splits masked code on top-level semicolons (literals are masked, so any `;` left separates statements). */
export function splitStatements(code: string): string[] {
  return code
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
