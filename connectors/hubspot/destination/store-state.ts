import type { SqlDatabase } from '../../../core/store/sql/sql-database.ts';
import type { Migration } from '../../../core/store/sqlite/migrations.ts';
import type { TaskKeyEntry, TaskKeyLog } from './task-keys.ts';
import type { WrittenValue, WrittenValues } from './written-values.ts';

/**
 * HubSpot write-back state inside the shared store (Postgres), for deployments where several
 * workers on several hosts write back: a local state file would give each its own memory, so one
 * would create a task another already created, or skip a write another never made. Rows are keyed
 * by connector name, as each connector had its own file before.
 */
export const hubspotStateMigrations: Migration[] = [
  {
    version: 700,
    name: 'HubSpot task creation log and last-written values in the store',
    sql: `
CREATE TABLE hubspot_task_keys (
  connector TEXT NOT NULL,
  task_key TEXT NOT NULL,
  attempted_at INTEGER NOT NULL,
  task_id TEXT,
  PRIMARY KEY (connector, task_key)
);
CREATE TABLE hubspot_written_values (
  connector TEXT NOT NULL,
  object_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  written_at TEXT NOT NULL,
  PRIMARY KEY (connector, object_type, record_id, field)
);
`,
  },
];

/** All or nothing; nests as a savepoint when the store connection is already in a transaction. */
function atomically(db: SqlDatabase, work: () => void): void {
  const nested = db.isTransaction;
  db.exec(nested ? 'SAVEPOINT hubspot_state' : 'BEGIN');
  try {
    work();
    db.exec(nested ? 'RELEASE hubspot_state' : 'COMMIT');
  } catch (error) {
    db.exec(nested ? 'ROLLBACK TO hubspot_state; RELEASE hubspot_state' : 'ROLLBACK');
    throw error;
  }
}

/** The task creation log (task-keys.ts) in the shared store; the store's owner closes the connection. */
export class StoreTaskKeyLog implements TaskKeyLog {
  readonly #db: SqlDatabase;
  readonly #connector: string;

  constructor(db: SqlDatabase, connector: string) {
    this.#db = db;
    this.#connector = connector;
  }

  lookup(keys: readonly string[]): Map<string, TaskKeyEntry> {
    const select = this.#db.prepare(
      'SELECT attempted_at, task_id FROM hubspot_task_keys WHERE connector = ? AND task_key = ?',
    );
    const found = new Map<string, TaskKeyEntry>();
    for (const key of keys) {
      const row = select.get(this.#connector, key) as
        | { attempted_at: number; task_id: string | null }
        | undefined;
      if (row) found.set(key, { attemptedAt: Number(row.attempted_at), taskId: row.task_id });
    }
    return found;
  }

  attempted(keys: readonly string[], at: number): void {
    const attempt = this.#db.prepare(
      `INSERT INTO hubspot_task_keys (connector, task_key, attempted_at, task_id) VALUES (?, ?, ?, NULL)
       ON CONFLICT (connector, task_key) DO UPDATE SET attempted_at = excluded.attempted_at`,
    );
    atomically(this.#db, () => {
      for (const key of keys) attempt.run(this.#connector, key, at);
    });
  }

  created(tasks: ReadonlyMap<string, string>): void {
    const create = this.#db.prepare(
      `INSERT INTO hubspot_task_keys (connector, task_key, attempted_at, task_id) VALUES (?, ?, 0, ?)
       ON CONFLICT (connector, task_key) DO UPDATE SET task_id = excluded.task_id`,
    );
    atomically(this.#db, () => {
      for (const [key, taskId] of tasks) create.run(this.#connector, key, taskId);
    });
  }

  close(): void {}
}

/** The last-written values (written-values.ts) in the shared store; the store's owner closes it. */
export class StoreWrittenValues implements WrittenValues {
  readonly #db: SqlDatabase;
  readonly #connector: string;

  constructor(db: SqlDatabase, connector: string) {
    this.#db = db;
    this.#connector = connector;
  }

  get(objectType: string, recordId: string): ReadonlyMap<string, string> | undefined {
    const rows = this.#db
      .prepare(
        'SELECT field, value FROM hubspot_written_values WHERE connector = ? AND object_type = ? AND record_id = ?',
      )
      .all(this.#connector, objectType, recordId) as { field: string; value: string }[];
    return rows.length === 0 ? undefined : new Map(rows.map((row) => [row.field, row.value]));
  }

  remember(entries: readonly WrittenValue[], at: string): void {
    const upsert = this.#db.prepare(
      `INSERT INTO hubspot_written_values (connector, object_type, record_id, field, value, written_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (connector, object_type, record_id, field)
       DO UPDATE SET value = excluded.value, written_at = excluded.written_at`,
    );
    atomically(this.#db, () => {
      for (const entry of entries)
        for (const [field, value] of Object.entries(entry.fields))
          upsert.run(this.#connector, entry.objectType, entry.recordId, field, value, at);
    });
  }

  forget(objectType: string, recordId: string): void {
    this.#db
      .prepare('DELETE FROM hubspot_written_values WHERE connector = ? AND object_type = ? AND record_id = ?')
      .run(this.#connector, objectType, recordId);
  }

  close(): void {}
}
