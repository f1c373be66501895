import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import type { SourceConnector } from '../../../core/connectors/source.ts';
import { silentLogger } from '../../../core/logger.ts';
import { openSqliteStore } from '../../../core/store/sqlite/index.ts';
import { runSync } from '../../../core/sync/run-sync.ts';
import { SyncInProgressError } from '../../../core/sync/sync-in-progress.ts';
import { batch, contact } from '../../helpers/records.ts';

/** A connector with one contact stream that yields one batch. */
function oneBatchConnector(): SourceConnector {
  return {
    name: 'crm',
    streams: () => [{ name: 'contacts', kind: 'contact' }],
    async *read() {
      yield batch('contacts', [contact('crm', '1', { email: 'ana@acme.example' })], { offset: 1 });
    },
  } as unknown as SourceConnector;
}

describe('one sync per stream at a time', () => {
  it('skips a stream a live process is syncing, and takes over one whose process died', async () => {
    const clock = new FixedClock('2026-11-02T00:00:00Z');
    const store = await openSqliteStore({
      path: join(mkdtempSync(join(tmpdir(), 'sb-sync-lock-')), 's.db'),
      clock,
    });
    try {
      const first = await store.startSyncRun('crm.contacts');
      await expect(store.startSyncRun('crm.contacts')).rejects.toBeInstanceOf(SyncInProgressError);

      const skipped = await runSync({
        store,
        connectors: [oneBatchConnector()],
        clock,
        logger: silentLogger(),
      });
      expect(skipped).toEqual([
        expect.objectContaining({ stream: 'crm.contacts', status: 'skipped', inserted: 0 }),
      ]);
      expect(skipped[0]?.error).toMatch(/already being synced by .*:\d+ since/);

      // The owner dies without finishing (SIGKILL): the next run marks its row interrupted and proceeds.
      store.database
        .prepare('UPDATE sync_runs SET owner = ? WHERE id = ?')
        .run(`${hostname()}:2147483646`, first);
      const resumed = await runSync({
        store,
        connectors: [oneBatchConnector()],
        clock,
        logger: silentLogger(),
      });
      expect(resumed).toEqual([expect.objectContaining({ status: 'succeeded', inserted: 1 })]);
      const runs = store.database.prepare('SELECT status, error FROM sync_runs ORDER BY id').all();
      expect(runs).toEqual([
        { status: 'failed', error: 'interrupted' },
        { status: 'succeeded', error: null },
      ]);
    } finally {
      await store.close();
    }
  });
});
