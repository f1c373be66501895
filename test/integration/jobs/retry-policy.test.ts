// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is how the config names a secret's variable.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/index.ts';
import { type JobPayload, type JobQueue, openJobQueue } from '../../../app/jobs/queue.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres-database.ts';

/**
 * A failed or abandoned job goes back to the queue as a retry. Two write-backs (or outbox drains) of
 * one key may both be waiting to retry: the queue must keep both, not refuse the second retry and
 * fail that job outright (pg-boss's `stately` policy allows one job per key in each state).
 */
describe('retries of jobs that share a key', () => {
  let database: TestDatabase;
  let queue: JobQueue;
  afterAll(async () => {
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await database?.drop();
  });

  it('keeps two failed write-backs of one connector waiting to retry, and two outbox drains', async () => {
    database = await createTestDatabase('retry');
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-retry-'));
    const file = path.join(dir, 'scorebridge.yaml');
    writeFileSync(
      file,
      'version: 1\nstore:\n  type: postgres\n  url: ${DATABASE_URL}\nconnectors: {}\njobs:\n  retryLimit: 3\n  retryDelaySeconds: 30\n',
    );
    const loaded = await loadConfig(file, { DATABASE_URL: database.url });
    queue = await openJobQueue(loaded.config.store, loaded.config.jobs, { supervise: false });
    const periods = ['2026-12-07T10:00:00.000Z', '2026-12-07T11:00:00.000Z'] as const;
    const cases: Array<{ kind: 'writeback' | 'outbox'; payloads: [JobPayload, JobPayload] }> = [
      {
        kind: 'writeback',
        payloads: [
          { connector: 'hubspot', period: periods[0] },
          { connector: 'hubspot', period: periods[1] },
        ],
      },
      { kind: 'outbox', payloads: [{ period: periods[0] }, { period: periods[1] }] },
    ];
    for (const { kind, payloads } of cases) {
      const [first, second] = payloads;
      // The first job runs and fails (its worker was lost) while the second waits; then the second
      // runs and fails while the first waits out its retry delay.
      expect(await queue.enqueue(kind, first)).toBe(true);
      const [running] = await queue.boss.fetch(kind);
      expect(running, `${kind}: the first job`).toBeDefined();
      expect(await queue.enqueue(kind, second)).toBe(true);
      await queue.boss.fail(kind, running!.id, { message: 'worker lost' });
      const [next] = await queue.boss.fetch(kind);
      expect(next?.id, `${kind}: the second job`).not.toBe(running!.id);
      await queue.boss.fail(kind, next!.id, { message: 'worker lost' }).catch(() => undefined);
      for (const id of [running!.id, next!.id]) {
        const job = await queue.boss.getJobById(kind, id);
        expect(job?.state, `${kind} ${id}`).toBe('retry');
      }
    }
  });
});
