import { dialectOf, type SqlDatabase, type SqlValue } from '../sql/sql-database.ts';
import type { DuckDbEngine } from './duckdb-engine.ts';
import {
  CHANGES_TABLE,
  keepPrevious,
  nextRefreshId,
  recordDealChanges,
  recordEntityChanges,
  recordEventSubjects,
  SCORED_TABLE,
} from './replica-changes.ts';
import {
  ACCOUNTS,
  CONTACTS,
  columnsSql,
  createTableSql,
  DEALS,
  EVENTS,
  IDENTITIES,
  REPLICA_LAYOUT,
  REPLICA_TABLES,
  type ReplicaTable,
} from './replica-schema.ts';
import { REPLICA_VIEWS } from './replica-views.ts';
import {
  createContactAccounts,
  keepPreviousIdentities,
  reresolveChangedSubjects,
  resolvedEventsSql,
} from './resolve-events.ts';

/** What one refresh copied. */
export interface ReplicaRefresh {
  /** The replica was (re)built from nothing: new, another store, or an older layout. */
  readonly rebuilt: boolean;
  readonly eventsAdded: number;
  readonly eventsChanged: number;
  /** Events whose subject was resolved again because identities or a person's company changed. */
  readonly eventsResolvedAgain: number;
  readonly entitiesCopied: boolean;
  readonly dealsCopied: boolean;
  readonly seconds: number;
}

interface StoreMarks {
  readonly storeId: string;
  readonly entitiesRevision: string;
  readonly dealsRevision: string;
  readonly eventChangeSeq: number;
}

interface ReplicaMarks extends StoreMarks {
  readonly layout: number;
  readonly lastEventId: number;
}

function storeMarks(db: SqlDatabase): StoreMarks {
  const rows = db.prepare('SELECT key, value FROM store_meta').all() as { key: string; value: string }[];
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  return {
    storeId: meta.get('store_id') ?? '',
    entitiesRevision: meta.get('entities_revision') ?? '0',
    dealsRevision: meta.get('deals_revision') ?? '0',
    eventChangeSeq: Number(meta.get('event_change_seq') ?? 0),
  };
}

