import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** What scorebridge knows about one task key: when it last tried to create it, and the task made. */
export interface TaskKeyEntry {
  readonly attemptedAt: number;
  readonly taskId: string | null;
}

/**
 * scorebridge's own record of task creations, kept apart from HubSpot so that de-duplication does
 * not depend on HubSpot's search being fresh: an attempt is written before the create call and the
 * task id after it. A key with a task id is done; a key attempted moments ago whose task search
 * cannot find yet is waited for, not created again.
 */
export interface TaskKeyLog {
  lookup(keys: readonly string[]): Map<string, TaskKeyEntry>;
  attempted(keys: readonly string[], at: number): void;
  created(tasks: ReadonlyMap<string, string>): void;
  close(): void;
}

/** Per process: enough for one long-running worker or a test. */
export class MemoryTaskKeyLog implements TaskKeyLog {
  readonly #entries = new Map<string, TaskKeyEntry>();

  lookup(keys: readonly string[]): Map<string, TaskKeyEntry> {
    const found = new Map<string, TaskKeyEntry>();
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry) found.set(key, entry);
    }
    return found;
  }

  attempted(keys: readonly string[], at: number): void {
    for (const key of keys)
      this.#entries.set(key, { attemptedAt: at, taskId: this.#entries.get(key)?.taskId ?? null });
  }

  created(tasks: ReadonlyMap<string, string>): void {
    for (const [key, taskId] of tasks)
      this.#entries.set(key, { attemptedAt: this.#entries.get(key)?.attemptedAt ?? 0, taskId });
  }

  close(): void {
    this.#entries.clear();
  }
}

/** Survives restarts: a table in the write-back state file (`writeBack.stateFile`). */
export class SqliteTaskKeyLog implements TaskKeyLog {
  readonly #db: DatabaseSync;
  readonly #select;
  readonly #attempt;
  readonly #create;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA busy_timeout = 5000');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS hubspot_task_keys (
      task_key TEXT PRIMARY KEY, attempted_at INTEGER NOT NULL, task_id TEXT) WITHOUT ROWID`);
    this.#select = this.#db.prepare('SELECT attempted_at, task_id FROM hubspot_task_keys WHERE task_key = ?');
    this.#attempt = this.#db.prepare(
      `INSERT INTO hubspot_task_keys (task_key, attempted_at, task_id) VALUES (?, ?, NULL)
       ON CONFLICT (task_key) DO UPDATE SET attempted_at = excluded.attempted_at`,
    );
    this.#create = this.#db.prepare(
      `INSERT INTO hubspot_task_keys (task_key, attempted_at, task_id) VALUES (?, 0, ?)
       ON CONFLICT (task_key) DO UPDATE SET task_id = excluded.task_id`,
    );
  }

  lookup(keys: readonly string[]): Map<string, TaskKeyEntry> {
    const found = new Map<string, TaskKeyEntry>();
    for (const key of keys) {
      const row = this.#select.get(key) as { attempted_at: number; task_id: string | null } | undefined;
      if (row) found.set(key, { attemptedAt: row.attempted_at, taskId: row.task_id });
    }
    return found;
  }

  attempted(keys: readonly string[], at: number): void {
    this.#transaction(() => {
      for (const key of keys) this.#attempt.run(key, at);
    });
  }

  created(tasks: ReadonlyMap<string, string>): void {
    this.#transaction(() => {
      for (const [key, taskId] of tasks) this.#create.run(key, taskId);
    });
  }

  close(): void {
    this.#db.close();
  }

  #transaction(work: () => void): void {
    this.#db.exec('BEGIN');
    try {
      work();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}
