import { unmask } from './lexer.ts';
import { matchingParen } from './rewrites.ts';

/** Table options GoogleSQL DDL carries that DuckDB has no syntax for; kept as table metadata. */
export interface DdlTableOptions {
  /** The name as written, unmasked and split (`proj`, `ds`, `t`), 1 to 3 parts. */
  readonly nameParts: readonly string[];
  readonly partitionField: string | null;
  readonly clusterFields: readonly string[];
}

const CREATE_TABLE =
  /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s(]+)/i;
const CREATE_VIEW = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s(]+)/i;
const TAIL_CLAUSE = /\b(PARTITION\s+BY|CLUSTER\s+BY|OPTIONS\s*\(|AS\b)/i;

/**
 * Removes `PARTITION BY`, `CLUSTER BY` and `OPTIONS(...)` from a CREATE TABLE / VIEW (masked code)
 * and reports what they said, so the table resource can still show its partitioning.
 */
export function stripTableOptions(
  code: string,
  pieces: readonly string[],
): { code: string; options: DdlTableOptions | null } {
  const table = CREATE_TABLE.exec(code);
  const view = table ? null : CREATE_VIEW.exec(code);
  const head = table ?? view;
  if (!head) return { code, options: null };
  const nameEnd = head.index + head[0].length;
  let bodyStart = nameEnd;
  if (table) {
    const open = code.indexOf('(', nameEnd);
    if (open >= 0 && code.slice(nameEnd, open).trim() === '') bodyStart = matchingParen(code, open) + 1;
  }
  let tail = code.slice(bodyStart);
  let partitionField: string | null = null;
  let clusterFields: string[] = [];
  for (;;) {
    const clause = TAIL_CLAUSE.exec(tail);
    if (!clause || /^AS$/i.test(clause[1]!)) break;
    const start = clause.index;
    if (/^OPTIONS/i.test(clause[1]!)) {
      const close = matchingParen(tail, start + clause[0].length - 1);
      tail = tail.slice(0, start) + tail.slice(close + 1);
      continue;
    }
    const rest = tail.slice(start + clause[0].length);
    const next = TAIL_CLAUSE.exec(rest);
    const body = next ? rest.slice(0, next.index) : rest;
    const text = unmask(body, pieces).trim();
    if (/^PARTITION/i.test(clause[1]!)) partitionField = partitionColumn(text);
    else clusterFields = text.split(',').map((part) => stripQuotes(part.trim()));
    tail = tail.slice(0, start) + (next ? rest.slice(next.index) : '');
  }
  const nameParts = unmask(head[1]!, pieces).split('.').map(stripQuotes);
  return {
    code: code.slice(0, bodyStart) + tail,
    options: table ? { nameParts, partitionField, clusterFields } : null,
  };
}

function partitionColumn(expression: string): string {
  const call = /^(?:DATE|TIMESTAMP_TRUNC|DATE_TRUNC)\s*\(\s*([^,)]+)/i.exec(expression);
  return stripQuotes((call ? call[1]! : expression).trim());
}

function stripQuotes(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}
