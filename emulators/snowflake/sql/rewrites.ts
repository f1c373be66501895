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

const isName = (token: Token | undefined): boolean => token?.kind === 'word' || token?.kind === 'quoted';

/** One step of a variant path at `at` (`:name`, `.name` after a colon, `[n]`, `['key']`), or null. */
function pathStep(
  tokens: readonly Token[],
  at: number,
  afterColon: boolean,
): { json: string; end: number } | null {
  const token = tokens[at];
  const member = tokens[at + 1];
  if (
    (token?.text === ':' || (afterColon && token?.text === '.')) &&
    token.kind === 'punct' &&
    isName(member)
  ) {
    const name = member!.kind === 'quoted' ? identifierName(member!) : member!.text;
    return { json: `."${name.replaceAll('"', '\\"')}"`, end: at + 1 };
  }
  if (token?.kind === 'punct' && token.text === '[' && tokens[at + 2]?.text === ']') {
    const inner = tokens[at + 1]!;
    if (inner.kind === 'number' && /^[0-9]+$/.test(inner.text))
      return { json: `[${inner.text}]`, end: at + 2 };
    if (inner.kind === 'string') {
      const key = inner.text.slice(1, -1).replaceAll("''", "'");
      return { json: `."${key.replaceAll('"', '\\"')}"`, end: at + 2 };
    }
  }
  return null;
}

/**
 * Variant paths (`v:field`, `v:a.b`, `v[0]:feature`, `v['key']`) read a JSON member as text, so a
 * following `::TYPE` casts it; `path::VARIANT` keeps the member as JSON instead. A path into a
 * string variant finds nothing and gives NULL, as in Snowflake
 * (https://docs.snowflake.com/en/user-guide/querying-semistructured).
 */
export function rewriteVariantPaths(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const first = isName(out.at(-1)) ? pathStep(tokens, index, false) : null;
    if (!first) {
      out.push(token);
      continue;
    }
    let start = out.length - 1;
    while (start >= 2 && out[start - 1]?.text === '.' && isName(out[start - 2])) start -= 2;
    const subject = out.splice(start);
    let path = `$${first.json}`;
    let end = first.end;
    let afterColon = token.text === ':';
    for (
      let step = pathStep(tokens, end + 1, afterColon);
      step;
      step = pathStep(tokens, end + 1, afterColon)
    ) {
      afterColon ||= tokens[end + 1]!.text === ':';
      path += step.json;
      end = step.end;
    }
    const cast = nextSignificant(tokens, end + 1);
    const type = cast < 0 ? -1 : nextSignificant(tokens, cast + 1);
    const keepsJson = tokens[cast]?.text === '::' && isWord(tokens[type], 'VARIANT');
    out.push(word(keepsJson ? 'json_extract' : 'json_extract_string'), punct('('), ...subject, punct(','), {
      kind: 'string',
      text: `'${path.replaceAll("'", "''")}'`,
    });
    out.push(punct(')'));
    index = keepsJson ? type : end;
  }
  return out;
}

/** Where the operand of a postfix `::` ending at `end` starts in `tokens`, or -1. */
function operandStart(tokens: readonly Token[], end: number): number {
  let at = end;
  for (;;) {
    const token = tokens[at];
    if (!token) return -1;
    if (token.kind === 'punct' && (token.text === ')' || token.text === ']')) {
      const open = token.text === ')' ? '(' : '[';
      let depth = 0;
      for (; at >= 0; at--) {
        if (tokens[at]!.text === token.text) depth++;
        else if (tokens[at]!.text === open && --depth === 0) break;
      }
      if (at < 0) return -1;
      // `f(...)` and `x[...]` are one operand with what is written right before the bracket.
      const before = tokens[at - 1];
      if (before && (isName(before) || before.text === ')' || before.text === ']')) {
        at -= 1;
        if (isName(before)) return qualifiedStart(tokens, at);
        continue;
      }
      return at;
    }
    if (isName(token)) return qualifiedStart(tokens, at);
    if (['string', 'number', 'param'].includes(token.kind)) return at;
    return -1;
  }
}

function qualifiedStart(tokens: readonly Token[], at: number): number {
  let start = at;
  while (start >= 2 && tokens[start - 1]?.text === '.' && isName(tokens[start - 2])) start -= 2;
  return start;
}

/**
 * `x::VARIANT` (and CAST/TRY_CAST, see functions.ts) wraps the value as it is: text becomes a
 * string variant, never parsed JSON; only PARSE_JSON parses
 * (https://docs.snowflake.com/en/sql-reference/functions/to_variant,
 * https://docs.snowflake.com/en/sql-reference/data-types-semistructured#variant). DuckDB's to_json
 * does exactly that, and passes a JSON (VARIANT) value through unchanged.
 */
export function rewriteVariantCasts(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const type = nextSignificant(tokens, index + 1);
    if (!(token.kind === 'punct' && token.text === '::' && isWord(tokens[type], 'VARIANT'))) {
      out.push(token);
      continue;
    }
    const start = operandStart(out, previousSignificant(out, out.length - 1));
    if (start < 0) throw new Error(`the Snowflake emulator cannot tell what '::VARIANT' casts here`);
    const operand = out.splice(start);
    out.push(word('to_json'), punct('('), ...operand, punct(')'));
    index = type;
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
    const castContext = previous?.text === '::' || inCast;
    // A cast to VARIANT is no DuckDB cast at all: rewriteVariantCasts and the CAST rule wrap it.
    if (castContext && isWord(token, 'VARIANT')) continue;
    if (positions.has(index + removed) || castContext) {
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
