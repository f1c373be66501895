import { closest } from '../../core/config/suggest.ts';
import type { CompareOperator, ExpressionNode, LiteralValue, PathNode } from './ast.ts';
import { ExpressionError } from './expression-error.ts';
import { FUNCTION_NAMES, FUNCTIONS } from './functions.ts';
import { type Token, tokenize } from './tokenizer.ts';

const WORD_OPERATORS = new Set<CompareOperator>(['in', 'contains', 'starts_with', 'ends_with']);
const SYMBOL_OPERATORS = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);
/** Words that cannot start a path, because they mean something on their own. */
const RESERVED = new Set([
  'and',
  'or',
  'not',
  'in',
  'contains',
  'starts_with',
  'ends_with',
  'true',
  'false',
  'null',
]);
const MAX_DEPTH = 64;
// A Map, not an object literal: `'constructor' in {}` is true and would turn a field name into a JS value.
const CONSTANTS: ReadonlyMap<string, LiteralValue> = new Map<string, LiteralValue>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

function describeToken(token: Token): string {
  if (token.kind === 'end') return 'end of expression';
  return `'${token.text}'`;
}

/** Recursive descent over: or > and > not > comparison > operand. Comparisons do not chain. */
class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  parse(): ExpressionNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw new ExpressionError(
        `expected 'and', 'or' or end of expression after ${describeToken(this.previous())}, found ${describeToken(next)}`,
        next.column,
      );
    }
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private previous(): Token {
    return this.tokens[this.index - 1] ?? this.peek();
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.text === text;
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string, context: string): Token {
    if (this.isPunct(text)) return this.advance();
    const found = this.peek();
    const foundPart = found.kind === 'end' ? '' : `, found ${describeToken(found)}`;
    throw new ExpressionError(`expected '${text}' ${context}${foundPart}`, found.column);
  }

  private parseLogical(operator: 'and' | 'or', parseOperand: () => ExpressionNode): ExpressionNode {
    const first = parseOperand();
    if (!this.isWord(operator)) return first;
    const operands = [first];
    while (this.isWord(operator)) {
      this.advance();
      operands.push(parseOperand());
    }
    return { kind: 'logical', operator, operands, column: first.column };
  }

  /** Bounds recursion so a pathological expression is a located error, not a stack overflow. */
  private nested<T>(column: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new ExpressionError(`expression nests deeper than ${MAX_DEPTH} levels`, column);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): ExpressionNode {
    return this.parseLogical('or', () => this.parseAnd());
  }

  private parseAnd(): ExpressionNode {
    return this.parseLogical('and', () => this.parseNot());
  }

  private parseNot(): ExpressionNode {
    if (this.isWord('not')) {
      const token = this.advance();
      return { kind: 'not', operand: this.nested(token.column, () => this.parseNot()), column: token.column };
    }
    return this.parseComparison();
  }

  private readOperator(): CompareOperator | undefined {
    const token = this.peek();
    if (token.kind === 'punct' && SYMBOL_OPERATORS.has(token.text)) return token.text as CompareOperator;
    if (token.kind !== 'word') return undefined;
    if (this.isWord('not') && this.isWord('in', 1)) return 'not in';
    return WORD_OPERATORS.has(token.text as CompareOperator) ? (token.text as CompareOperator) : undefined;
  }

  private parseComparison(): ExpressionNode {
    const left = this.parseOperand();
    const operator = this.readOperator();
    if (operator === undefined) return left;
    this.advance();
    if (operator === 'not in') this.advance();
    const right = this.parseOperand();
    return { kind: 'compare', operator, left, right, column: left.column };
  }

  private valueError(token: Token): ExpressionError {
    const previous = this.index === 0 ? undefined : this.previous();
    const after = previous ? ` after '${previous.text}'` : '';
    const found = token.kind === 'end' ? '' : `, found ${describeToken(token)}`;
    const hint =
      token.kind === 'word' && RESERVED.has(token.text) ? `'${token.text}' is a keyword` : undefined;
    return new ExpressionError(`expected a value${after}${found}`, token.column, hint);
  }

  private parseOperand(): ExpressionNode {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string') {
      this.advance();
      return { kind: 'literal', value: token.value!, column: token.column };
    }
    if (token.kind === 'punct') return this.parsePunctOperand(token);
    if (token.kind === 'word') {
      if (CONSTANTS.has(token.text)) {
        this.advance();
        return { kind: 'literal', value: CONSTANTS.get(token.text)!, column: token.column };
      }
      if (RESERVED.has(token.text)) throw this.valueError(token);
      if (this.peek(1).kind === 'punct' && this.peek(1).text === '(') return this.parseCall();
      return this.parsePath();
    }
    throw this.valueError(token);
  }

  private parsePunctOperand(token: Token): ExpressionNode {
    if (token.text === '(') {
      this.advance();
      const inner = this.nested(token.column, () => this.parseOr());
      this.expectPunct(')', `to close '(' from column ${token.column}`);
      return inner;
    }
    if (token.text === '[') return this.nested(token.column, () => this.parseList());
    if (token.text === '-' && this.peek(1).kind === 'number') {
      this.advance();
      const number = this.advance();
      return { kind: 'literal', value: -(number.value as number), column: token.column };
    }
    throw this.valueError(token);
  }

  private parseList(): ExpressionNode {
    const open = this.advance();
    const items: ExpressionNode[] = [];
    while (!this.isPunct(']')) {
      items.push(this.parseOperand());
      if (!this.isPunct(',')) break;
      this.advance();
    }
    this.expectPunct(']', `to close the list from column ${open.column}`);
    return { kind: 'list', items, column: open.column };
  }

  private parsePath(): PathNode {
    const first = this.advance();
    const segments = [first.text];
    while (this.isPunct('.')) {
      this.advance();
      const segment = this.peek();
      if (segment.kind !== 'word') {
        const found = segment.kind === 'end' ? '' : `, found ${describeToken(segment)}`;
        throw new ExpressionError(`expected a field name after '.'${found}`, segment.column);
      }
      this.advance();
      segments.push(segment.text);
    }
    return { kind: 'path', segments, column: first.column };
  }

  private parseCall(): ExpressionNode {
    const nameToken = this.advance();
    const spec = FUNCTIONS.get(nameToken.text);
    if (!spec) {
      const match = closest(nameToken.text, FUNCTION_NAMES);
      const hint = match ? `did you mean '${match}'?` : `available: ${FUNCTION_NAMES.join(', ')}`;
      throw new ExpressionError(`unknown function '${nameToken.text}'`, nameToken.column, hint);
    }
    this.advance();
    const args: ExpressionNode[] = [];
    while (!this.isPunct(')')) {
      args.push(this.nested(this.peek().column, () => this.parseOr()));
      if (!this.isPunct(',')) break;
      this.advance();
    }
    this.expectPunct(')', `to close ${nameToken.text}( from column ${nameToken.column}`);
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      throw new ExpressionError(
        `${nameToken.text} takes ${spec.signature}, got ${args.length} argument${args.length === 1 ? '' : 's'}`,
        nameToken.column,
      );
    }
    return { kind: 'call', name: nameToken.text, args, column: nameToken.column };
  }
}

/** Parses a condition into an AST; throws ExpressionError naming the column and what was expected. */
export function parseExpression(text: string): ExpressionNode {
  return new Parser(text).parse();
}
