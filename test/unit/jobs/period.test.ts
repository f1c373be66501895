import { PgBoss } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { jobId } from '../../../app/jobs/job-id.ts';
import { periodOf } from '../../../app/jobs/period.ts';

// previewSchedule reads the cron alone; the instance never connects.
const boss = new PgBoss({ connectionString: 'postgres://127.0.0.1:1/unused' });

describe('the period a schedule tick enqueues for', () => {
  it('is the latest cron occurrence at or before now, the same for every scheduler', () => {
    const at = (iso: string) => periodOf(boss, '*/15 * * * *', 'UTC', new Date(iso));
    expect(at('2026-12-07T10:15:00.400Z')).toBe('2026-12-07T10:15:00.000Z');
    expect(at('2026-12-07T10:29:59.000Z')).toBe('2026-12-07T10:15:00.000Z');
    // A catch-up at start enqueues the period the last tick belonged to.
    expect(at('2026-12-07T10:31:12.000Z')).toBe('2026-12-07T10:30:00.000Z');
  });

  it('finds daily and monthly occurrences far back, in the schedule time zone', () => {
    expect(periodOf(boss, '0 3 * * *', 'Europe/Madrid', new Date('2026-12-07T01:00:00Z'))).toBe(
      '2026-12-06T02:00:00.000Z',
    );
    expect(periodOf(boss, '0 0 1 * *', 'UTC', new Date('2026-12-31T23:00:00Z'))).toBe(
      '2026-12-01T00:00:00.000Z',
    );
  });

  it('gives a job an id from kind, key and period: equal inputs, equal ids; any difference, another id', () => {
    const id = jobId('sync', 'hubspot.contacts', '2026-12-07T10:15:00.000Z');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobId('sync', 'hubspot.contacts', '2026-12-07T10:15:00.000Z')).toBe(id);
    expect(jobId('sync', 'hubspot.companies', '2026-12-07T10:15:00.000Z')).not.toBe(id);
    expect(jobId('sync', 'hubspot.contacts', '2026-12-07T10:30:00.000Z')).not.toBe(id);
    expect(jobId('score', 'hubspot.contacts', '2026-12-07T10:15:00.000Z')).not.toBe(id);
  });
});
