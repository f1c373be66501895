import { isWord, nextSignificant, previousSignificant, type Token } from './tokens.ts';

/**
 * Snowflake functions whose DuckDB counterpart takes other arguments or returns another shape,
 * rewritten call by call (arguments first, so calls nest). Each follows Snowflake's documented
 * behaviour on the values scorebridge's generated SQL passes them.
 */

const word = (text: string): Token => ({ kind: 'word', text });
const punct = (text: string): Token => ({ kind: 'punct', text });
const str = (text: string): Token => ({ kind: 'string', text: `'${text.replaceAll("'", "''")}'` });

type Rule = (args: Token[][]) => Token[] | null;

const call = (name: string, ...args: Token[][]): Token[] => {
  const out: Token[] = [word(name), punct('(')];
  args.forEach((arg, index) => {
    if (index > 0) out.push(punct(','), { kind: 'space', text: ' ' });
    out.push(...arg);
  });
  out.push(punct(')'));
  return out;
};
const tryCast = (arg: Token[], type: string): Token[] => [
  word('TRY_CAST'),
  punct('('),
  ...arg,
  word(' AS '),
  word(type),
  punct(')'),
];

/** The text of a single string-literal argument, else null. */
function literalText(arg: Token[]): string | null {
  const significant = arg.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  if (significant.length !== 1 || significant[0]!.kind !== 'string') return null;
  return significant[0]!.text.slice(1, -1).replaceAll("''", "'").replaceAll('\\\\', '\\');
}

