import {
  identifierName,
  isWord,
  nextSignificant,
  previousSignificant,
  quoteIdentifier,
  type Token,
  tokenize,
} from './tokens.ts';

/** Snowflake type names DuckDB spells differently. NUMBER without precision is NUMBER(38,0). */
const TYPE_NAMES: Record<string, string> = {
  VARIANT: 'JSON',
  OBJECT: 'JSON',
  ARRAY: 'JSON',
  TIMESTAMP_NTZ: 'TIMESTAMP',
  DATETIME: 'TIMESTAMP',
  TIMESTAMP_TZ: 'TIMESTAMPTZ',
  TIMESTAMP_LTZ: 'TIMESTAMPTZ',
  NUMBER: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  STRING: 'VARCHAR',
  TEXT: 'VARCHAR',
  FLOAT4: 'DOUBLE',
  FLOAT8: 'DOUBLE',
  FLOAT: 'DOUBLE',
  REAL: 'DOUBLE',
  BINARY: 'BLOB',
  VARBINARY: 'BLOB',
};

/** Functions with another name (same arguments) in DuckDB. */
const FUNCTION_NAMES: Record<string, string> = {
  IFF: 'IF',
  PARSE_JSON: 'JSON',
  OBJECT_CONSTRUCT: 'JSON_OBJECT',
  ARRAY_SIZE: 'JSON_ARRAY_LENGTH',
  TO_VARIANT: 'TO_JSON',
  SYSDATE: 'CURRENT_TIMESTAMP',
};

const word = (text: string): Token => ({ kind: 'word', text });
const punct = (text: string): Token => ({ kind: 'punct', text });

/** IDENTIFIER('db.schema.t') becomes the identifier it names, folded as Snowflake folds it. */
export function rewriteIdentifierCalls(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const open = nextSignificant(tokens, index + 1);
    const literal = open < 0 ? -1 : nextSignificant(tokens, open + 1);
    const close = literal < 0 ? -1 : nextSignificant(tokens, literal + 1);
    if (
      isWord(token, 'IDENTIFIER') &&
      tokens[open]?.text === '(' &&
      tokens[literal]?.kind === 'string' &&
      tokens[close]?.text === ')'
    ) {
      const name = tokens[literal]!.text.slice(1, -1).replaceAll("''", "'");
      const parts = tokenize(name).filter((part) => part.kind === 'word' || part.kind === 'quoted');
      parts.forEach((part, position) => {
        if (position > 0) out.push(punct('.'));
        out.push({ kind: 'quoted', text: quoteIdentifier(identifierName(part)) });
      });
      index = close;
    } else out.push(token);
  }
  return out;
}

/** `?` and `:N` bind markers become DuckDB's `$N`; returns how many distinct positions there are. */
export function rewriteParams(tokens: Token[]): { tokens: Token[]; count: number } {
  let sequential = 0;
  let highest = 0;
  const out = tokens.map((token) => {
    if (token.kind !== 'param') return token;
    const position = token.text === '?' ? ++sequential : Number(token.text.slice(1));
    highest = Math.max(highest, position);
    return word(`$${position}`);
  });
  return { tokens: out, count: highest };
}

/** `v:field` (variant path) reads a JSON member as text; a following `::TYPE` then casts it. */
export function rewriteVariantPaths(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const member = tokens[index + 1];
    const isPath =
      token.kind === 'punct' &&
      token.text === ':' &&
      (member?.kind === 'word' || member?.kind === 'quoted') &&
      (out.at(-1)?.kind === 'word' || out.at(-1)?.kind === 'quoted');
    if (!isPath) {
      out.push(token);
      continue;
    }
    let start = out.length - 1;
    while (start >= 2 && out[start - 1]?.text === '.' && ['word', 'quoted'].includes(out[start - 2]!.kind)) {
      start -= 2;
    }
    const subject = out.splice(start);
    const name = member!.kind === 'quoted' ? identifierName(member!) : member!.text;
    out.push(word('json_extract_string'), punct('('), ...subject, punct(','), {
      kind: 'string',
      text: `'$."${name.replaceAll("'", "''")}"'`,
    });
    out.push(punct(')'));
    index += 1;
  }
  return out;
}

