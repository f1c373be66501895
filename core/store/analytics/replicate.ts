import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { DuckDbEngine } from './duckdb-engine.ts';
import {
  ACCOUNTS,
  CONTACTS,
  createTableSql,
  DEALS,
  EVENTS,
  IDENTITIES,
  REPLICA_LAYOUT,
  REPLICA_TABLES,
  type ReplicaTable,
} from './replica-schema.ts';
import { REPLICA_VIEWS } from './replica-views.ts';

/** What one refresh copied. */
export interface ReplicaRefresh {
  /** The replica was (re)built from nothing: new, another store, or an older layout. */
  readonly rebuilt: boolean;
  readonly eventsAdded: number;
  readonly eventsChanged: number;
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

function storeMarks(db: DatabaseSync): StoreMarks {
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
function* storeRows(db: DatabaseSync, sql: string, params: SQLInputValue[] = []): Iterable<unknown[]> {
  const statement = db.prepare(sql);
  statement.setReturnArrays(true);
  for (const row of statement.iterate(...params)) yield row as unknown as unknown[];
}

async function copyWhole(db: DatabaseSync, engine: DuckDbEngine, table: ReplicaTable): Promise<number> {
  await engine.exec(`DELETE FROM ${table.name}`);
  return engine.append(
    table.name,
    table.columns.map((c) => c.type),
    storeRows(db, table.source),
  );
}

/** Events copied per replica transaction: bounds the memory DuckDB holds for uncommitted rows. */
const EVENT_SLICE = 1_000_000;

/**
 * Brings the analytics replica up to date with the store, copying only what changed: events added
 * since the last refresh (by id; ids only grow), events rewritten since (by change sequence), and
 * the entity and deal tables when their revision moved. Events are copied in slices of a million,
 * each committed with the replica's own high-water mark, so memory stays flat on a large first
 * copy and a refresh killed half-way resumes where it stopped; the rest commits in one transaction.
 */
export async function refreshReplica(db: DatabaseSync, engine: DuckDbEngine): Promise<ReplicaRefresh> {
  // One read transaction: every store read below sees the same snapshot, whatever a sync running
  // alongside commits meanwhile (WAL readers never block writers).
  db.exec('BEGIN');
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

async function refreshFromSnapshot(db: DatabaseSync, engine: DuckDbEngine): Promise<ReplicaRefresh> {
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
      for (const table of REPLICA_TABLES) await engine.exec(`DROP TABLE IF EXISTS ${table.name}`);
      for (const table of REPLICA_TABLES) await engine.exec(createTableSql(table));
      for (const view of REPLICA_VIEWS) await engine.exec(view);
      await writeMarks(engine, next);
    });
  }
  let current = marks!;
  let eventsAdded = 0;
  // Rows past the mark are left from a slice that never committed its mark (cannot happen with
  // one transaction per slice, but costs one pass of a column to be sure).
  await engine.exec(`DELETE FROM events WHERE id > ${current.lastEventId}`);
  while (current.lastEventId < maxId) {
    const from = current.lastEventId;
    const to = Math.min(maxId, from + EVENT_SLICE);
    const next = { ...current, lastEventId: to };
    eventsAdded += await inTransaction(engine, async () => {
      const added = await engine.append(
        EVENTS.name,
        EVENTS.columns.map((c) => c.type),
        storeRows(db, `${EVENTS.source} WHERE id > ? AND id <= ? ORDER BY id`, [from, to]),
      );
      await writeMarks(engine, next);
      return added;
    });
    current = next;
  }
  return inTransaction(engine, async () => {
    let eventsChanged = 0;
    if (store.eventChangeSeq > current.eventChangeSeq) {
      await engine.exec('CREATE OR REPLACE TEMP TABLE changed_events AS SELECT * FROM events LIMIT 0');
      eventsChanged = await engine.append(
        'changed_events',
        EVENTS.columns.map((c) => c.type),
        storeRows(db, `${EVENTS.source} WHERE changed_seq > ? AND id <= ?`, [
          current.eventChangeSeq,
          current.lastEventId,
        ]),
      );
      await engine.exec('DELETE FROM events WHERE id IN (SELECT id FROM changed_events)');
      await engine.exec('INSERT INTO events SELECT * FROM changed_events');
      await engine.exec('DROP TABLE changed_events');
    }
    const entitiesCopied = current.entitiesRevision !== store.entitiesRevision;
    if (entitiesCopied) {
      for (const table of [IDENTITIES, CONTACTS, ACCOUNTS]) await copyWhole(db, engine, table);
    }
    const dealsCopied = current.dealsRevision !== store.dealsRevision;
    if (dealsCopied) await copyWhole(db, engine, DEALS);
    await writeMarks(engine, { ...store, layout: REPLICA_LAYOUT, lastEventId: current.lastEventId });
    return {
      rebuilt: fresh,
      eventsAdded,
      eventsChanged,
      entitiesCopied,
      dealsCopied,
      seconds: (performance.now() - started) / 1000,
    };
  });
}
