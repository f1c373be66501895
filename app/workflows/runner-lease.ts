import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { inTransaction } from '../../core/store/sqlite/sql.ts';
import { partitionLabel, type TickPartition } from '../../workflows/engine/index.ts';

interface LeaseRow {
  scope: string;
  part_index: number;
  part_count: number;
  owner: string;
  host: string;
  pid: number;
  acquired_at: string;
  expires_at: string;
}

/** A lease not renewed for this long is free: its holder died, possibly on another host. */
export const RUNNER_LEASE_TTL_MS = 5 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LeaseHeldError extends Error {
  constructor(row: LeaseRow) {
    const what = row.scope === 'all' ? 'the store' : `partition ${row.scope}`;
    super(
      `another workflow runner holds ${what} (pid ${row.pid} on ${row.host} since ${row.acquired_at}, ` +
        `lease until ${row.expires_at}); stop it first, wait for its lease to run out, or run plan (read-only) instead`,
    );
    this.name = 'LeaseHeldError';
  }
}

export class LeaseLostError extends Error {
  constructor(scope: string) {
    super(
      `this workflow runner's lease on ${scope === 'all' ? 'the store' : `partition ${scope}`} ran out and ` +
        'another runner took it over; this runner stops so two never work on the same entities',
    );
    this.name = 'LeaseLostError';
  }
}

/** Two leases overlap unless they are different partitions of the same count. */
function overlaps(row: LeaseRow, index: number, count: number): boolean {
  return Number(row.part_count) !== count || Number(row.part_index) === index;
}

/** A holder that can no longer work: its lease expired, or its process on this host is gone. */
function stale(row: LeaseRow, now: string): boolean {
  return row.expires_at <= now || (row.host === hostname() && !alive(Number(row.pid)));
}

export interface RunnerLease {
  readonly scope: string;
  /** Extends the lease; throws LeaseLostError when another runner took it over meanwhile. */
  renew(now: Date): void;
  release(): void;
}

/**
 * Takes the runner lease for the whole store or for one partition of it. One runner works on a
 * set of entities at a time: a whole-store lease excludes every other; partition leases of the
 * same count coexist. The lease lives in the store, so it holds across processes and hosts; the
 * holder renews it (see renew) and a lease nobody renewed within RUNNER_LEASE_TTL_MS, or whose
 * holder died on this host, is taken over. Runs in one store transaction, which on Postgres is
 * serialised store-wide, so two hosts cannot both take it.
 */
export function acquireRunnerLease(
  db: SqlDatabase,
  now: Date,
  options: { readonly partition?: TickPartition; readonly ttlMs?: number } = {},
): RunnerLease {
  const scope = partitionLabel(options.partition);
  const index = options.partition?.index ?? 0;
  const count = options.partition?.count ?? 1;
  const ttlMs = options.ttlMs ?? RUNNER_LEASE_TTL_MS;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const until = (at: Date) => new Date(at.getTime() + ttlMs).toISOString();
  inTransaction(db, () => {
    const at = now.toISOString();
    const rows = db
      .prepare('SELECT * FROM workflow_runner_leases ORDER BY scope')
      .all() as unknown as LeaseRow[];
    for (const row of rows) {
      if (stale(row, at)) db.prepare('DELETE FROM workflow_runner_leases WHERE scope = ?').run(row.scope);
      else if (overlaps(row, index, count)) throw new LeaseHeldError(row);
    }
    db.prepare(
      `INSERT INTO workflow_runner_leases (scope, part_index, part_count, owner, host, pid, acquired_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(scope, index, count, owner, hostname(), process.pid, at, until(now));
  });
  return {
    scope,
    renew(at: Date) {
      const result = db
        .prepare('UPDATE workflow_runner_leases SET expires_at = ? WHERE scope = ? AND owner = ?')
        .run(until(at), scope, owner);
      if (Number(result.changes) !== 1) throw new LeaseLostError(scope);
    },
    release() {
      db.prepare('DELETE FROM workflow_runner_leases WHERE scope = ? AND owner = ?').run(scope, owner);
    },
  };
}
