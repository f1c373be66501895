import { hostname } from 'node:os';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { inTransaction } from '../../core/store/sqlite/sql.ts';

interface LeaseRow {
  owner: string;
  host: string;
  pid: number;
  acquired_at: string;
}

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
    super(
      `another workflow runner holds the store (pid ${row.pid} on ${row.host} since ${row.acquired_at}); ` +
        'stop it first, or run plan (read-only) instead',
    );
    this.name = 'LeaseHeldError';
  }
}

/**
 * Takes the single-runner lease. A lease left by a process that died on this host is taken over
 * (that is how a killed runner restarts at once); one held on another host must be released there.
 */
export function acquireRunnerLease(db: SqlDatabase, now: Date): { release(): void } {
  const owner = `${hostname()}:${process.pid}`;
  inTransaction(db, () => {
    const row = db.prepare('SELECT owner, host, pid, acquired_at FROM workflow_lease WHERE id = 1').get() as
      | LeaseRow
      | undefined;
    if (row && row.owner !== owner && !(row.host === hostname() && !alive(Number(row.pid))))
      throw new LeaseHeldError(row);
    db.prepare(
      `INSERT INTO workflow_lease (id, owner, host, pid, acquired_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid, acquired_at = excluded.acquired_at`,
    ).run(owner, hostname(), process.pid, now.toISOString());
  });
  return {
    release() {
      db.prepare('DELETE FROM workflow_lease WHERE id = 1 AND owner = ?').run(owner);
    },
  };
}
