import type { Clock } from '../../clock.ts';
import type { Cursor, SourceBatch } from '../../connectors/source.ts';
import {
  defaultEmailNormalization,
  type EmailNormalization,
  emailIdentityKey,
  normalizeEmail,
} from '../../identity/normalize.ts';
import type {
  Account,
  Contact,
  Deal,
  EntityType,
  ResolvedEvent,
  Score,
  SourceRef,
} from '../../schema/index.ts';
import { sourceKey } from '../../schema/index.ts';
import type {
  BatchResult,
  CanonicalStore,
  EntityEvents,
  EventQuery,
  IterateOptions,
  MergeRecord,
  QuarantinedRecord,
  ScoreDistributionRow,
  StoreCounts,
  StreamStatus,
} from '../canonical-store.ts';
import { dialectOf, type SqlDatabase, type SqlValue } from '../sql/sql-database.ts';
import { applyBatch } from './apply-batch.ts';
import { ContactReads } from './contact-reads.ts';
import { dealsForQuery } from './deals-for.ts';
import { DeferredIndexes } from './deferred-indexes.ts';
import { entityEventsQuery, groupByEntity } from './entity-events.ts';
import { ACCOUNT_SELECT, activeEntity, CONTACT_SELECT, DEAL_SELECT, EVENT_SELECT } from './queries.ts';
import { SqliteRereads } from './rereads.ts';
import { toAccount, toContact, toDeal, toEvent, toScore } from './row-mappers.ts';
import { saveScores, updateScoreTiers } from './save-scores.ts';
import { inTransaction, StatementCache } from './sql.ts';
import { counts, merges, quarantined, scoreDistribution } from './store-summaries.ts';
import { StreamLocks } from './stream-lock.ts';
import {
  finishSyncRun,
  inProgress,
  liveRun,
  readCursor,
  type SyncRunOutcome,
  startSyncRun,
  streamStatus,
} from './sync-runs.ts';

export interface SqliteStoreOptions {
  readonly clock: Clock;
  /** Tie-break order of systems when two sources disagree on a field (see identity/survivorship.ts). */
  readonly systemPriority?: readonly string[];
  readonly emailNormalization?: EmailNormalization;
}

const DEFAULT_PAGE = 1000;

/**
 * The canonical store on either dialect: the embedded default, one SQLite file in WAL mode through
 * the built-in node:sqlite (core/store/sqlite/open.ts), or one connection to a Postgres database
 * shared by every process and host (core/store/postgres/open.ts). The statements are the same; the
 * few that differ come from dialect-sql.ts. (The name predates Postgres and is kept for imports.)
 */
export class SqliteCanonicalStore implements CanonicalStore {
  readonly database: SqlDatabase;
  readonly #sql: StatementCache;
  /** Postgres only: the per-stream sync locks this connection holds. */
  readonly #locks: StreamLocks | null;
  readonly #options: Required<SqliteStoreOptions>;
  readonly #indexes: DeferredIndexes;
  #contactReads: ContactReads | null = null;
  readonly rereads: SqliteRereads;

  constructor(database: SqlDatabase, options: SqliteStoreOptions) {
    this.database = database;
    this.#sql = new StatementCache(database);
    const postgres = dialectOf(database) === 'postgres';
    // Instants without an offset read as UTC, as SQLite reads them (see dialect-sql.ts epochMs).
    if (postgres) database.exec("SET TIME ZONE 'UTC'");
    this.#locks = postgres ? new StreamLocks(database) : null;
    this.#indexes = new DeferredIndexes(database);
    this.#indexes.ensure();
    this.#options = {
      clock: options.clock,
      systemPriority: options.systemPriority ?? [],
      emailNormalization: options.emailNormalization ?? defaultEmailNormalization,
    };
    this.rereads = new SqliteRereads(this.#sql, options.clock);
  }

