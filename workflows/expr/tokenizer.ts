import { ExpressionError } from './expression-error.ts';

export type TokenKind = 'number' | 'string' | 'word' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token (for strings: including quotes). */
  readonly text: string;
  /** Decoded value of number and string tokens. */
  readonly value?: number | string;
  /** 1-based. */
  readonly column: number;
}

const TWO_CHAR_PUNCT = new Set(['==', '!=', '<=', '>=']);
const ONE_CHAR_PUNCT = new Set(['(', ')', '[', ']', ',', '.', '<', '>', '-']);

/** Operators people bring from other languages, and what to write instead. */
const FOREIGN_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['&&', "use 'and' instead of '&&'"],
  ['||', "use 'or' instead of '||'"],
  ['!', "use 'not' instead of '!'"],
  ['=', "use '==' to compare"],
]);

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['\\', '\\'],
  ['"', '"'],
  ["'", "'"],
]);

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const SPACE = /\s/;

function readString(text: string, start: number): Token {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === quote) return { kind: 'string', text: text.slice(start, i + 1), value, column: start + 1 };
    if (char === '\\') {
      const escaped = ESCAPES.get(text[i + 1] ?? '');
      if (escaped === undefined) {
        throw new ExpressionError('unknown escape in string', i + 1, 'escape only \\" \\\' \\\\ \\n or \\t');
      }
      value += escaped;
      i += 2;
      continue;
    }
    value += char;
    i++;
  }
  throw new ExpressionError('unterminated string', start + 1, `close it with ${quote}`);
}

function readNumber(text: string, start: number): Token {
  let i = start;
  while (i < text.length && DIGIT.test(text[i]!)) i++;
  if (text[i] === '.' && DIGIT.test(text[i + 1] ?? '')) {
    i++;
    while (i < text.length && DIGIT.test(text[i]!)) i++;
  }
  if (i < text.length && WORD_PART.test(text[i]!)) {
    throw new ExpressionError(`invalid number '${text.slice(start, i + 1)}'`, start + 1);
  }
  const source = text.slice(start, i);
  return { kind: 'number', text: source, value: Number(source), column: start + 1 };
}

function readWord(text: string, start: number): Token {
  let i = start;
  while (i < text.length && WORD_PART.test(text[i]!)) i++;
  return { kind: 'word', text: text.slice(start, i), column: start + 1 };
}

function readPunct(text: string, start: number): Token {
  const two = text.slice(start, start + 2);
  if (TWO_CHAR_PUNCT.has(two)) return { kind: 'punct', text: two, column: start + 1 };
  const foreignTwo = FOREIGN_OPERATORS.get(two);
  if (foreignTwo) throw new ExpressionError(`unexpected '${two}'`, start + 1, foreignTwo);
  const one = text[start]!;
  if (ONE_CHAR_PUNCT.has(one)) return { kind: 'punct', text: one, column: start + 1 };
  const foreignOne = FOREIGN_OPERATORS.get(one);
  if (foreignOne) throw new ExpressionError(`unexpected '${one}'`, start + 1, foreignOne);
  throw new ExpressionError(`unexpected character '${one}'`, start + 1);
}

/** Splits expression text into tokens; always ends with an 'end' token one column past the text. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (SPACE.test(char)) {
      i++;
      continue;
    }
    let token: Token;
    if (char === '"' || char === "'") token = readString(text, i);
    else if (DIGIT.test(char)) token = readNumber(text, i);
    else if (WORD_START.test(char)) token = readWord(text, i);
    else token = readPunct(text, i);
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'end', text: '', column: text.length + 1 });
  return tokens;
}