function mapType(tokens: Token[], at: number): void {
  const token = tokens[at];
  if (token?.kind !== 'word') return;
  const mapped = TYPE_NAMES[token.text.toUpperCase()];
  if (!mapped) return;
  const open = nextSignificant(tokens, at + 1);
  const bare = mapped === 'DECIMAL' && tokens[open]?.text !== '(';
  tokens[at] = word(bare ? 'DECIMAL(38,0)' : mapped);
  // VARIANT and friends take no length; FLOAT(p) and BINARY(n) lengths mean nothing to DuckDB.
  if (!bare && mapped !== 'DECIMAL' && mapped !== 'VARCHAR' && tokens[open]?.text === '(') {
    const close = tokens.findIndex((candidate, index) => index > open && candidate.text === ')');
    tokens.splice(at + 1, close - at);
  }
}

/** Type names after `::`, after `AS` inside CAST/TRY_CAST, and in column definitions. */
export function rewriteTypes(tokens: Token[], columnTypePositions: readonly number[]): Token[] {
  const out = [...tokens];
  const positions = new Set(columnTypePositions);
  const castParens: boolean[] = [];
  let removed = 0;
  for (let index = 0; index < out.length; index++) {
    const token = out[index]!;
    if (token.text === '(')
      castParens.push(isWord(out[previousSignificant(out, index - 1)], 'CAST', 'TRY_CAST'));
    if (token.text === ')') castParens.pop();
    const previous = out[previousSignificant(out, index - 1)];
    const inCast = castParens.at(-1) === true && isWord(previous, 'AS');
    if (positions.has(index + removed) || previous?.text === '::' || inCast) {
      const before = out.length;
      mapType(out, index);
      removed += before - out.length;
    }
  }
  return out;
}

export function rewriteFunctions(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const open = nextSignificant(tokens, index + 1);
    const mapped = token.kind === 'word' ? FUNCTION_NAMES[token.text.toUpperCase()] : undefined;
    const isCall = tokens[open]?.text === '(';
    if (mapped && isCall) {
      out.push(word(mapped));
      const close = nextSignificant(tokens, open + 1);
      if (mapped === 'CURRENT_TIMESTAMP' && tokens[close]?.text === ')') index = close;
      continue;
    }
    if (
      isWord(token, 'CURRENT_TIMESTAMP') &&
      isCall &&
      tokens[nextSignificant(tokens, open + 1)]?.text === ')'
    ) {
      out.push(token);
      index = nextSignificant(tokens, open + 1);
      continue;
    }
    out.push(token);
  }
  return out;
}

/** DuckDB rejects `UPDATE SET T.col = …` inside MERGE; Snowflake allows the qualifier. */
export function stripQualifiedSetTargets(tokens: Token[]): Token[] {
  const out = [...tokens];
  let inSet = false;
  let depth = 0;
  for (let index = 0; index < out.length; index++) {
    const token = out[index]!;
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
    if (isWord(token, 'SET')) inSet = true;
    if (isWord(token, 'WHEN')) inSet = false;
    const isTarget =
      depth === 0 &&
      (isWord(out[previousSignificant(out, index - 1)], 'SET') ||
        out[previousSignificant(out, index - 1)]?.text === ',');
    const dot = nextSignificant(out, index + 1);
    const column = dot < 0 ? -1 : nextSignificant(out, dot + 1);
    const equals = column < 0 ? -1 : nextSignificant(out, column + 1);
    if (inSet && isTarget && out[dot]?.text === '.' && out[equals]?.text === '=') {
      out.splice(index, column - index);
    }
  }
  return out;
}