  #now(): string {
    return this.#options.clock.now().toISOString();
  }

  async applyBatch(batch: SourceBatch): Promise<BatchResult> {
    const result = inTransaction(this.database, () =>
      applyBatch(this.#sql, batch, {
        now: () => this.#now(),
        systemPriority: this.#options.systemPriority,
        emailNormalization: this.#options.emailNormalization,
        bulkEvents: this.#locks !== null,
      }),
    );
    let events = 0;
    for (const record of batch.records) if (record.kind === 'event') events++;
    this.#indexes.noteLoaded(events);
    return result;
  }

  async getCursor(stream: string): Promise<Cursor | null> {
    return readCursor(this.#sql, stream);
  }

  async startSyncRun(stream: string): Promise<number> {
    const locks = this.#locks;
    if (locks === null)
      return inTransaction(this.database, () => startSyncRun(this.#sql, stream, this.#now(), true));
    if (!locks.tryAcquire(stream)) throw inProgress(stream, liveRun(this.#sql, stream));
    try {
      const runId = inTransaction(this.database, () => startSyncRun(this.#sql, stream, this.#now(), false));
      locks.bind(runId, stream);
      return runId;
    } catch (error) {
      locks.release(stream);
      throw error;
    }
  }

  async finishSyncRun(runId: number, outcome: SyncRunOutcome): Promise<void> {
    try {
      finishSyncRun(this.#sql, runId, outcome, this.#now());
    } finally {
      this.#locks?.releaseRun(runId);
    }
  }

  async streamStatus(): Promise<StreamStatus[]> {
    return streamStatus(this.#sql);
  }

  async getContact(id: string): Promise<Contact | null> {
    const row = this.#sql.get(`${CONTACT_SELECT} WHERE c.id = ?`).get(id);
    return row ? toContact(row) : null;
  }

  async findContactBySource(ref: SourceRef): Promise<Contact | null> {
    return this.#contactByIdentity(sourceKey(ref));
  }

  async findContactByEmail(email: string): Promise<Contact | null> {
    const normalized = normalizeEmail(email, this.#options.emailNormalization);
    return normalized ? this.#contactByIdentity(emailIdentityKey(normalized)) : null;
  }

  async #contactByIdentity(identityKey: string): Promise<Contact | null> {
    const row = this.#sql
      .get("SELECT entity_id FROM identities WHERE identity_key = ? AND entity_type = 'contact'")
      .get(identityKey) as { entity_id: string } | undefined;
    return row ? this.getContact(await this.resolveId('contact', row.entity_id)) : null;
  }

  async contactsOfAccount(accountId: string): Promise<Contact[]> {
    const rows = this.#sql
      .get(
        `${CONTACT_SELECT} WHERE c.account_key IN (SELECT identity_key FROM identities WHERE entity_type = 'account' AND entity_id = ?)
           AND c.deleted_at IS NULL AND c.merged_into IS NULL ORDER BY c.created_at NULLS FIRST, c.id`,
      )
      .all(accountId);
    return rows.map(toContact);
  }

  async getAccount(id: string): Promise<Account | null> {
    const row = this.#sql.get(`${ACCOUNT_SELECT} WHERE a.id = ?`).get(id);
    return row ? toAccount(row) : null;
  }

  async resolveId(entityType: EntityType, id: string): Promise<string> {
    const table = entityType === 'contact' ? 'contacts' : 'accounts';
    let current = id;
    for (let hops = 0; hops < 32; hops++) {
      const row = this.#sql.get(`SELECT merged_into FROM ${table} WHERE id = ?`).get(current) as
        | { merged_into: string | null }
        | undefined;
      if (!row?.merged_into) return current;
      current = row.merged_into;
    }
    return current;
  }

  iterateContacts(options: IterateOptions = {}): AsyncIterable<Contact[]> {
    const where = options.includeInactive ? 'c.id > ?' : `c.id > ? AND ${activeEntity('c')}`;
    return this.#pages(
      `${CONTACT_SELECT} WHERE ${where} ORDER BY c.id LIMIT ?`,
      [],
      'id',
      toContact,
      options,
      '',
    );
  }

  iterateAccounts(options: IterateOptions = {}): AsyncIterable<Account[]> {
    const where = options.includeInactive ? 'a.id > ?' : `a.id > ? AND ${activeEntity('a')}`;
    return this.#pages(
      `${ACCOUNT_SELECT} WHERE ${where} ORDER BY a.id LIMIT ?`,
      [],
      'id',
      toAccount,
      options,
      '',
    );
  }

  iterateEvents(query: EventQuery = {}): AsyncIterable<ResolvedEvent[]> {
    this.#indexes.ensureIfDeferred();
    const filters = ['e.id > ?', 'e.deleted = 0'];
    const params: SqlValue[] = [];
    if (query.types && query.types.length > 0) {
      filters.push(`e.type IN (${query.types.map(() => '?').join(', ')})`);
      params.push(...query.types);
    }
    if (query.from) {
      filters.push('e.occurred_at >= ?');
      params.push(query.from);
    }
    if (query.before) {
      filters.push('e.occurred_at < ?');
      params.push(query.before);
    }
    // Keyset parameter goes first in the WHERE clause, so it is prepended per page below.
    return this.#pages(
      `${EVENT_SELECT} WHERE ${filters.join(' AND ')} ORDER BY e.id LIMIT ?`,
      params,
      'id',
      toEvent,
      query,
      0,
    );
  }

  iterateDeals(options: IterateOptions = {}): AsyncIterable<Deal[]> {
    const where = options.includeInactive ? 'd.id > ?' : 'd.id > ? AND d.deleted = 0';
    return this.#pages(`${DEAL_SELECT} WHERE ${where} ORDER BY d.id LIMIT ?`, [], 'id', toDeal, options, 0);
  }

  async eventsFor(
    entityType: EntityType,
    entityIds: readonly string[],
    query: Omit<EventQuery, 'batchSize'> = {},
  ): Promise<EntityEvents[]> {
    if (entityIds.length === 0) return [];
    this.#indexes.ensureIfDeferred();
    const { sql, params } = entityEventsQuery(entityType, entityIds, query);
    const rows = this.database.prepare(sql).all(...params) as Record<string, SqlValue>[];
    return groupByEntity(entityIds, rows, toEvent);
  }

  /** One contact's events and deals through statements prepared once (real-time scoring). */
  contactReads(): ContactReads {
    this.#contactReads ??= new ContactReads(this.database, () => this.#indexes.ensureIfDeferred());
    return this.#contactReads;
  }

  /** Deals of these people or accounts (see deals-for.ts for how they resolve). */
  async dealsFor(entityType: EntityType, entityIds: readonly string[]): Promise<Deal[]> {
    if (entityIds.length === 0) return [];
    const { sql, params } = dealsForQuery(entityType, entityIds, dialectOf(this.database));
    // Real-time scoring asks for one account or its few people many times a second: keep those
    // statements prepared; pages of a batch read vary in size and are prepared per call.
    const statement = entityIds.length <= 16 ? this.#sql.get(sql) : this.database.prepare(sql);
    const rows = statement.all(...params) as Record<string, SqlValue>[];
    return rows.map(toDeal);
  }

  async *#pages<T>(
    sql: string,
    params: SqlValue[],
    keyColumn: string,
    map: (row: Record<string, unknown>) => T,
    options: IterateOptions,
    start: string | number,
  ): AsyncIterable<T[]> {
    const pageSize = options.batchSize ?? DEFAULT_PAGE;
    const statement = this.#sql.get(sql);
    let after: SqlValue = start;
    for (;;) {
      const rows = statement.all(after, ...params, pageSize) as Record<string, SqlValue>[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]![keyColumn] ?? null;
      yield rows.map(map);
      if (rows.length < pageSize) return;
    }
  }

  async saveScores(scores: readonly Score[]): Promise<void> {
    inTransaction(this.database, () => saveScores(this.#sql, scores));
  }

  async updateScoreTiers(
    scope: { readonly model: string; readonly entityType: EntityType; readonly computedAt: string },
    changes: readonly { readonly id: string; readonly tier: Score['tier'] }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    inTransaction(this.database, () => updateScoreTiers(this.#sql, scope, changes));
  }

  async currentScores(entityType: EntityType, entityId: string): Promise<Score[]> {
    const rows = this.#sql
      .get('SELECT * FROM scores WHERE entity_type = ? AND entity_id = ? ORDER BY model')
      .all(entityType, entityId);
    return rows.map(toScore);
  }

  iterateCurrentScores(
    model: string,
    options: Pick<IterateOptions, 'batchSize'> = {},
  ): AsyncIterable<Score[]> {
    return this.#pages(
      'SELECT * FROM scores WHERE entity_id > ? AND model = ? ORDER BY entity_id LIMIT ?',
      [model],
      'entity_id',
      toScore,
      options,
      '',
    );
  }

  async scoreHistory(entityType: EntityType, entityId: string, model?: string): Promise<Score[]> {
    const rows = model
      ? this.#sql
          .get(
            'SELECT * FROM score_history WHERE entity_type = ? AND entity_id = ? AND model = ? ORDER BY computed_at, id',
          )
          .all(entityType, entityId, model)
      : this.#sql
          .get('SELECT * FROM score_history WHERE entity_type = ? AND entity_id = ? ORDER BY computed_at, id')
          .all(entityType, entityId);
    return rows.map(toScore);
  }

  async scoreDistribution(): Promise<ScoreDistributionRow[]> {
    return scoreDistribution(this.#sql);
  }

  async merges(entityType?: EntityType): Promise<MergeRecord[]> {
    return merges(this.#sql, entityType);
  }

  async quarantined(stream?: string, limit = 100): Promise<QuarantinedRecord[]> {
    return quarantined(this.#sql, stream, limit);
  }

  async counts(): Promise<StoreCounts> {
    return counts(this.#sql);
  }

  async close(): Promise<void> {
    if (!this.database.isOpen) return;
    this.#indexes.ensureIfDeferred();
    this.database.close();
  }
}
