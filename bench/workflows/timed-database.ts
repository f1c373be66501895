/**
 * Wraps a SqlDatabase so every call into SQLite (prepare, exec, run/all/get/iterate) is timed,
 * per SQL text, without changing engine code: the benchmark hands the wrapper to tick().
 */
import type { SqlDatabase, SqlStatement } from '../../core/store/sql/sql-database.ts';

export interface DatabaseTimer {
  readonly db: SqlDatabase;
  /** Milliseconds spent inside SQLite since the last reset. */
  totalMs(): number;
  calls(): number;
  /** Slowest SQL shapes by accumulated time. */
  top(count: number): Array<{ sql: string; ms: number; calls: number }>;
  reset(): void;
}

const STATEMENT_METHODS = new Set(['run', 'all', 'get', 'iterate']);

export function timeDatabase(inner: SqlDatabase): DatabaseTimer {
  let total = 0;
  let count = 0;
  const bySql = new Map<string, { ms: number; calls: number }>();
  const charge = (sql: string, ms: number) => {
    total += ms;
    count += 1;
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    const entry = bySql.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    bySql.set(key, entry);
  };
  const timed = <T>(sql: string, work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      charge(sql, performance.now() - started);
    }
  };
  const wrapStatement = (statement: SqlStatement, sql: string): SqlStatement =>
    new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (!STATEMENT_METHODS.has(String(property))) return method.bind(target);
        return (...args: unknown[]) => timed(sql, () => method.apply(target, args));
      },
    });
  const db = new Proxy(inner, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === 'prepare')
        return (sql: string) =>
          wrapStatement(
            timed(`prepare: ${sql}`, () => target.prepare(sql)),
            sql,
          );
      if (property === 'exec') return (sql: string) => timed(sql, () => target.exec(sql));
      return method.bind(target);
    },
  });
  return {
    db,
    totalMs: () => total,
    calls: () => count,
    top: (n) =>
      [...bySql.entries()]
        .map(([sql, entry]) => ({ sql, ...entry }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, n),
    reset: () => {
      total = 0;
      count = 0;
      bySql.clear();
    },
  };
}
