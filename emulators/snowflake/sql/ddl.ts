import { identifierName, isWord, nextSignificant, quoteIdentifier, type Token } from './tokens.ts';

const DROPPED_MODIFIERS = ['TRANSIENT', 'VOLATILE', 'LOCAL', 'GLOBAL'];
const OBJECT_WORDS = ['TABLE', 'VIEW', 'SCHEMA', 'DATABASE'];
const CONSTRAINT_WORDS = ['PRIMARY', 'UNIQUE', 'CONSTRAINT', 'FOREIGN', 'CHECK'];

export interface CreateRewrite {
  tokens: Token[];
  /** Token indexes (in the returned tokens) holding a column's type, for the type rewrite. */
  columnTypePositions: number[];
  objectType: string;
  /** The created object's name parts, folded. */
  name: string[];
}

/** Parses `a.b."c"` starting at `from`; returns the parts and the index after the last part. */
export function readQualifiedName(tokens: readonly Token[], from: number): { parts: Token[]; end: number } {
  const parts: Token[] = [];
  let at = from;
  while (at >= 0 && (tokens[at]?.kind === 'word' || tokens[at]?.kind === 'quoted')) {
    parts.push(tokens[at]!);
    const dot = nextSignificant(tokens, at + 1);
    if (tokens[dot]?.text !== '.') return { parts, end: at + 1 };
    at = nextSignificant(tokens, dot + 1);
  }
  return { parts, end: at };
}

const folded = (token: Token): Token => ({ kind: 'quoted', text: quoteIdentifier(identifierName(token)) });

/**
 * CREATE statements as Snowflake stores them: unquoted object and column names upper-cased (so
 * INFORMATION_SCHEMA shows what Snowflake shows), TRANSIENT and CLUSTER BY dropped (storage
 * details DuckDB has no use for), and `CREATE TABLE x LIKE y` turned into an empty copy.
 */
export function rewriteCreate(input: readonly Token[]): CreateRewrite | null {
  const tokens = input.filter((token, index) => !(index > 0 && isWord(token, ...DROPPED_MODIFIERS)));
  const objectAt = tokens.findIndex((token) => isWord(token, ...OBJECT_WORDS));
  if (objectAt < 0) return null;
  const objectType = tokens[objectAt]!.text.toUpperCase();
  let nameAt = nextSignificant(tokens, objectAt + 1);
  if (isWord(tokens[nameAt], 'IF')) {
    nameAt = nextSignificant(tokens, nextSignificant(tokens, nextSignificant(tokens, nameAt + 1) + 1) + 1);
  }
  const { parts, end } = readQualifiedName(tokens, nameAt);
  const out: Token[] = tokens.slice(0, nameAt);
  parts.forEach((part, index) => {
    if (index > 0) out.push({ kind: 'punct', text: '.' });
    out.push(folded(part));
  });
  const rest = tokens.slice(end);
  const columnTypePositions: number[] = [];
  const likeAt = nextSignificant(rest, 0);
  if (objectType === 'TABLE' && isWord(rest[likeAt], 'LIKE')) {
    const source = readQualifiedName(rest, nextSignificant(rest, likeAt + 1));
    out.push({ kind: 'space', text: ' ' }, { kind: 'word', text: 'AS SELECT * FROM ' });
    source.parts.forEach((part, index) => {
      if (index > 0) out.push({ kind: 'punct', text: '.' });
      out.push(part);
    });
    out.push({ kind: 'word', text: ' LIMIT 0' });
    return { tokens: out, columnTypePositions, objectType, name: parts.map(identifierName) };
  }
  const hasColumnList = objectType === 'TABLE' && rest[likeAt]?.text === '(';
  let depth = 0;
  let expectName = false;
  for (let index = 0; index < rest.length; index++) {
    const token = rest[index]!;
    if (depth === 0 && isWord(token, 'CLUSTER')) break;
    if (token.text === '(') {
      depth++;
      if (depth === 1 && hasColumnList && index === likeAt) expectName = true;
      out.push(token);
      continue;
    }
    if (token.text === ')') depth--;
    if (depth === 1 && hasColumnList && token.text === ',') expectName = true;
    const significant = token.kind !== 'space' && token.kind !== 'comment';
    if (expectName && significant && token.text !== ',' && token.text !== '(') {
      expectName = false;
      if (!isWord(token, ...CONSTRAINT_WORDS) && (token.kind === 'word' || token.kind === 'quoted')) {
        out.push(folded(token));
        const typeAt = nextSignificant(rest, index + 1);
        for (let skip = index + 1; skip < typeAt; skip++) out.push(rest[skip]!);
        columnTypePositions.push(out.length);
        index = typeAt - 1;
        continue;
      }
    }
    out.push(token);
  }
  return { tokens: out, columnTypePositions, objectType, name: parts.map(identifierName) };
}
