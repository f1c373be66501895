/**
 * Rewrites a statement written for SQLite into the Postgres form, without changing its meaning:
 * - `?` and named parameters (`:name`, `$name`, `@name`) become `$1..$n` (the names are returned so
 *   an object argument can be mapped to positions);
 * - mixed-case aliases (`AS nextStepAt`) are quoted, because Postgres folds unquoted names to lower
 *   case and SQLite keeps them as written;
 * - `INSERT OR IGNORE` becomes `INSERT ... ON CONFLICT DO NOTHING`.
 * String literals, quoted identifiers and comments are copied untouched. Anything else that differs
 * between the dialects is written per dialect at the call site (see sql/sql-database.ts).
 */
export interface TranslatedSql {
  readonly text: string;
  /** Parameter name per position ($1 is names[0]); null for a positional `?`. */
  readonly names: readonly (string | null)[];
}

const IDENT = /[A-Za-z0-9_]/;

export function translateToPostgres(sql: string): TranslatedSql {
  const names: (string | null)[] = [];
  const byName = new Map<string, number>();
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === ':' && next === ':') {
      out += '::';
      i += 2;
    } else if (ch === '?') {
      names.push(null);
      out += `$${names.length}`;
      i += 1;
    } else if ((ch === ':' || ch === '@' || ch === '$') && next !== undefined && /[A-Za-z_]/.test(next)) {
      let end = i + 1;
      while (end < sql.length && IDENT.test(sql[end] as string)) end += 1;
      const name = sql.slice(i + 1, end);
      let position = byName.get(name);
      if (position === undefined) {
        names.push(name);
        position = names.length;
        byName.set(name, position);
      }
      out += `$${position}`;
      i = end;
    } else {
      out += ch;
      i += 1;
    }
  }
  return { text: rewriteKeywords(out), names };
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** Keyword rewrites, applied outside literals only (literals cannot contain these patterns here). */
function rewriteKeywords(sql: string): string {
  let text = sql.replace(/\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/g, (whole, alias: string) =>
    /[a-z]/.test(alias) && /[A-Z]/.test(alias) ? `AS "${alias}"` : whole,
  );
  if (/^\s*INSERT\s+OR\s+IGNORE\b/i.test(text)) {
    text = `${text.replace(/^\s*INSERT\s+OR\s+IGNORE\b/i, 'INSERT').replace(/;\s*$/, '')} ON CONFLICT DO NOTHING`;
  }
  return text;
}

/**
 * SQLite's BEGIN IMMEDIATE takes the single write lock up front. On Postgres every transaction
 * the product opens takes one transaction-scoped advisory lock, so write transactions written for
 * SQLite keep exactly that serial order across every process and host.
 */
export const STORE_WRITE_LOCK = 726_1501;

export function translateTransactionControl(sql: string): string | null {
  const statement = sql.trim().replace(/;$/, '').toUpperCase();
  if (/^BEGIN( IMMEDIATE| DEFERRED| EXCLUSIVE)?( TRANSACTION)?$/.test(statement)) {
    return `BEGIN; SELECT pg_advisory_xact_lock(${STORE_WRITE_LOCK})`;
  }
  return null;
}
