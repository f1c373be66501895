/**
 * A lexer just deep enough to rewrite Snowflake SQL for DuckDB without touching the inside of
 * string literals, quoted identifiers or comments. Joining every token's text gives back the input.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'space' | 'comment';

export interface Token {
  kind: TokenKind;
  text: string;
}

const WORD_START = /[A-Za-z_$]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < sql.length) {
    const start = at;
    const char = sql[at]!;
    const next = sql[at + 1];
    let kind: TokenKind;
    if (/\s/.test(char)) {
      while (at < sql.length && /\s/.test(sql[at]!)) at++;
      kind = 'space';
    } else if ((char === '-' && next === '-') || (char === '/' && next === '/')) {
      while (at < sql.length && sql[at] !== '\n') at++;
      kind = 'comment';
    } else if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', at + 2);
      at = end < 0 ? sql.length : end + 2;
      kind = 'comment';
    } else if (char === "'") {
      at = closingQuote(sql, at, "'");
      kind = 'string';
    } else if (char === '"') {
      at = closingQuote(sql, at, '"');
      kind = 'quoted';
    } else if (char === '$' && next === '$') {
      const end = sql.indexOf('$$', at + 2);
      at = end < 0 ? sql.length : end + 2;
      kind = 'string';
    } else if (WORD_START.test(char)) {
      while (at < sql.length && WORD_PART.test(sql[at]!)) at++;
      kind = 'word';
    } else if (DIGIT.test(char) || (char === '.' && next !== undefined && DIGIT.test(next))) {
      while (at < sql.length && /[0-9.eE]/.test(sql[at]!)) at++;
      kind = 'number';
    } else if (char === '?') {
      at++;
      kind = 'param';
    } else if (char === ':' && next !== undefined && DIGIT.test(next) && sql[at - 1] !== ':') {
      at++;
      while (at < sql.length && DIGIT.test(sql[at]!)) at++;
      kind = 'param';
    } else if (char === ':' && next === ':') {
      at += 2;
      kind = 'punct';
    } else {
      at++;
      kind = 'punct';
    }
    tokens.push({ kind, text: sql.slice(start, at) });
  }
  return tokens;
}

function closingQuote(sql: string, open: number, quote: string): number {
  let at = open + 1;
  while (at < sql.length) {
    if (sql[at] === '\\' && quote === "'") {
      at += 2;
      continue;
    }
    if (sql[at] === quote) {
      if (sql[at + 1] === quote) {
        at += 2;
        continue;
      }
      return at + 1;
    }
    at++;
  }
  return sql.length;
}

export function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((token) => token.text).join('');
}

/** Index of the next token that is not whitespace or a comment, or -1. */
export function nextSignificant(tokens: readonly Token[], from: number): number {
  for (let index = from; index < tokens.length; index++) {
    const kind = tokens[index]!.kind;
    if (kind !== 'space' && kind !== 'comment') return index;
  }
  return -1;
}

export function previousSignificant(tokens: readonly Token[], from: number): number {
  for (let index = from; index >= 0; index--) {
    const kind = tokens[index]!.kind;
    if (kind !== 'space' && kind !== 'comment') return index;
  }
  return -1;
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toUpperCase());
}

/** Statements separated by top-level semicolons, without the empty ones. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: Token[] = [];
  for (const token of tokenize(sql)) {
    if (token.kind === 'punct' && token.text === ';') {
      statements.push(joinTokens(current));
      current = [];
    } else current.push(token);
  }
  statements.push(joinTokens(current));
  return statements.filter((text) => tokenize(text).some((t) => t.kind !== 'space' && t.kind !== 'comment'));
}

/** The text of an identifier as Snowflake resolves it: unquoted names fold to upper case. */
export function identifierName(token: Token): string {
  if (token.kind === 'quoted') return token.text.slice(1, -1).replaceAll('""', '"');
  return token.text.toUpperCase();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
