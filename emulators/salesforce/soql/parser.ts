import type { SortKey } from '../table.ts';
import { malformed, type Token, tokenize } from './lexer.ts';

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'datetime'; readonly text: string }
  | { readonly kind: 'date'; readonly text: string };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: ComparisonOperator;
      readonly value: Literal;
    }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly negated: boolean;
      readonly values: readonly Literal[];
    }
  | { readonly kind: 'like'; readonly field: string; readonly pattern: string };

export interface SoqlQuery {
  readonly object: string;
  /** Selected fields as written; empty for SELECT COUNT(). */
  readonly fields: readonly string[];
  readonly count: boolean;
  readonly where: Condition | null;
  readonly orderBy: readonly SortKey[];
  readonly limit: number | null;
  readonly offset: number | null;
}

/** Recursive-descent parser for the SOQL subset the emulator serves. */
class Parser {
  readonly #soql: string;
  readonly #tokens: Token[];
  #position = 0;

  constructor(soql: string) {
    this.#soql = soql;
    this.#tokens = tokenize(soql);
  }

  parse(): SoqlQuery {
    this.#keyword('SELECT');
    const { fields, count } = this.#selectList();
    this.#keyword('FROM');
    const object = this.#word('object name');
    const where = this.#accept('WHERE') ? this.#condition() : null;
    const orderBy: SortKey[] = [];
    if (this.#accept('ORDER')) {
      this.#keyword('BY');
      orderBy.push(this.#orderItem());
      while (this.#peek().text === ',') {
        this.#next();
        orderBy.push(this.#orderItem());
      }
    }
    const limit = this.#accept('LIMIT') ? this.#integer() : null;
    const offset = this.#accept('OFFSET') ? this.#integer() : null;
    const end = this.#peek();
    if (end.kind !== 'end') throw this.#unexpected(end);
    return { object, fields, count, where, orderBy, limit, offset };
  }

  #selectList(): { fields: string[]; count: boolean } {
    if (this.#isKeyword('COUNT') && this.#tokens[this.#position + 1]?.text === '(') {
      this.#next();
      this.#punct('(');
      this.#punct(')');
      return { fields: [], count: true };
    }
    const fields = [this.#word('field name')];
    while (this.#peek().text === ',') {
      this.#next();
      fields.push(this.#word('field name'));
    }
    return { fields, count: false };
  }

  #orderItem(): SortKey {
    const field = this.#word('field name');
    let descending = false;
    if (this.#isKeyword('ASC')) this.#next();
    else if (this.#isKeyword('DESC')) {
      this.#next();
      descending = true;
    }
    let nullsLast = descending;
    if (this.#isKeyword('NULLS')) {
      this.#next();
      if (this.#isKeyword('FIRST')) nullsLast = false;
      else if (this.#isKeyword('LAST')) nullsLast = true;
      else throw this.#unexpected(this.#peek());
      this.#next();
    }
    return { field, descending, nullsLast };
  }

  /** SOQL refuses AND and OR at the same level without parentheses, so one connective per level. */
  #condition(): Condition {
    const items = [this.#unary()];
    let connective: 'AND' | 'OR' | null = null;
    while (this.#isKeyword('AND') || this.#isKeyword('OR')) {
      const token = this.#peek();
      const word = token.text.toUpperCase() as 'AND' | 'OR';
      if (connective && connective !== word) throw this.#unexpected(token);
      connective = word;
      this.#next();
      items.push(this.#unary());
    }
    if (!connective) return items[0]!;
    return { kind: connective === 'AND' ? 'and' : 'or', items };
  }

  #unary(): Condition {
    if (this.#isKeyword('NOT')) {
      this.#next();
      return { kind: 'not', item: this.#unary() };
    }
    if (this.#peek().text === '(') {
      this.#next();
      const inner = this.#condition();
      this.#punct(')');
      return inner;
    }
    const field = this.#word('field name');
    const token = this.#peek();
    if (token.kind === 'op') {
      this.#next();
      const op = (token.text === '<>' ? '!=' : token.text) as ComparisonOperator;
      return { kind: 'compare', field, op, value: this.#literal() };
    }
    if (this.#isKeyword('LIKE')) {
      this.#next();
      const pattern = this.#next();
      if (pattern.kind !== 'string') throw this.#unexpected(pattern);
      return { kind: 'like', field, pattern: pattern.text };
    }
    let negated = false;
    if (this.#isKeyword('NOT')) {
      this.#next();
      negated = true;
    }
    if (!this.#isKeyword('IN')) throw this.#unexpected(this.#peek());
    this.#next();
    this.#punct('(');
    const values = [this.#literal()];
    while (this.#peek().text === ',') {
      this.#next();
      values.push(this.#literal());
    }
    this.#punct(')');
    return { kind: 'in', field, negated, values };
  }

  #literal(): Literal {
    const token = this.#next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'datetime':
        return { kind: 'datetime', text: token.text };
      case 'date':
        return { kind: 'date', text: token.text };
      case 'word': {
        const upper = token.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
        if (upper === 'NULL') return { kind: 'null' };
        throw this.#unexpected(token);
      }
      default:
        throw this.#unexpected(token);
    }
  }

  #integer(): number {
    const token = this.#next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw this.#unexpected(token);
    return Number(token.text);
  }

  #word(what: string): string {
    const token = this.#next();
    if (token.kind !== 'word') {
      throw malformed(this.#soql, token.column, `unexpected token: '${token.text}' (expected ${what})`);
    }
    return token.text;
  }

  #keyword(word: string): void {
    const token = this.#next();
    if (token.kind !== 'word' || token.text.toUpperCase() !== word) {
      throw malformed(this.#soql, token.column, `unexpected token: '${token.text}' (expected ${word})`);
    }
  }

  #punct(text: string): void {
    const token = this.#next();
    if (token.text !== text)
      throw malformed(this.#soql, token.column, `unexpected token: '${token.text}' (expected '${text}')`);
  }

  #isKeyword(word: string): boolean {
    const token = this.#peek();
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  /** Consumes the keyword when it is next. */
  #accept(word: string): boolean {
    if (!this.#isKeyword(word)) return false;
    this.#next();
    return true;
  }

  #peek(): Token {
    return this.#tokens[this.#position]!;
  }

  #next(): Token {
    const token = this.#tokens[this.#position]!;
    if (token.kind !== 'end') this.#position++;
    return token;
  }

  #unexpected(token: Token) {
    return malformed(this.#soql, token.column, `unexpected token: '${token.text}'`);
  }
}

export function parseSoql(soql: string): SoqlQuery {
  return new Parser(soql).parse();
}
