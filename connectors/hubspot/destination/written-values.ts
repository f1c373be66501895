import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface WrittenValue {
  readonly objectType: string;
  readonly recordId: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** The field values scorebridge last wrote to each HubSpot record, to skip writes that change nothing. */
export interface WrittenValues {
  get(objectType: string, recordId: string): ReadonlyMap<string, string> | undefined;
  remember(entries: readonly WrittenValue[], at: string): void;
  forget(objectType: string, recordId: string): void;
  close(): void;
}

/** Per process: enough for one long-running worker or a test. */
export class MemoryWrittenValues implements WrittenValues {
  readonly #values = new Map<string, Map<string, string>>();

  get(objectType: string, recordId: string): ReadonlyMap<string, string> | undefined {
    return this.#values.get(`${objectType}/${recordId}`);
  }

  remember(entries: readonly WrittenValue[]): void {
    for (const entry of entries) {
      const key = `${entry.objectType}/${entry.recordId}`;
      const fields = this.#values.get(key) ?? new Map<string, string>();
      for (const [name, value] of Object.entries(entry.fields)) fields.set(name, value);
      this.#values.set(key, fields);
    }
  }

  forget(objectType: string, recordId: string): void {
    this.#values.delete(`${objectType}/${recordId}`);
  }

  close(): void {
    this.#values.clear();
  }
}

/** Survives restarts: one small SQLite file next to the config (`writeBack.stateFile`). */
export class SqliteWrittenValues implements WrittenValues {
  readonly #db: DatabaseSync;
  readonly #select;
  readonly #upsert;
  readonly #delete;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS hubspot_written_values (
      object_type TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, written_at TEXT NOT NULL,
      PRIMARY KEY (object_type, record_id, field)) WITHOUT ROWID`);
    this.#select = this.#db.prepare(
      'SELECT field, value FROM hubspot_written_values WHERE object_type = ? AND record_id = ?',
    );
    this.#upsert = this.#db.prepare(
      `INSERT INTO hubspot_written_values (object_type, record_id, field, value, written_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (object_type, record_id, field) DO UPDATE SET value = excluded.value, written_at = excluded.written_at`,
    );
    this.#delete = this.#db.prepare(
      'DELETE FROM hubspot_written_values WHERE object_type = ? AND record_id = ?',
    );
  }

  get(objectType: string, recordId: string): ReadonlyMap<string, string> | undefined {
    const rows = this.#select.all(objectType, recordId) as { field: string; value: string }[];
    return rows.length === 0 ? undefined : new Map(rows.map((row) => [row.field, row.value]));
  }

  remember(entries: readonly WrittenValue[], at: string): void {
    this.#db.exec('BEGIN');
    try {
      for (const entry of entries) {
        for (const [field, value] of Object.entries(entry.fields))
          this.#upsert.run(entry.objectType, entry.recordId, field, value, at);
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  forget(objectType: string, recordId: string): void {
    this.#delete.run(objectType, recordId);
  }

  close(): void {
    this.#db.close();
  }
}