/** A Snowflake path (`a.b`, `"a.b"`, `a[0]`) as a DuckDB JSONPath (`$."a"."b"`). */
export function jsonPath(path: string): string {
  let out = '$';
  let at = 0;
  while (at < path.length) {
    const char = path[at]!;
    if (char === '.') {
      at++;
    } else if (char === '[') {
      const end = path.indexOf(']', at);
      out += path.slice(at, end + 1);
      at = end + 1;
    } else if (char === '"') {
      let end = at + 1;
      while (end < path.length && !(path[end] === '"' && path[end + 1] !== '"'))
        end += path[end] === '"' ? 2 : 1;
      out += `."${path.slice(at + 1, end).replaceAll('""', '\\"')}"`;
      at = end + 1;
    } else {
      const end = path.slice(at).search(/[.[]/);
      const name = end < 0 ? path.slice(at) : path.slice(at, at + end);
      out += `."${name}"`;
      at += name.length;
    }
  }
  return out;
}

const EPOCH_UNITS: Record<string, string> = {
  EPOCH_SECOND: 'epoch',
  EPOCH: 'epoch',
  EPOCH_MILLISECOND: 'epoch_ms',
  EPOCH_MICROSECOND: 'epoch_us',
  EPOCH_NANOSECOND: 'epoch_ns',
};

/** `CAST(x AS VARIANT)`: x as a variant of its own type (text stays text), as `x::VARIANT` in rewrites.ts. */
const castToVariant: Rule = (args) => {
  const arg = args.length === 1 ? args[0]! : null;
  const type = arg ? previousSignificant(arg, arg.length - 1) : -1;
  const as = type < 0 ? -1 : previousSignificant(arg!, type - 1);
  if (!arg || !isWord(arg[type], 'VARIANT') || !isWord(arg[as], 'AS')) return null;
  return call('to_json', arg.slice(0, as));
};

/**
 * TYPEOF(variant) names the JSON type as Snowflake does
 * (https://docs.snowflake.com/en/sql-reference/functions/typeof): 'ARRAY', 'OBJECT', 'VARCHAR' for a
 * string variant, 'INTEGER', 'BOOLEAN', 'NULL_VALUE' for JSON null. Any other number is 'DOUBLE'
 * here, where Snowflake says 'DECIMAL' for fixed-point values.
 */
const typeOf: Rule = ([value]) =>
  value
    ? [
        word('CASE '),
        ...call('json_type', value),
        word(
          " WHEN 'BIGINT' THEN 'INTEGER' WHEN 'UBIGINT' THEN 'INTEGER' WHEN 'NULL' THEN 'NULL_VALUE' ELSE ",
        ),
        ...call('json_type', value),
        word(' END'),
      ]
    : null;

const RULES: Record<string, Rule> = {
  CAST: castToVariant,
  TRY_CAST: castToVariant,
  TYPEOF: typeOf,
  // A member's text, NULL for JSON null: DuckDB's json_extract_string with the path translated.
  JSON_EXTRACT_PATH_TEXT: ([json, path]) => {
    const text = path && literalText(path);
    return json && text !== null && text !== undefined
      ? call('json_extract_string', json, [str(jsonPath(text))])
      : null;
  },
  TRY_PARSE_JSON: ([text]) => (text ? tryCast(text, 'JSON') : null),
  // REGEXP_REPLACE(subject, pattern, replacement) replaces every match (occurrence 0 by default,
  // https://docs.snowflake.com/en/sql-reference/functions/regexp_replace); DuckDB needs 'g' for that.
  REGEXP_REPLACE: ([subject, pattern, replacement, ...rest]) =>
    subject && pattern && rest.length === 0
      ? call('regexp_replace', subject, pattern, replacement ?? [str('')], [str('g')])
      : null,
  // GET(object, 'key') reads one member as a VARIANT (here: JSON); GET(array, n) one element.
  GET: ([value, key]) => {
    if (!value || !key) return null;
    const index = key.find((t) => t.kind === 'number')?.text;
    if (index !== undefined) {
      const element = orderedArrayAgg(value, Number(index));
      return element ?? call('json_extract', value, [str(`$[${index}]`)]);
    }
    const name = literalText(key);
    return name !== null ? call('json_extract', value, [str(`$."${name.replaceAll('"', '\\"')}"`)]) : null;
  },
  IS_VARCHAR: ([json]) =>
    json ? [punct('('), ...call('json_type', json), word(" = 'VARCHAR'"), punct(')')] : null,
  DATE_PART: ([unit, value]) => {
    const name = unit?.find((t) => t.kind === 'word')?.text.toUpperCase();
    const fn = name ? EPOCH_UNITS[name] : undefined;
    return fn && value ? call(fn, value) : null;
  },
  TRY_TO_TIMESTAMP_TZ: ([text]) => (text ? tryCast(text, 'TIMESTAMPTZ') : null),
  TRY_TO_TIMESTAMP_LTZ: ([text]) => (text ? tryCast(text, 'TIMESTAMPTZ') : null),
  TRY_TO_TIMESTAMP_NTZ: ([text]) => (text ? tryCast(text, 'TIMESTAMP') : null),
  TRY_TO_TIMESTAMP: ([text]) => (text ? tryCast(text, 'TIMESTAMP') : null),
  TRY_TO_DOUBLE: ([text]) => (text ? tryCast(text, 'DOUBLE') : null),
  // SHA2(text, 256) is the lower-case hex SHA-256 of the UTF-8 bytes, as DuckDB's sha256.
  SHA2: ([text, bits]) => {
    const size = bits?.find((t) => t.kind === 'number')?.text ?? '256';
    return text && size === '256' ? call('sha256', text) : null;
  },
  // A stable signed 64-bit hash (not Snowflake's values: only stability is emulated).
  HASH: (args) =>
    args.length === 1
      ? [word('CAST'), punct('('), ...call('hash', args[0]!), word(' >> 1 AS BIGINT'), punct(')')]
      : null,
};

function matchingClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    const text = tokens[index]!.kind === 'punct' ? tokens[index]!.text : '';
    if (text === '(') depth++;
    else if (text === ')' && --depth === 0) return index;
  }
  return -1;
}

function splitArgs(tokens: readonly Token[]): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === '(') depth++;
    if (token.kind === 'punct' && token.text === ')') depth--;
    if (depth === 0 && token.kind === 'punct' && token.text === ',') args.push([]);
    else args.at(-1)!.push(token);
  }
  return args.length === 1 && args[0]!.every((t) => t.kind === 'space') ? [] : args;
}

