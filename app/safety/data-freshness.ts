import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

const DAY_MS = 86_400_000;

export interface DataFreshness {
  /** The newest event in the store not after now (else the newest record update); null for an empty store. */
  readonly newestAt: string | null;
  /** What `newestAt` was read from. */
  readonly source: 'events' | 'records' | 'none';
  /** When the last successful sync of any stream finished. */
  readonly lastSyncAt: string | null;
  /** The instant the reading was taken (the injected clock). */
  readonly now: string;
}

function maxOf(db: SqlDatabase, sql: string, now: string): string | null {
  const row = db.prepare(sql).get(now) as { at: string | null } | undefined;
  return row?.at ?? null;
}

/**
 * How recent the store's data is. Events are the activity scores are made of; a store without
 * events (a CRM with records only) falls back to record updates. Instants after `now` (bad clocks,
 * typos such as 2099) are ignored, so one of them cannot make old data look fresh.
 */
export function readDataFreshness(db: SqlDatabase, now: Date): DataFreshness {
  const at = now.toISOString();
  const event = maxOf(
    db,
    'SELECT MAX(occurred_at) AS at FROM events WHERE occurred_at <= ? AND deleted = 0',
    at,
  );
  const lastSync = (
    db.prepare("SELECT MAX(finished_at) AS at FROM sync_runs WHERE status = 'succeeded'").get() as
      | { at: string | null }
      | undefined
  )?.at;
  const base = { lastSyncAt: lastSync ?? null, now: at };
  if (event !== null) return { newestAt: event, source: 'events', ...base };
  const records = [
    maxOf(db, 'SELECT MAX(updated_at) AS at FROM contacts WHERE updated_at <= ?', at),
    maxOf(db, 'SELECT MAX(updated_at) AS at FROM accounts WHERE updated_at <= ?', at),
    maxOf(db, 'SELECT MAX(updated_at) AS at FROM deals WHERE updated_at <= ?', at),
  ].filter((value): value is string => value !== null);
  if (records.length === 0) return { newestAt: null, source: 'none', ...base };
  return { newestAt: records.sort().at(-1)!, source: 'records', ...base };
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export interface DefaultAsOf {
  readonly asOf: string;
  /** One sentence: why this instant. */
  readonly reason: string;
}

/**
 * The as-of a command uses when none is given: the end of the latest complete day of data (00:00
 * UTC after it), so features describe whole days and never the wall clock's empty weeks after the
 * data stops. The day of the newest event counts as complete once a sync finished after it ended;
 * otherwise (a sync during that day, or data loaded without a sync) it may still be filling, and
 * the day before it is the latest complete one. An empty store falls back to now.
 */
export function defaultAsOf(freshness: DataFreshness): DefaultAsOf {
  if (freshness.newestAt === null)
    return { asOf: freshness.now, reason: 'the store holds no data yet, so as of now' };
  const newestMs = Date.parse(freshness.newestAt);
  const dayStart = startOfUtcDay(newestMs);
  const dayEnd = dayStart + DAY_MS;
  const synced = freshness.lastSyncAt !== null && Date.parse(freshness.lastSyncAt) >= dayEnd;
  const what = freshness.source === 'events' ? 'event' : 'record update';
  const newestDay = new Date(dayStart).toISOString().slice(0, 10);
  if (synced)
    return {
      asOf: new Date(dayEnd).toISOString(),
      reason: `the end of ${newestDay}, the day of the newest ${what} (a sync finished after that day ended)`,
    };
  return {
    asOf: new Date(dayStart).toISOString(),
    reason: `the end of ${new Date(dayStart - DAY_MS).toISOString().slice(0, 10)}: the newest ${what} is from ${newestDay}, which may not be complete yet`,
  };
}

/** "36 days 14 hours", "5 hours", "12 minutes": an age people read at a glance. */
export function ageInWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days >= 1)
    return hours % 24 === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(hours % 24, 'hour')}`;
  if (hours >= 1) return plural(hours, 'hour');
  return plural(minutes, 'minute');
}

export interface StalenessVerdict {
  readonly stale: boolean;
  readonly ageMs: number | null;
  readonly limitMs: number | null;
  readonly newestAt: string | null;
}

/** Whether the newest data is older than the limit, measured at the freshness reading's `now`. */
export function staleness(freshness: DataFreshness, limitMs: number | null): StalenessVerdict {
  const ageMs =
    freshness.newestAt === null ? null : Date.parse(freshness.now) - Date.parse(freshness.newestAt);
  return {
    stale: limitMs !== null && ageMs !== null && ageMs > limitMs,
    ageMs,
    limitMs,
    newestAt: freshness.newestAt,
  };
}
