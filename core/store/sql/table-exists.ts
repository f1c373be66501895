import { dialectOf, type SqlDatabase } from './sql-database.ts';

/** Whether a table exists in the store, asked of either dialect's catalog. */
export function tableExists(db: SqlDatabase, name: string): boolean {
  const sql =
    dialectOf(db) === 'postgres'
      ? 'SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?'
      : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
  return db.prepare(sql).get(name) !== undefined;
}
