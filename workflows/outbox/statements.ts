import type { SqlDatabase, SqlStatement } from '../../core/store/sql/sql-database.ts';

const caches = new WeakMap<SqlDatabase, Map<string, SqlStatement>>();

/**
 * A prepared statement per connection and SQL text. The engine enqueues and audits once per step;
 * preparing each time cost a third of the insert time (bench/workflows/engine-tick.ts).
 */
export function prepared(db: SqlDatabase, sql: string): SqlStatement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
