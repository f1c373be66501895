import { dialectOf, type SqlDatabase } from '../sql/sql-database.ts';

/**
 * Secondary indexes on events that only reads need. Maintaining them row by row during a large
 * load costs most of the load's time (random inserts into big B-trees), while building them once
 * afterwards is a single sort. The store drops them when a load is large relative to the table and
 * rebuilds them before the next read, at close, and at open (so a crash mid-load heals itself).
 */
/**
 * An account's events in time order, with the columns real-time scoring measures (name, time,
 * value, person, deleted) so that read is answered from the index alone (see contact-reads.ts).
 */
export const EVENTS_ACCOUNT_INDEX =
  'CREATE INDEX IF NOT EXISTS events_account ON events (account_key, occurred_at, type, value, contact_key, deleted)';

/**
 * A person's events that name no account, with the same columns: an account's activity includes
 * them through its people. Partial, so it costs nothing where every event names its account, and
 * a store full of such events (web analytics keyed by e-mail) is not scanned whole per request.
 * Never deferred: the activity read names it (INDEXED BY), so it must always exist.
 */
export const EVENTS_WITHOUT_ACCOUNT_INDEX =
  'CREATE INDEX IF NOT EXISTS events_without_account ON events (contact_key, occurred_at, type, value, deleted) WHERE account_key IS NULL';

const DEFERRABLE_INDEXES = [
  'CREATE INDEX IF NOT EXISTS events_contact ON events (contact_key, occurred_at)',
  EVENTS_ACCOUNT_INDEX,
];
const DEFERRABLE_NAMES = ['events_contact', 'events_account'];

/** Events a load must bring before index deferral is considered. */
export const DEFER_AFTER_EVENTS = 50_000;

/**
 * On Postgres nothing is deferred: the events indexes are shared by every process on every host,
 * and one process dropping them would leave the others' reads scanning the table (and DROP INDEX
 * waits for every reader of events). They exist from the migrations, so there is nothing to build.
 */
export class DeferredIndexes {
  readonly #db: SqlDatabase;
  readonly #enabled: boolean;
  #deferred = false;
  #loaded = 0;
  #checked = false;

  constructor(db: SqlDatabase) {
    this.#db = db;
    this.#enabled = dialectOf(db) === 'sqlite';
  }

  /** Records events just written; defers the indexes when this load dwarfs what the table held. */
  noteLoaded(events: number): void {
    if (!this.#enabled) return;
    this.#loaded += events;
    if (this.#deferred || this.#checked || this.#loaded < DEFER_AFTER_EVENTS) return;
    this.#checked = true;
    const { n } = this.#db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
    // Worth it when the rebuild sorts not much more than what this load inserts.
    if (this.#loaded * 4 < Number(n)) return;
    for (const name of DEFERRABLE_NAMES) this.#db.exec(`DROP INDEX IF EXISTS ${name}`);
    this.#deferred = true;
  }

  /** Builds any missing index; called before reads that need them, at open and at close. */
  ensure(): void {
    if (!this.#enabled) return;
    for (const sql of DEFERRABLE_INDEXES) this.#db.exec(sql);
    this.#deferred = false;
    this.#loaded = 0;
    this.#checked = false;
  }

  ensureIfDeferred(): void {
    if (this.#deferred) this.ensure();
  }
}