async function replicaMarks(engine: DuckDbEngine): Promise<ReplicaMarks | null> {
  await engine.exec('CREATE TABLE IF NOT EXISTS replica_meta (key VARCHAR, value VARCHAR)');
  const rows = await engine.rows<{ key: string; value: string }>('SELECT key, value FROM replica_meta');
  if (rows.length === 0) return null;
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  return {
    layout: Number(meta.get('layout') ?? 0),
    storeId: meta.get('store_id') ?? '',
    entitiesRevision: meta.get('entities_revision') ?? '',
    dealsRevision: meta.get('deals_revision') ?? '',
    eventChangeSeq: Number(meta.get('event_change_seq') ?? 0),
    lastEventId: Number(meta.get('last_event_id') ?? 0),
  };
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function writeMarks(engine: DuckDbEngine, marks: ReplicaMarks): Promise<void> {
  const entries: [string, string | number][] = [
    ['layout', marks.layout],
    ['store_id', marks.storeId],
    ['entities_revision', marks.entitiesRevision],
    ['deals_revision', marks.dealsRevision],
    ['event_change_seq', marks.eventChangeSeq],
    ['last_event_id', marks.lastEventId],
  ];
  await engine.exec('DELETE FROM replica_meta');
  await engine.exec(
    `INSERT INTO replica_meta VALUES ${entries.map(([k, v]) => `(${quote(k)}, ${quote(String(v))})`).join(', ')}`,
  );
}

/** Rows of a store query as arrays, streamed (node:sqlite builds no object per row this way). */
function* storeRows(db: SqlDatabase, sql: string, params: SqlValue[] = []): Iterable<unknown[]> {
  const statement = db.prepare(sql);
  statement.setReturnArrays(true);
  for (const row of statement.iterate(...params)) yield row as unknown as unknown[];
}

async function copyWhole(db: SqlDatabase, engine: DuckDbEngine, table: ReplicaTable): Promise<number> {
  await engine.exec(`DELETE FROM ${table.name}`);
  return engine.append(
    table.name,
    table.columns.map((c) => c.type),
    storeRows(db, table.source(dialectOf(db))),
  );
}

/** Events copied per replica transaction: bounds the memory DuckDB holds for uncommitted rows (measured: 250k keeps a first copy of the demo under 0.7 GB). */
const EVENT_SLICE = 250_000;

/**
 * Brings the analytics replica up to date with the store, copying only what changed: events added
 * since the last refresh (by id; ids only grow), events rewritten since (by change sequence), and
 * the entity and deal tables when their revision moved. Events are copied in slices of a million,
 * each committed with the replica's own high-water mark, so memory stays flat on a large first
 * copy and a refresh killed half-way resumes where it stopped; the rest commits in one transaction.
 */
export async function refreshReplica(db: SqlDatabase, engine: DuckDbEngine): Promise<ReplicaRefresh> {
  // One read transaction: every store read below sees the same snapshot, whatever a sync running
  // alongside commits meanwhile (WAL readers never block writers). On Postgres a plain BEGIN would
  // take the store's write lock (see postgres/translate.ts) and hold every sync off for the whole
  // refresh; a read-only repeatable-read transaction gives the snapshot without it.
  db.exec(dialectOf(db) === 'postgres' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  try {
    return await refreshFromSnapshot(db, engine);
  } finally {
    db.exec('COMMIT');
  }
}

async function inTransaction<T>(engine: DuckDbEngine, work: () => Promise<T>): Promise<T> {
  await engine.exec('BEGIN TRANSACTION');
  try {
    const result = await work();
    await engine.exec('COMMIT');
    return result;
  } catch (error) {
    await engine.exec('ROLLBACK');
    throw error;
  }
}

async function refreshFromSnapshot(db: SqlDatabase, engine: DuckDbEngine): Promise<ReplicaRefresh> {
  const started = performance.now();
  const store = storeMarks(db);
  let marks = await replicaMarks(engine);
  const maxId = Number((db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM events').get() as { m: number }).m);
  const fresh =
    !marks || marks.layout !== REPLICA_LAYOUT || marks.storeId !== store.storeId || marks.lastEventId > maxId;
  if (fresh) {
    // A new replica (or one of another store, an older layout, or a store restored from an older
    // backup): start empty; the copies below fill it. Rewritten events are all in the copy.
    marks = { ...store, entitiesRevision: '', dealsRevision: '', layout: REPLICA_LAYOUT, lastEventId: 0 };
    const next = marks;
    await inTransaction(engine, async () => {
      for (const table of [
        ...REPLICA_TABLES.map((t) => t.name),
        'contact_accounts',
        'replica_changes',
        'replica_scored',
      ])
        await engine.exec(`DROP TABLE IF EXISTS ${table}`);
      await engine.exec(CHANGES_TABLE);
      await engine.exec(SCORED_TABLE);
      for (const table of REPLICA_TABLES) await engine.exec(createTableSql(table));
      await createContactAccounts(engine);
      for (const view of REPLICA_VIEWS) await engine.exec(view);
      await writeMarks(engine, next);
    });
  }
  let current = marks!;
  // What this refresh changes is recorded for `score --changed`; a new replica has nothing scored.
  const refreshId = await nextRefreshId(engine);
  await engine.exec(SCORED_TABLE);
  const record = fresh ? null : (relation: string) => recordEventSubjects(engine, refreshId, relation);
  // People and companies first, so new events are resolved against them; events whose subject
  // moved (a merge, a person changing company, an identity key seen for the first time) are
  // resolved again in the same transaction.
  const entitiesCopied = current.entitiesRevision !== store.entitiesRevision;
  let eventsResolvedAgain = 0;
  if (entitiesCopied) {
    const next = { ...current, entitiesRevision: store.entitiesRevision };
    eventsResolvedAgain = await inTransaction(engine, async () => {
      await keepPreviousIdentities(engine);
      if (record) await keepPrevious(engine, ['contacts', 'accounts']);
      for (const table of [IDENTITIES, CONTACTS, ACCOUNTS]) await copyWhole(db, engine, table);
      const moved = await reresolveChangedSubjects(engine, record);
      if (record) await recordEntityChanges(engine, refreshId);
      await writeMarks(engine, next);
      return moved;
    });
    current = next;
  }
  let eventsAdded = 0;
  // Rows past the mark are left from a slice that never committed its mark (cannot happen with
  // one transaction per slice, but costs one pass of a column to be sure).
  await engine.exec(`DELETE FROM events WHERE id > ${current.lastEventId}`);
  while (current.lastEventId < maxId) {
    const from = current.lastEventId;
    const to = Math.min(maxId, from + EVENT_SLICE);
    const next = { ...current, lastEventId: to };
    eventsAdded += await inTransaction(engine, async () => {
      const added = await appendResolved(
        db,
        engine,
        `${EVENTS.source(dialectOf(db))} WHERE id > ? AND id <= ? ORDER BY id`,
        [from, to],
      );
      if (record)
        await record(`(SELECT contact_id, account_id FROM events WHERE id > ${from} AND id <= ${to})`);
      await writeMarks(engine, next);
      return added;
    });
    current = next;
  }
  const last = current;
  return inTransaction(engine, async () => {
    let eventsChanged = 0;
    if (store.eventChangeSeq > last.eventChangeSeq) {
      eventsChanged = await appendResolved(
        db,
        engine,
        `${EVENTS.source(dialectOf(db))} WHERE changed_seq > ? AND id <= ?`,
        [last.eventChangeSeq, last.lastEventId],
        'DELETE FROM events WHERE id IN (SELECT id FROM events_in)',
        record,
      );
    }
    const dealsCopied = last.dealsRevision !== store.dealsRevision;
    if (dealsCopied) {
      if (record) await keepPrevious(engine, ['deals']);
      await copyWhole(db, engine, DEALS);
      if (record) await recordDealChanges(engine, refreshId);
    }
    await writeMarks(engine, { ...store, layout: REPLICA_LAYOUT, lastEventId: last.lastEventId });
    return {
      rebuilt: fresh,
      eventsAdded,
      eventsChanged,
      eventsResolvedAgain,
      entitiesCopied,
      dealsCopied,
      seconds: (performance.now() - started) / 1000,
    };
  });
}

/**
 * Copies store events into the replica with their subject resolved: raw rows through the appender
 * into a staging table, then one set-wise INSERT that resolves them. `before` runs between the two
 * (replacing rewritten events).
 */
async function appendResolved(
  db: SqlDatabase,
  engine: DuckDbEngine,
  sql: string,
  params: SqlValue[],
  before?: string,
  /** Records the replaced rows' subjects and the new ones' (rewritten events). */
  record?: ((relation: string) => Promise<void>) | null,
): Promise<number> {
  await engine.exec(`CREATE OR REPLACE TEMP TABLE events_in (${columnsSql(EVENTS)})`);
  const count = await engine.append(
    'events_in',
    EVENTS.columns.map((c) => c.type),
    storeRows(db, sql, params),
  );
  const subjects = '(SELECT contact_id, account_id FROM events WHERE id IN (SELECT id FROM events_in))';
  if (count > 0 && record) await record(subjects);
  if (before) await engine.exec(before);
  if (count > 0) await engine.exec(`INSERT INTO events ${resolvedEventsSql('events_in')}`);
  if (count > 0 && record) await record(subjects);
  await engine.exec('DROP TABLE events_in');
  return count;
}
