/** Tokens of the SOQL subset, with 1-based columns for Salesforce-style error messages. */

export type TokenKind = 'word' | 'string' | 'number' | 'datetime' | 'date' | 'op' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly column: number;
}

export class SoqlError extends Error {
  readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALIDJOB';
  constructor(errorCode: SoqlError['errorCode'], message: string) {
    super(message);
    this.name = 'SoqlError';
    this.errorCode = errorCode;
  }
}

export function malformed(soql: string, column: number, detail: string): SoqlError {
  const caret = `${' '.repeat(Math.max(0, column - 1))}^`;
  return new SoqlError('MALFORMED_QUERY', `\n${soql}\n${caret}\nERROR at Row:1:Column:${column}\n${detail}`);
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_.]*(?::\d+)?/;
const OPERATORS = ['<=', '>=', '!=', '<>', '=', '<', '>'];

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < soql.length) {
    const char = soql[index]!;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const rest = soql.slice(index);
    const column = index + 1;
    if (char === "'") {
      let value = '';
      let position = index + 1;
      for (;;) {
        const next = soql[position];
        if (next === undefined) throw malformed(soql, column, 'unterminated string literal');
        if (next === '\\') {
          const escaped = soql[position + 1];
          if (escaped === undefined) throw malformed(soql, position + 1, 'invalid escape sequence');
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
          position += 2;
          continue;
        }
        if (next === "'") break;
        value += next;
        position++;
      }
      tokens.push({ kind: 'string', text: value, column });
      index = position + 1;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      tokens.push({ kind: 'datetime', text: datetime[0], column });
      index += datetime[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0], column });
      index += date[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], column });
      index += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], column });
      index += word[0].length;
      continue;
    }
    const operator = OPERATORS.find((op) => rest.startsWith(op));
    if (operator) {
      tokens.push({ kind: 'op', text: operator, column });
      index += operator.length;
      continue;
    }
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punct', text: char, column });
      index++;
      continue;
    }
    throw malformed(soql, column, `unexpected token: '${char}'`);
  }
  tokens.push({ kind: 'end', text: '<EOF>', column: soql.length + 1 });
  return tokens;
}
