import { hostname } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { productMigrations } from '../../../../app/store.ts';
import {
  acquireRunnerLease,
  LeaseHeldError,
  LeaseLostError,
} from '../../../../app/workflows/runner-lease.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { SqlDatabase } from '../../../../core/store/sql/sql-database.ts';
import { migrate } from '../../../../core/store/sqlite/migrate.ts';
import { canonicalMigrations } from '../../../../core/store/sqlite/migrations.ts';
import { openPostgresTestStore } from '../../../helpers/postgres-store.ts';

const T0 = '2026-03-02T09:00:00.000Z';
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function sqliteDb(): Promise<SqlDatabase> {
  const db = new DatabaseSync(':memory:');
  migrate(db, [...canonicalMigrations, ...productMigrations], () => T0);
  cleanup = async () => db.close();
  return db;
}

async function postgresDb(): Promise<SqlDatabase> {
  const pg = await openPostgresTestStore(new FixedClock(T0));
  cleanup = () => pg.dispose();
  return pg.db;
}

describe.each([
  { backend: 'SQLite', open: sqliteDb },
  { backend: 'Postgres', open: postgresDb },
])('workflow runner leases ($backend)', ({ open }) => {
  it('lets partitions of one count run together and refuses anything overlapping', async () => {
    const db = await open();
    const now = new Date(T0);
    const zero = acquireRunnerLease(db, now, { partition: { index: 0, count: 2 } });
    const one = acquireRunnerLease(db, now, { partition: { index: 1, count: 2 } });
    expect(() => acquireRunnerLease(db, now, { partition: { index: 1, count: 2 } })).toThrow(
      /another workflow runner holds partition 1\/2/,
    );
    expect(() => acquireRunnerLease(db, now, { partition: { index: 0, count: 3 } })).toThrow(LeaseHeldError);
    expect(() => acquireRunnerLease(db, now)).toThrow(LeaseHeldError);
    zero.release();
    one.release();
    const whole = acquireRunnerLease(db, now);
    expect(() => acquireRunnerLease(db, now, { partition: { index: 0, count: 2 } })).toThrow(
      /holds the store/,
    );
    whole.release();
  });

  it('hands a lease nobody renewed in time to the next runner, and the old holder learns it lost it', async () => {
    const db = await open();
    const first = acquireRunnerLease(db, new Date(T0), { ttlMs: 60_000 });
    first.renew(new Date('2026-03-02T09:00:30.000Z'));
    // The holder is alive (this process), as a runner on another host would be: only expiry frees it.
    expect(() => acquireRunnerLease(db, new Date('2026-03-02T09:01:29.000Z'))).toThrow(LeaseHeldError);
    const next = acquireRunnerLease(db, new Date('2026-03-02T09:01:30.000Z'));
    expect(() => first.renew(new Date('2026-03-02T09:01:31.000Z'))).toThrow(LeaseLostError);
    next.renew(new Date('2026-03-02T09:01:31.000Z'));
    next.release();
  });

  it('takes over at once from a holder whose process on this host is gone', async () => {
    const db = await open();
    db.prepare(
      `INSERT INTO workflow_runner_leases (scope, part_index, part_count, owner, host, pid, acquired_at, expires_at)
       VALUES ('all', 0, 1, ?, ?, 2147483646, ?, '2999-01-01T00:00:00.000Z')`,
    ).run(`${hostname()}:2147483646:dead`, hostname(), T0);
    expect(() => acquireRunnerLease(db, new Date(T0)).release()).not.toThrow();
  });
});