/**
 * Element `index` of `ARRAY_AGG(x) [WITHIN GROUP (ORDER BY ...)]` (an argument's tokens): ARRAY_AGG
 * omits NULLs and numbers elements from 0; DuckDB's array_agg takes the ORDER BY inside, NULLs are
 * filtered and lists count from 1. Null when the tokens are not such a call.
 */
function orderedArrayAgg(tokens: readonly Token[], index: number): Token[] | null {
  const start = nextSignificant(tokens, 0);
  if (!isWord(tokens[start], 'ARRAY_AGG')) return null;
  const open = nextSignificant(tokens, start + 1);
  if (tokens[open]?.text !== '(') return null;
  const close = matchingClose(tokens, open);
  const args = splitArgs(tokens.slice(open + 1, close));
  if (args.length !== 1) return null;
  let order: Token[] = [];
  let at = nextSignificant(tokens, close + 1);
  if (at >= 0) {
    if (!isWord(tokens[at], 'WITHIN') || !isWord(tokens[nextSignificant(tokens, at + 1)], 'GROUP'))
      return null;
    const groupOpen = nextSignificant(tokens, nextSignificant(tokens, at + 1) + 1);
    if (tokens[groupOpen]?.text !== '(') return null;
    const groupClose = matchingClose(tokens, groupOpen);
    order = tokens.slice(groupOpen + 1, groupClose);
    at = nextSignificant(tokens, groupClose + 1);
    if (at >= 0) return null;
  }
  const value = args[0]!;
  return [
    punct('('),
    word('array_agg'),
    punct('('),
    ...value,
    ...(order.length > 0 ? [word(' '), ...order] : []),
    punct(')'),
    word(' FILTER (WHERE ('),
    ...value,
    word(') IS NOT NULL)'),
    punct(')'),
    punct('['),
    { kind: 'number', text: String(index + 1) },
    punct(']'),
  ];
}

/** `ARRAY_AGG(...) [WITHIN GROUP (...)][n]`: the element, through orderedArrayAgg. */
function arrayAggElement(tokens: readonly Token[], start: number): { tokens: Token[]; end: number } | null {
  const open = nextSignificant(tokens, start + 1);
  let end = matchingClose(tokens, open);
  let at = nextSignificant(tokens, end + 1);
  if (isWord(tokens[at], 'WITHIN')) {
    end = matchingClose(tokens, nextSignificant(tokens, nextSignificant(tokens, at + 1) + 1));
    at = nextSignificant(tokens, end + 1);
  }
  const index = nextSignificant(tokens, at + 1);
  const closing = nextSignificant(tokens, index + 1);
  if (tokens[at]?.text !== '[' || tokens[index]?.kind !== 'number' || tokens[closing]?.text !== ']')
    return null;
  const element = orderedArrayAgg(
    rewriteSnowflakeFunctions(tokens.slice(start, end + 1)),
    Number(tokens[index]!.text),
  );
  return element ? { tokens: element, end: closing } : null;
}

export function rewriteSnowflakeFunctions(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const name = token.kind === 'word' ? token.text.toUpperCase() : '';
    const open = nextSignificant(tokens, index + 1);
    const isCall = open >= 0 && tokens[open]!.kind === 'punct' && tokens[open]!.text === '(';
    const rule = RULES[name];
    if (!isCall || (!rule && name !== 'ARRAY_AGG')) {
      out.push(token);
      continue;
    }
    const close = matchingClose(tokens, open);
    if (close < 0) {
      out.push(token);
      continue;
    }
    if (name === 'ARRAY_AGG') {
      const element = arrayAggElement(tokens, index);
      if (element) {
        out.push(...element.tokens);
        index = element.end;
      } else {
        out.push(token);
      }
      continue;
    }
    const args = splitArgs(tokens.slice(open + 1, close)).map(rewriteSnowflakeFunctions);
    out.push(...(rule!(args) ?? call(token.text, ...args)));
    index = close;
  }
  return out;
}
