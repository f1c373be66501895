import type { Clock } from '../../core/clock.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import type { SqlDatabase, SqlValue } from '../../core/store/sql/sql-database.ts';
import { tableExists } from '../../core/store/sql/table-exists.ts';
import { SqliteCanonicalStore } from '../../core/store/sqlite/sqlite-store.ts';

export const modelStatuses = ['candidate', 'promoted', 'rejected', 'retired'] as const;
/** candidate: trained, not decided; promoted: the one that scores; rejected: lost to the champion; retired: replaced. */
export type ModelStatus = (typeof modelStatuses)[number];

export interface NewModel {
  readonly name: string;
  readonly kind: string;
  readonly entity: string;
  /** The as-of instant the model was trained for. */
  readonly asOf: string;
  readonly trainingWindow: { readonly from: string; readonly to: string };
  readonly features: readonly string[];
  readonly metrics: unknown;
  readonly fingerprint: string;
  readonly artifact: unknown;
}

export interface ModelRecord extends NewModel {
  readonly version: number;
  readonly trainedAt: string;
  readonly status: ModelStatus;
  readonly promotionReason: string | null;
  readonly decidedAt: string | null;
}

export interface ModelRun {
  readonly id: number;
  readonly name: string;
  readonly version: number;
  readonly runAt: string;
  readonly asOf: string;
  readonly rows: number;
  readonly summary: unknown;
}

function toRecord(row: Record<string, SqlValue>): ModelRecord {
  return {
    name: String(row.name),
    version: Number(row.version),
    kind: String(row.kind),
    entity: String(row.entity),
    trainedAt: String(row.trained_at),
    asOf: String(row.as_of),
    trainingWindow: { from: String(row.window_from), to: String(row.window_to) },
    features: JSON.parse(String(row.features)) as string[],
    metrics: JSON.parse(String(row.metrics)),
    fingerprint: String(row.fingerprint),
    artifact: JSON.parse(String(row.artifact)),
    status: String(row.status) as ModelStatus,
    promotionReason: row.promotion_reason === null ? null : String(row.promotion_reason),
    decidedAt: row.decided_at === null ? null : String(row.decided_at),
  };
}

/** NaN and infinities have no JSON form; metrics keep them as null rather than failing to save. */
function json(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/**
 * Trained models, stored in the canonical store's database (tables from `modelRegistryMigrations`).
 * At most one model per name is promoted; promoting one retires the previous champion.
 */
export class ModelRegistry {
  readonly #db: SqlDatabase;
  readonly #clock: Clock;

  constructor(db: SqlDatabase, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    if (!tableExists(db, 'models')) {
      throw new Error(
        'the store has no model registry tables: open it with extraMigrations: modelRegistryMigrations (scoring/registry)',
      );
    }
  }

  /** The registry of a store opened with the registry migrations (SQLite only for now). */
  static of(store: CanonicalStore, clock: Clock): ModelRegistry {
    if (!(store instanceof SqliteCanonicalStore))
      throw new Error('the model registry needs the SQLite store');
    return new ModelRegistry(store.database, clock);
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }

  /** Saves a newly trained model as a candidate with the next version number of its name. */
  add(model: NewModel): ModelRecord {
    // Version numbers are per name: the store's write lock keeps two trainers on two hosts from
    // both taking the same next number.
    const own = !this.#db.isTransaction;
    if (own) this.#db.exec('BEGIN IMMEDIATE');
    try {
      const saved = this.#db
        .prepare(
          `INSERT INTO models (name, version, kind, entity, trained_at, as_of, window_from, window_to, features, metrics,
             fingerprint, artifact, status, promotion_reason, decided_at)
           VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM models WHERE name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
             'candidate', NULL, NULL)
           RETURNING version`,
        )
        .get(
          model.name,
          model.name,
          model.kind,
          model.entity,
          this.#now(),
          model.asOf,
          model.trainingWindow.from,
          model.trainingWindow.to,
          json(model.features),
          json(model.metrics),
          model.fingerprint,
          json(model.artifact),
        ) as { version: number };
      if (own) this.#db.exec('COMMIT');
      return this.get(model.name, Number(saved.version))!;
    } catch (error) {
      if (own) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  get(name: string, version: number): ModelRecord | null {
    const row = this.#db.prepare('SELECT * FROM models WHERE name = ? AND version = ?').get(name, version);
    return row ? toRecord(row as Record<string, SqlValue>) : null;
  }

  promoted(name: string): ModelRecord | null {
    const row = this.#db.prepare("SELECT * FROM models WHERE name = ? AND status = 'promoted'").get(name);
    return row ? toRecord(row as Record<string, SqlValue>) : null;
  }

  /** Every version of a name (or of every name), newest first. */
  list(name?: string): ModelRecord[] {
    const rows = name
      ? this.#db.prepare('SELECT * FROM models WHERE name = ? ORDER BY version DESC').all(name)
      : this.#db.prepare('SELECT * FROM models ORDER BY name, version DESC').all();
    return (rows as Record<string, SqlValue>[]).map(toRecord);
  }

  /** Makes `version` the champion, retiring the previous one, in one transaction. */
  promote(name: string, version: number, reason: string): void {
    const now = this.#now();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      this.#db
        .prepare(
          "UPDATE models SET status = 'retired', decided_at = ? WHERE name = ? AND status = 'promoted' AND version <> ?",
        )
        .run(now, name, version);
      this.#decide(name, version, 'promoted', reason, now);
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  reject(name: string, version: number, reason: string): void {
    this.#decide(name, version, 'rejected', reason, this.#now());
  }

  #decide(name: string, version: number, status: ModelStatus, reason: string, now: string): void {
    const result = this.#db
      .prepare(
        'UPDATE models SET status = ?, promotion_reason = ?, decided_at = ? WHERE name = ? AND version = ?',
      )
      .run(status, reason, now, name, version);
    if (Number(result.changes) !== 1) throw new Error(`model ${name} v${version} is not in the registry`);
  }

  recordRun(run: Omit<ModelRun, 'id' | 'runAt'>): ModelRun {
    const runAt = this.#now();
    const row = this.#db
      .prepare(
        'INSERT INTO model_runs (name, version, run_at, as_of, rows, summary) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      )
      .get(run.name, run.version, runAt, run.asOf, run.rows, json(run.summary)) as { id: number };
    return { ...run, id: Number(row.id), runAt };
  }

  latestRun(name: string): ModelRun | null {
    const row = this.#db
      .prepare('SELECT * FROM model_runs WHERE name = ? ORDER BY id DESC LIMIT 1')
      .get(name) as Record<string, SqlValue> | undefined;
    if (!row) return null;
    return {
      id: Number(row.id),
      name: String(row.name),
      version: Number(row.version),
      runAt: String(row.run_at),
      asOf: String(row.as_of),
      rows: Number(row.rows),
      summary: JSON.parse(String(row.summary)),
    };
  }
}
