import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/index.ts';
import { enqueuePeriod } from '../../../app/jobs/enqueue-period.ts';
import type { JobKind } from '../../../app/jobs/kinds.ts';
import type { JobPayload, JobQueue } from '../../../app/jobs/queue.ts';

/** Records what would be enqueued; the second enqueue of an identical payload reports "present". */
function recordingQueue(): { queue: JobQueue; sent: Array<{ kind: JobKind; payload: JobPayload }> } {
  const sent: Array<{ kind: JobKind; payload: JobPayload }> = [];
  const seen = new Set<string>();
  const queue = {
    async enqueue(kind: JobKind, payload: JobPayload) {
      const key = `${kind}:${JSON.stringify(payload)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      sent.push({ kind, payload });
      return true;
    },
  } as unknown as JobQueue;
  return { queue, sent };
}

async function configWith(jobs: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-enqueue-'));
  const file = path.join(dir, 'scorebridge.yaml');
  writeFileSync(file, `version: 1\nconnectors: {}\n${jobs}`);
  return loadConfig(file, {});
}

describe('a workflow schedule tick on the job queue', () => {
  it('enqueues one tick job per partition, each naming its slice', async () => {
    const { queue, sent } = recordingQueue();
    const loaded = await configWith('jobs:\n  workflowPartitions: 3\n');
    const result = await enqueuePeriod(queue, loaded, 'workflows', '2026-12-07T10:00:00.000Z');
    expect(sent.map((job) => job.payload.partition)).toEqual([
      { index: 0, count: 3 },
      { index: 1, count: 3 },
      { index: 2, count: 3 },
    ]);
    expect(result.added).toEqual([
      'workflow tick, part 1 of 3',
      'workflow tick, part 2 of 3',
      'workflow tick, part 3 of 3',
    ]);
    const again = await enqueuePeriod(queue, loaded, 'workflows', '2026-12-07T10:00:00.000Z');
    expect(again.added).toEqual([]);
    expect(again.present).toHaveLength(3);
  });

  it('enqueues a single unpartitioned tick by default', async () => {
    const { queue, sent } = recordingQueue();
    const loaded = await configWith('');
    await enqueuePeriod(queue, loaded, 'workflows', '2026-12-07T10:00:00.000Z');
    expect(sent).toEqual([
      {
        kind: 'workflows',
        payload: { period: '2026-12-07T10:00:00.000Z', partition: { index: 0, count: 1 } },
      },
    ]);
  });
});
